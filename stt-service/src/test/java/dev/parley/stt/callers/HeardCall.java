package dev.parley.stt.callers;

import dev.parley.stt.recognizer.Recognition;
import dev.parley.stt.recognizer.RecognitionStream;
import dev.parley.stt.recognizer.RecognizedWord;
import dev.parley.stt.recognizer.SpeechRecognizer;
import dev.parley.stt.recognizer.StreamSpec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one call's stream heard, request by request (text and mean word confidence), and the CPU the calling thread
 * spent on it: the recognizer's own cost, apart from whatever else the machine runs.
 */
public record HeardCall(List<String> texts, List<Float> confidence, long cpuNanos, double audioSeconds) {
    public static final int LINE_RATE = 16_000;
    /** The gateway's chunk. */
    public static final int CHUNK = 512;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** Streams {@code line} (one element per request) as one call, with a flush after each request. */
    public static HeardCall hear(SpeechRecognizer recognizer, String tenant, List<short[]> line) {
        List<String> texts = new ArrayList<>();
        List<Float> confidence = new ArrayList<>();
        long samples = 0;
        long start = CPU.getCurrentThreadCpuTime();
        try (RecognitionStream stream = recognizer.open(new StreamSpec(tenant, "caller-bench", LINE_RATE, "en-US"))) {
            for (short[] request : line) {
                List<Recognition> finals = new ArrayList<>();
                for (int off = 0; off < request.length; off += CHUNK) {
                    int end = Math.min(request.length, off + CHUNK);
                    Recognition r = stream.accept(Arrays.copyOfRange(request, off, end));
                    if (r.isFinal()) {
                        finals.add(r);
                    }
                }
                finals.add(stream.finish());
                samples += request.length;
                List<String> words = new ArrayList<>();
                double sum = 0;
                int count = 0;
                for (Recognition r : finals) {
                    if (!r.text().isEmpty()) {
                        words.add(r.text());
                    }
                    for (RecognizedWord w : r.words()) {
                        sum += w.confidence();
                        count++;
                    }
                }
                texts.add(String.join(" ", words));
                confidence.add(count == 0 ? 0f : (float) (sum / count));
            }
        }
        long cpu = CPU.getCurrentThreadCpuTime() - start;
        return new HeardCall(List.copyOf(texts), List.copyOf(confidence), cpu, (double) samples / LINE_RATE);
    }

    public double cpuMsPerSecond() {
        return cpuNanos / 1e6 / audioSeconds;
    }
}
