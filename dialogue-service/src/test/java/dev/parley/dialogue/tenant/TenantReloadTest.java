package dev.parley.dialogue.tenant;

import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.SharedEmbedder;
import dev.parley.dialogue.support.Tenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tenants folder is watched: saved changes go live, a broken save keeps the previous version serving. */
class TenantReloadTest {

    final Path root;
    final TenantDirectory directory = new TenantDirectory();

    TenantReloadTest() throws IOException {
        root = Tenants.copy("acme").getParent();
        Files.move(Tenants.copy("brightsmile"), root.resolve("brightsmile"));
        directory.root = root;
        directory.embedder = SharedEmbedder.get();
        directory.events = new RecordingEventPublisher();
        directory.watch = true;
        directory.load();
    }

    @AfterEach
    void stop() {
        directory.stop();
    }

    String greeting(String tenant) {
        return directory.find(tenant).orElseThrow().brain().greet(new Conversation(tenant, "c", Map.of()))
                .filter(o -> o instanceof BrainOutput.Text).map(o -> ((BrainOutput.Text) o).delta())
                .collect().with(Collectors.joining()).await().atMost(Duration.ofSeconds(10));
    }

    static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "gave up waiting for: " + what);
            LockSupport.parkNanos(20_000_000);
        }
    }

    /** Writes the way editors and deploys do: a new file moved over the old one. */
    void save(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void savedChangesGoLiveAndABrokenSaveKeepsThePreviousVersion() throws IOException {
        Tenant dental = directory.find("brightsmile").orElseThrow();
        Path flow = root.resolve("acme/flow.yaml");
        String original = Files.readString(flow);
        save(flow, original.replace("Hi, thanks for calling Acme.", "Hello from the new Acme."));
        eventually(() -> greeting("acme").startsWith("Hello from the new Acme."), "the new greeting");
        assertTrue(directory.failure("acme").isEmpty());

        save(flow, original.replace("greeting:", "greting:"));
        eventually(() -> directory.failure("acme").isPresent(), "the broken save to be reported");
        String why = directory.failure("acme").orElseThrow();
        assertTrue(why.startsWith("changed files not loaded, still serving the previous version: ")
                && why.contains("greting"), why);
        assertTrue(greeting("acme").startsWith("Hello from the new Acme."), "the previous version still serves");

        save(flow, original);
        eventually(() -> directory.failure("acme").isEmpty() && greeting("acme").startsWith("Hi, thanks"),
                "the repaired file to load");
        assertSame(dental, directory.find("brightsmile").orElseThrow(), "another tenant is not reloaded");
    }

    @Test
    void aNewTenantFolderIsServedAndARemovedOneIsDropped() throws IOException {
        Path bobs = root.resolve("bobs");
        Path staging = Files.createTempDirectory("bobs-");
        Files.writeString(staging.resolve("tenant.yaml"), "id: bobs\ndisplayName: Bob's\n");
        Files.writeString(staging.resolve("flow.yaml"), TenantLoaderTest.GOOD_FLOW);
        Files.move(staging, bobs);
        eventually(() -> directory.find("bobs").isPresent(), "the new tenant");
        assertEquals("Hello from Bob's.", greeting("bobs"));

        try (Stream<Path> files = Files.walk(bobs)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        eventually(() -> directory.find("bobs").isEmpty(), "the removed tenant to go");
        assertTrue(directory.find("acme").isPresent());
    }
}
