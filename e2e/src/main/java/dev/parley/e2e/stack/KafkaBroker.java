package dev.parley.e2e.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone single-node KRaft broker, driven through deploy/local/kafka.sh so the local stack and the script
 * agree on how it is configured, formatted (on first start), started and stopped. The broker runs detached from
 * the launcher either way; a test stack stops it explicitly.
 */
final class KafkaBroker {
    private final StackConfig config;

    KafkaBroker(StackConfig config) {
        this.config = config;
    }

    /** Formats the data directory on first use, starts the broker, waits until it serves, creates the event topics. */
    void start() {
        run(180, "start");
        // Kafka Streams cannot be assigned source topics that do not exist yet, so analytics needs them first.
        run(120, "topics");
    }

    void stop() {
        run(60, "stop");
    }

    boolean running() {
        return runQuietly("status") == 0;
    }

    Path log() {
        return config.kafkaDir().resolve("broker.log");
    }

    private void run(int timeoutSeconds, String command) {
        Result r = exec(timeoutSeconds, command);
        if (r.exit != 0) {
            throw new StackException("kafka.sh " + command + " failed (exit " + r.exit + "):\n" + r.output
                    + "\nbroker log tail:\n" + ManagedProcess.tail(log(), 20));
        }
    }

    private int runQuietly(String command) {
        return exec(30, command).exit;
    }

    private record Result(int exit, String output) {
    }

    private Result exec(int timeoutSeconds, String command) {
        List<String> cmd = new ArrayList<>(List.of("bash", config.kafkaScript().toString(), command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(config.home().toFile()).redirectErrorStream(true);
        pb.environment().putAll(config.kafkaEnv());
        try {
            Files.createDirectories(config.kafkaDir());
            Path out = config.kafkaDir().resolve("kafka.sh-" + command + ".out");
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                return new Result(-1, "timed out after " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
