package dev.parley.e2e.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real standalone broker through deploy/local/kafka.sh, on free ports, formatted in a fresh directory. */
class KafkaBrokerTest {
    @TempDir
    Path runDir;

    @Test
    void formatsStartsServesAndStops() {
        StackConfig config = StackConfig.forTest(StackConfig.defaultHome(), runDir);
        KafkaBroker broker = new KafkaBroker(config);
        try {
            broker.start();
            assertTrue(broker.running());
            assertTrue(Health.listening(config.kafkaPort()), "the broker serves on " + config.kafkaBootstrap());
            assertTrue(Files.exists(config.kafkaDir().resolve("data/meta.properties")), "storage formatted");
            String created = ManagedProcess.tail(config.kafkaDir().resolve("kafka.sh-topics.out"), 10);
            assertTrue(created.contains("parley.calls"), "analytics' source topics exist: " + created);
        } finally {
            broker.stop();
        }
        assertFalse(broker.running());
        assertFalse(Health.listening(config.kafkaPort()));
    }
}
