package dev.parley.e2e.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo clinic as `./parley up` runs it: a real detached JVM, adopted by status and a second start, stopped by down. */
class SideProcessTest {
    @TempDir
    Path home;

    @Test
    void theDemoClinicStartsDetachedIsAdoptedAndStops() throws Exception {
        int port = Health.freePort();
        StackConfig test = StackConfig.forTest(home, home.resolve("run"));
        StackConfig config = new StackConfig(home, test.runDir(), test.kafkaPort(), test.kafkaControllerPort(),
                test.ports(), Secrets.random(), true, test.startTimeout(), null,
                URI.create("http://127.0.0.1:" + port + "/appointments"), Map.of());
        List<SideProcess> sides = SideProcess.of(config);
        assertEquals(1, sides.size());
        SideProcess clinic = sides.get(0);
        List<String> out = new ArrayList<>();
        try {
            assertTrue(clinic.start(out::add), out.toString());
            clinic.awaitReady(Duration.ofSeconds(60), out::add);
            assertTrue(clinic.ready(), out + "\n" + Files.readString(config.runDir().resolve("logs/demo-clinic.log")));
            assertTrue(clinic.status().contains("ready"), clinic.status());
            long pid = clinic.running().orElseThrow().pid();
            // A second `up` (a fresh SideProcess, as from another launcher JVM) adopts it instead of starting one.
            SideProcess again = SideProcess.of(config).get(0);
            assertTrue(again.start(out::add));
            assertTrue(out.get(out.size() - 1).contains("already running"), out.toString());
            assertEquals(pid, again.running().orElseThrow().pid());
            assertTrue(Files.readString(config.runDir().resolve("logs/demo-clinic.log")).contains("demo clinic:"));
        } finally {
            assertTrue(clinic.stop(out::add), "it was running: " + out);
        }
        assertTrue(clinic.running().isEmpty());
        assertFalse(clinic.ready());
        assertTrue(clinic.status().contains("stopped"), clinic.status());
        assertFalse(clinic.stop(out::add), "nothing left to stop");
    }
}
