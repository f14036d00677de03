package dev.parley.gateway.amd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Answering-machine detection on the synthesized greeting sets (src/test/resources/amd): per set, accuracy, humans
 * taken for machines, machines taken for humans, unknown, decision times, greeting-end placement, the confusion
 * table and every miss. A main class, not a timed test (AmdFloorTest runs the held-out set with floors). Run from the
 * repository root after {@code ./mvnw -o -q -pl media-gateway test-compile}:
 * <pre>
 * cd media-gateway &amp;&amp; ../mvnw -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt &amp;&amp; \
 *   java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   dev.parley.gateway.amd.AmdBenchmark [tuning] [held-out]
 * </pre>
 * Synthesis is cached in media-gateway/target/amd-corpus, so only the first run pays for the TTS engines.
 */
public final class AmdBenchmark {
    private static final int FRAME_BYTES = 160;

    private AmdBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> sets = args.length == 0 ? List.of("tuning", "held-out") : Arrays.asList(args);
        for (String set : sets) {
            AmdReport report = run(set, load(set), AmdSettings.defaults());
            System.out.print(report.summary());
            System.out.print(report.misses());
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

    static AmdReport run(String set, List<Greeting> greetings, AmdSettings settings)
            throws IOException, InterruptedException {
        List<AmdOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < greetings.size(); i++) {
            Greeting g = greetings.get(i);
            outcomes.add(play(g, GreetingAudio.render(g, i), settings));
        }
        return new AmdReport(set, outcomes, settings);
    }

    /** Feeds the clip frame by frame, as the call would, until the verdict and (for a machine) the greeting's end. */
    static AmdOutcome play(Greeting g, GreetingAudio.Clip clip, AmdSettings settings) {
        AnsweringMachineDetector amd = new AnsweringMachineDetector(settings);
        for (int off = 0; off + FRAME_BYTES <= clip.ulaw().length; off += FRAME_BYTES) {
            amd.accept(Arrays.copyOfRange(clip.ulaw(), off, off + FRAME_BYTES));
            boolean done = amd.verdict().map(v -> v.kind() != AmdVerdict.Kind.MACHINE).orElse(false)
                    || amd.greetingEndMs().isPresent();
            if (done) {
                break;
            }
        }
        AmdVerdict verdict = amd.verdict().orElseThrow(() -> new IllegalStateException("no verdict for " + g.name()));
        return new AmdOutcome(g, verdict, amd.greetingEndMs().orElse(-1), amd.greetingEndReason(),
                clip.speechEndMs(), clip.beepEndMs());
    }
}
