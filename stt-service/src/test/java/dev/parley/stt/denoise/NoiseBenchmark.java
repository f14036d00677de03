package dev.parley.stt.denoise;

import dev.parley.stt.callers.CallerCalls;
import dev.parley.stt.callers.CallerCorpus;
import dev.parley.stt.callers.HeardCall;
import dev.parley.stt.callers.NoisyLine;
import dev.parley.stt.callers.Voices;
import dev.parley.stt.support.WordErrorRate;
import dev.parley.stt.vosk.VoskRecognizer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Vosk's word error rate on the tenants' tuning requests spoken by caller voices over a phone line with office
 * noise at 20, 15 and 10 dB SNR (and clean), with and without the speex suppressor, plus its CPU cost; writes what
 * was heard as paraphrase corpora for dialogue-service's runner (request accuracy). Each tenant's requests form one
 * stream, as in a call: 3 s of line noise first (the greeting), each request followed by 1 s of noise, then a flush
 * as the gateway sends at the end of a turn. Run by hand; the command is in the stt-service README.
 */
public final class NoiseBenchmark {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final List<String> TENANTS = CallerCalls.TENANTS;
    private static final int LINE_RATE = HeardCall.LINE_RATE;
    private static final int CHUNK = HeardCall.CHUNK;

    /** A line condition; {@code snrDb} null for a clean line. */
    private record Condition(String name, Double snrDb) {
    }

    private static final List<Condition> CONDITIONS = List.of(new Condition("clean", null),
            new Condition("snr20", 20.0), new Condition("snr15", 15.0), new Condition("snr10", 10.0));

    /** What one stream heard and cost, and the suppressor's share of that cost. */
    private record Heard(HeardCall call, long suppressorCpuNanos) {
    }

    private NoiseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path corpora = Path.of(System.getProperty("noise.corpora", CallerCalls.DEFAULT_CORPORA.toString()));
        Path out = Path.of(System.getProperty("noise.out", "target/noise-corpora"));
        Path models = Path.of(System.getProperty("parley.models.dir", "../models/target/models"));
        int suppressDb = Integer.getInteger("noise.suppress-db", -25);
        long seed = Long.getLong("noise.seed", 42);
        if (!SpeexDsp.available()) {
            throw new IllegalStateException("libspeexdsp is missing: run deploy/local/install-deps.sh");
        }
        Map<String, CallerCalls.Call> calls = CallerCalls.speak(corpora);
        int requests = calls.values().stream().mapToInt(c -> c.speech().size()).sum();
        System.out.printf("%d requests (%s), voices %s rotating, suppression %d dB, seed %d%n", requests,
                String.join(", ", TENANTS), Voices.NAMES, suppressDb, seed);
        short[] noise = NoisyLine.officeNoise();
        VoskRecognizer vosk = VoskRecognizer.load("vosk", models.resolve("vosk-model-en-us"), "en-US");
        if (!vosk.ready()) {
            throw new IllegalStateException(vosk.loadError().orElse("Vosk not ready"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("noise.threads", 2));
        Map<String, Future<Heard>> jobs = new LinkedHashMap<>();
        Random random = new Random(seed);
        for (Condition c : CONDITIONS) {
            for (String tenant : TENANTS) {
                List<short[]> line = CallerCalls.line(calls.get(tenant).speech(), noise, c.snrDb(), random);
                for (boolean on : new boolean[]{false, true}) {
                    jobs.put(key(c.name(), tenant, on), pool.submit(() -> recognize(vosk, tenant, line, on, suppressDb)));
                }
            }
        }
        System.out.println();
        System.out.println("| line | WER off | WER on | stt CPU ms/s off | stt CPU ms/s on | suppressor CPU ms/s |");
        System.out.println("|---|---|---|---|---|---|");
        List<Path> written = new ArrayList<>();
        for (Condition c : CONDITIONS) {
            WordErrorRate[] wer = {new WordErrorRate(), new WordErrorRate()};
            double[] sttMsPerS = new double[2];
            double suppressorMsPerS = 0;
            for (int mode = 0; mode < 2; mode++) {
                long cpu = 0;
                long suppressorCpu = 0;
                double seconds = 0;
                for (String tenant : TENANTS) {
                    Heard heard = jobs.get(key(c.name(), tenant, mode == 1)).get();
                    HeardCall call = heard.call();
                    CallerCorpus corpus = calls.get(tenant).corpus();
                    for (int i = 0; i < call.texts().size(); i++) {
                        wer[mode].add(corpus.requests().get(i).reference(), call.texts().get(i));
                    }
                    cpu += call.cpuNanos();
                    suppressorCpu += heard.suppressorCpuNanos();
                    seconds += call.audioSeconds();
                    String note = c.name() + (c.snrDb() == null ? "" : " (office noise)") + ", suppression "
                            + (mode == 1 ? suppressDb + " dB" : "off");
                    written.add(corpus.write(out, c.name() + "-" + (mode == 1 ? "on" : "off"), call.texts(),
                            call.confidence(), note));
                }
                sttMsPerS[mode] = cpu / 1e6 / seconds;
                if (mode == 1) {
                    suppressorMsPerS = suppressorCpu / 1e6 / seconds;
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %.1f%% | %.1f%% | %.0f | %.0f | %.2f |%n", c.name(),
                    100 * wer[0].rate(), 100 * wer[1].rate(), sttMsPerS[0], sttMsPerS[1], suppressorMsPerS);
        }
        pool.shutdown();
        vosk.close();
        System.out.println();
        System.out.println("corpora for dialogue-service's paraphrase runner (parts <line>-<off|on>):");
        written.forEach(p -> System.out.println("  " + p.toAbsolutePath().normalize()));
        System.exit(0);
    }

    private static String key(String condition, String tenant, boolean on) {
        return condition + "/" + tenant + "/" + on;
    }

    private static Heard recognize(VoskRecognizer vosk, String tenant, List<short[]> line, boolean on, int suppressDb) {
        long suppressorCpu = on ? suppressorCpu(line, suppressDb) : 0;
        DenoisingRecognizer recognizer = new DenoisingRecognizer(vosk, on, Map.of(), suppressDb);
        return new Heard(HeardCall.hear(recognizer, tenant, line), suppressorCpu);
    }

    /** The suppressor alone over the same audio and chunks: its own CPU, apart from the recognizer's. */
    private static long suppressorCpu(List<short[]> line, int suppressDb) {
        long start = CPU.getCurrentThreadCpuTime();
        try (NoiseSuppressor s = new NoiseSuppressor(LINE_RATE, suppressDb)) {
            for (short[] request : line) {
                for (int off = 0; off < request.length; off += CHUNK) {
                    s.process(Arrays.copyOfRange(request, off, Math.min(request.length, off + CHUNK)));
                }
                s.drain();
            }
        }
        return CPU.getCurrentThreadCpuTime() - start;
    }
}
