package dev.parley.dialogue.tenant;

import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.SharedEmbedder;
import dev.parley.dialogue.support.Tenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.parley.dialogue.tenant.TenantReloadTest.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With no file-system events at all (the watcher off, as on a network volume), the poll alone serves a tenant folder
 * copied in with cp, a change inside a tenant folder that is a symbolic link, and drops a removed folder.
 */
class TenantPollTest {

    final Path root;
    final TenantDirectory directory = new TenantDirectory();

    TenantPollTest() throws IOException {
        root = Files.createTempDirectory("tenants-");
        directory.root = root;
        directory.embedder = SharedEmbedder.get();
        directory.events = new RecordingEventPublisher();
        directory.watch = false;
        directory.reloadInterval = Duration.ofMillis(200);
        directory.load();
    }

    @AfterEach
    void stop() {
        directory.stop();
    }

    @Test
    void aFolderCopiedInWithCpIsServedAndARemovedOneIsDropped() throws Exception {
        assertTrue(directory.tenants().isEmpty());
        run("cp", "-r", Tenants.root().resolve("acme").toAbsolutePath().toString(), root.resolve("acme").toString());
        eventually(() -> directory.find("acme").isPresent(), "the copied tenant");
        assertTrue(directory.failure("acme").isEmpty());

        run("rm", "-r", root.resolve("acme").toString());
        eventually(() -> directory.find("acme").isEmpty(), "the removed tenant to go");
    }

    @Test
    void aChangeInsideATenantFolderThatIsALinkIsServed() throws Exception {
        Path target = Tenants.copy("acme");
        Files.createSymbolicLink(root.resolve("acme"), target);
        eventually(() -> directory.find("acme").isPresent(), "the linked tenant");
        Tenant before = directory.find("acme").orElseThrow();

        Path flow = target.resolve("flow.yaml");
        Files.writeString(flow, Files.readString(flow).replace("Hi, thanks for calling Acme.", "Hello again."));
        eventually(() -> directory.find("acme").orElseThrow() != before, "the changed tenant");
        assertTrue(directory.failure("acme").isEmpty());

        Tenant after = directory.find("acme").orElseThrow();
        Thread.sleep(1000); // five polls
        assertSame(after, directory.find("acme").orElseThrow(), "an unchanged tenant is not loaded again");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command));
    }
}
