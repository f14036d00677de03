package dev.parley.analytics.latency;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tenant's latency figures for one window, as served over REST and published on {@code parley.latency-stats}:
 * per stage, the turns measured and p50/p90/p99 (within 1 %), min, max and mean, in milliseconds from the end of
 * the caller's speech; -1 for a stage without measurements. {@code voiceToVoice} repeats the figures of
 * {@link Stage#VOICE_TO_VOICE} ({@code firstAudible}: what the caller hears) so a reader need not know which stage
 * it is; {@code firstAudioSent} stays among the stages (the first frame sent, possibly silent).
 */
public record LatencyWindow(String tenantId, String window, Instant start, Instant end, long turns,
                            long outOfOrder, StageFigures voiceToVoice, Map<String, StageFigures> stages) {

    public record StageFigures(long count, long p50, long p90, long p99, long min, long max, double mean) {
        static StageFigures of(LatencySketch sketch) {
            return new StageFigures(sketch.count(), sketch.quantile(0.50), sketch.quantile(0.90),
                    sketch.quantile(0.99), sketch.min(), sketch.max(), Math.round(sketch.mean() * 10) / 10.0);
        }
    }

    public static LatencyWindow of(String tenantId, String window, Instant start, Instant end, LatencyStats stats) {
        Map<String, StageFigures> stages = new LinkedHashMap<>();
        for (Stage stage : Stage.values()) {
            stages.put(stage.jsonName(), StageFigures.of(stats.stage(stage)));
        }
        return new LatencyWindow(tenantId, window, start, end, stats.turns(), stats.outOfOrder(),
                stages.get(Stage.VOICE_TO_VOICE.jsonName()), stages);
    }
}
