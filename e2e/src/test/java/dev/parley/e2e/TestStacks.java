package dev.parley.e2e;

import dev.parley.e2e.stack.LocalStack;
import dev.parley.e2e.stack.StackConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Test stacks: each IT class gets its own broker and five services on free ports, in a fresh run directory. */
public final class TestStacks {
    private TestStacks() {
    }

    /** Starts a stack whose state lives in {@code e2e/target/<name>} (emptied first). */
    public static LocalStack start(String name) throws IOException {
        return start(config(name), name);
    }

    /** A test stack's configuration, on free ports, its state in {@code e2e/target/<name>} (emptied now). */
    public static StackConfig config(String name) throws IOException {
        Path home = StackConfig.defaultHome();
        Path runDir = home.resolve("e2e/target").resolve(name);
        deleteRecursively(runDir);
        return StackConfig.forTest(home, runDir);
    }

    /** Starts {@code config}'s stack, its progress printed as {@code [name] ...}. */
    public static LocalStack start(StackConfig config, String name) {
        return LocalStack.start(config, line -> System.out.println("[" + name + "] " + line));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
