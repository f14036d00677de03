package dev.parley.analytics.bench;

import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The Kafka Streams settings analytics ships with: every {@code kafka-streams.*} line of its application.properties
 * (what the Quarkus extension passes to Kafka Streams), so the benchmark measures the configuration that runs in
 * production rather than a copy that can drift. To compare alternatives, {@code -Dkafka-streams.<setting>=<value>}
 * overrides any setting, and {@code -Dbench.commit.ms} and {@code -Dbench.threads} the commit interval and thread
 * count.
 */
final class ShippedStreamsConfig {
    private static final String PREFIX = "kafka-streams.";

    private ShippedStreamsConfig() {
    }

    static Properties forBenchmark(String bootstrap, Path stateDir) {
        Properties shipped = new Properties();
        try (InputStream in = ShippedStreamsConfig.class.getResourceAsStream("/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is not on the test classpath");
            }
            shipped.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties config = new Properties();
        for (String key : shipped.stringPropertyNames()) {
            String value = shipped.getProperty(key);
            // Expressions (${...}) are Quarkus's to resolve; the benchmark sets the one that uses them (state.dir).
            if (key.startsWith(PREFIX) && !value.contains("${")) {
                config.put(key.substring(PREFIX.length()), value);
            }
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                config.put(key.substring(PREFIX.length()), System.getProperty(key));
            }
        }
        override(config, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "bench.commit.ms");
        override(config, StreamsConfig.NUM_STREAM_THREADS_CONFIG, "bench.threads");
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "parley-analytics-bench");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(config.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
            throw new IllegalStateException("analytics ships without exactly_once_v2: " + config);
        }
        return config;
    }

    /** The effective value of a setting, Kafka Streams' default where the configuration leaves it out. */
    static String effective(Properties config, String key) {
        return String.valueOf(new StreamsConfig(config).values().get(key));
    }

    private static void override(Properties config, String key, String systemProperty) {
        String value = System.getProperty(systemProperty);
        if (value != null) {
            config.put(key, value);
        }
    }
}
