package dev.parley.analytics;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real single-node KRaft broker in the test JVM for {@code @QuarkusTest}s, configured for exactly-once
 * processing on one node, plus fresh directories for the Kafka Streams state and the event outbox.
 */
public class InProcessKafka implements QuarkusTestResourceLifecycleManager {
    private KafkaClusterTestKit cluster;
    private Path workDir;

    @Override
    public Map<String, String> start() {
        try {
            workDir = Files.createTempDirectory("parley-analytics-test");
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // The tests' calls are dated in the past (a year's end): retention by wall clock — the broker's
                    // check 30 s after start, and the cleaner's every 15 s for compacted changelogs — would delete
                    // the windowed stores' changelogs (3 days for 1-minute latency windows) and the input topics,
                    // and a standby restoring afterwards would miss those windows. No retention within a test run.
                    .setConfigProp("log.initial.task.delay.ms", "3600000")
                    .setConfigProp("log.retention.check.interval.ms", "3600000")
                    .setConfigProp("log.cleaner.enable", "false")
                    .setConfigProp("log.cleaner.backoff.ms", "3600000")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-process Kafka broker", e);
        }
        String bootstrap = cluster.bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.kafka-streams.bootstrap-servers", bootstrap,
                "kafka-streams.state.dir", workDir.resolve("streams-state").toString(),
                "parley.events.outbox-dir", workDir.resolve("outbox").toString());
    }

    @Override
    public void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the in-process Kafka broker", e);
        } finally {
            deleteQuietly(workDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless.
        }
    }
}
