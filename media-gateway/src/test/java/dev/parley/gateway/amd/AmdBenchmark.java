package dev.parley.gateway.amd;

import dev.parley.audio.MuLaw;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Answering-machine detection on the synthesized greeting sets (src/test/resources/amd), twice per set: from energy
 * and beeps alone (as when stt-service is down), and with the words as Vosk hears them ({@link GreetingRecognizer},
 * handed to the detector {@link #STT_LATENCY_MS} after the audio they cover). Per run: accuracy, humans
 * taken for machines, machines taken for humans, unknown, decision times, when the agent would start speaking to a
 * person (a verdict may come mid-sentence, the agent only at the person's pause), greeting-end placement, the confusion
 * table and every miss. A main class, not a timed test (AmdFloorTest runs held-out-2 with floors). Run from the
 * repository root after {@code ./mvnw -o -q -pl media-gateway test-compile}:
 * <pre>
 * cd media-gateway &amp;&amp; ../mvnw -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt &amp;&amp; \
 *   java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   dev.parley.gateway.amd.AmdBenchmark [tuning] [tuning-2] [held-out-2]
 * </pre>
 * Synthesis is cached in media-gateway/target/amd-corpus, so only the first run pays for the TTS engines. With
 * {@code -Damd.every=true} it lists every call, not only the misses.
 */
public final class AmdBenchmark {
    private static final int FRAME_BYTES = 160;
    /**
     * How long after the audio a transcript reaches the detector on a live call: the gateway-to-stt-service hop, the
     * recognizer's own lag behind its input, and the trip back to the call's context. A guess on the safe side of
     * the 50-150 ms a local stack shows, so the figures do not depend on the benchmark's zero latency.
     */
    static final int STT_LATENCY_MS = 300;

    private AmdBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> sets = args.length == 0 ? List.of("tuning", "tuning-2", "held-out-2") : Arrays.asList(args);
        for (String set : sets) {
            for (boolean words : new boolean[]{false, true}) {
                AmdReport report = run(set, load(set), AmdSettings.defaults(), words);
                System.out.print(report.summary());
                System.out.print(Boolean.getBoolean("amd.every") ? report.every() : report.misses());
            }
        }
    }

    static List<Greeting> load(String set) throws IOException {
        try (InputStream in = AmdBenchmark.class.getResourceAsStream("/amd/" + set + ".txt")) {
            if (in == null) {
                throw new IllegalArgumentException("no greeting list amd/" + set + ".txt");
            }
            List<Greeting> greetings = new ArrayList<>();
            String group = "";
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip).toList()) {
                if (line.startsWith("# ---")) {
                    group = line.substring(5).strip();
                } else if (!line.isEmpty() && !line.startsWith("#")) {
                    greetings.add(Greeting.parse(line, group));
                }
            }
            return greetings;
        }
    }

    /** @param words whether the detector hears the words too (Vosk), or decides from energy and beeps alone */
    static AmdReport run(String set, List<Greeting> greetings, AmdSettings settings, boolean words)
            throws IOException, InterruptedException {
        List<AmdOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < greetings.size(); i++) {
            Greeting g = greetings.get(i);
            outcomes.add(play(g, GreetingAudio.render(g, i), settings, words));
        }
        return new AmdReport(set + (words ? " (energy, beep and words)" : " (energy and beep only)"), outcomes,
                settings);
    }

    private record Pending(long dueMs, GreetingRecognizer.Heard heard) {
    }

    /**
     * Feeds the clip frame by frame, as the call would, until the agent would speak: for a machine at the greeting's
     * end, otherwise once the callee has paused after the verdict.
     */
    static AmdOutcome play(Greeting g, GreetingAudio.Clip clip, AmdSettings settings, boolean words) {
        AnsweringMachineDetector amd = new AnsweringMachineDetector(settings);
        GreetingRecognizer recognizer = words ? new GreetingRecognizer() : null;
        ArrayDeque<Pending> inFlight = new ArrayDeque<>();
        try {
            for (int off = 0; off + FRAME_BYTES <= clip.ulaw().length; off += FRAME_BYTES) {
                while (!inFlight.isEmpty() && inFlight.peek().dueMs() <= amd.elapsedMs()) {
                    GreetingRecognizer.Heard heard = inFlight.poll().heard();
                    amd.heard(heard.text(), heard.isFinal());
                }
                byte[] frame = Arrays.copyOfRange(clip.ulaw(), off, off + FRAME_BYTES);
                amd.accept(frame);
                if (recognizer != null) {
                    long due = amd.elapsedMs() + STT_LATENCY_MS;
                    recognizer.accept(MuLaw.decode(frame)).ifPresent(h -> inFlight.add(new Pending(due, h)));
                }
                boolean done = amd.agentStartMs().isPresent() || amd.greetingEndMs().isPresent();
                if (done) {
                    break;
                }
            }
        } finally {
            if (recognizer != null) {
                recognizer.close();
            }
        }
        AmdVerdict verdict = amd.verdict().orElseThrow(() -> new IllegalStateException("no verdict for " + g.name()));
        return new AmdOutcome(g, verdict, amd.agentStartMs().orElse(-1), amd.greetingEndMs().orElse(-1),
                amd.greetingEndReason(), clip.speechEndMs(), clip.beepEndMs(), amd.words());
    }
}
