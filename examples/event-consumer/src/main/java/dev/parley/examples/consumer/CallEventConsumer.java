package dev.parley.examples.consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Parley's call events with a plain Kafka consumer, groups them by call and links each to its trace.
 * <p>
 * Run it: {@code ./mvnw -q -pl examples/event-consumer compile exec:java}, with optional environment variables
 * {@code KAFKA_BOOTSTRAP_SERVERS} (localhost:9092), {@code GROUP_ID} (parley-event-consumer-example) and
 * {@code TRACE_URL} (http://localhost:9411/zipkin/traces/ — for Jaeger: http://localhost:16686/trace/).
 */
public final class CallEventConsumer implements AutoCloseable {
    /** Every topic Parley publishes call events to; the record key is always the call id. */
    public static final List<String> TOPICS = List.of("parley.calls", "parley.turns", "parley.latency",
            "parley.engines");

    private final KafkaConsumer<String, byte[]> consumer;
    private final String traceUrl;
    private final PrintStream out;
    /** Events per call id, in the order read. A real consumer would drop a call some time after call.ended. */
    private final Map<String, List<ReceivedEvent>> calls = new LinkedHashMap<>();

    public CallEventConsumer(String bootstrapServers, String groupId, String traceUrl, PrintStream out) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // Instances with the same group id share the partitions; each event reaches one of them.
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                // A new group starts from the oldest event kept, not just from what arrives after it joined.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // Offsets are committed after the events are handled: at-least-once, so deduplicate by ce_id
                // where handling twice matters.
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        this.traceUrl = traceUrl;
        this.out = out;
        consumer.subscribe(TOPICS);
    }

    public static void main(String[] args) {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        String groupId = System.getenv().getOrDefault("GROUP_ID", "parley-event-consumer-example");
        String traceUrl = System.getenv().getOrDefault("TRACE_URL", "http://localhost:9411/zipkin/traces/");
        try (CallEventConsumer events = new CallEventConsumer(bootstrap, groupId, traceUrl, System.out)) {
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                events.consumer.wakeup();
                joinQuietly(main);
            }));
            while (true) {
                events.poll(Duration.ofSeconds(1));
            }
        } catch (WakeupException stopping) {
            // Ctrl-C: offsets of what was handled are committed; the next run goes on from there.
        }
    }

    /** Reads what has arrived, handles it, then commits; returns the events read. */
    public List<ReceivedEvent> poll(Duration timeout) {
        List<ReceivedEvent> read = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            ReceivedEvent event;
            try {
                event = ReceivedEvent.from(record);
            } catch (IllegalArgumentException e) {
                out.println("skipping " + e.getMessage());
                continue;
            }
            read.add(event);
            handle(event);
        }
        if (!read.isEmpty()) {
            consumer.commitSync();
        }
        return read;
    }

    /** Events read so far, per call id. Within one topic they are in publication order; see README.md. */
    public Map<String, List<ReceivedEvent>> calls() {
        return calls;
    }

    /** The trace of {@code event} in the trace UI, or null when it has none. */
    public String traceLink(ReceivedEvent event) {
        return event.traceId() == null ? null : traceUrl + event.traceId();
    }

    private void handle(ReceivedEvent event) {
        List<ReceivedEvent> ofCall = calls.computeIfAbsent(event.callId(), id -> new ArrayList<>());
        ofCall.add(event);
        out.printf("%s %-16s %s %s%n", event.callId(), event.type(), event.time(), describe(event));
        if (event.type().equals("call.ended")) {
            out.printf("%s ended (%s) after %.1f s, %d events so far; trace: %s%n", event.callId(),
                    event.data().path("reason").asText(), event.data().path("durationMs").asLong() / 1000.0,
                    ofCall.size(), traceLink(event));
        }
    }

    private static String describe(ReceivedEvent event) {
        switch (event.type()) {
            case "turn.user":
                return "caller: " + event.data().path("text").asText();
            case "turn.agent":
                return "agent: " + event.data().path("heardText").asText();
            case "turn.latency":
                long end = event.data().path("endOfSpeechMs").asLong();
                long heard = event.data().path("firstAudibleMs").asLong();
                return end > 0 && heard > 0 ? "voice-to-voice " + (heard - end) + " ms" : "";
            default:
                return "";
        }
    }

    @Override
    public void close() {
        consumer.close();
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
