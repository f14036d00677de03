package dev.parley.analytics.latency;

import dev.parley.contracts.events.TurnLatency;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatencyStatsTest {
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aWindowStoredBeforeTheFirstAudibleStageExistedReadsWithThatStageEmpty() {
        LatencyStats before = new LatencyStats();
        for (int i = 0; i < 20; i++) {
            // Turns of an older gateway: no first audible frame.
            before.add(turn(i, 100 + i, 300 + i, 600 + i, 620 + i, 0));
        }
        // The previous encoding: the two counts and one sketch per stage up to firstAudioSent, i.e. today's
        // encoding without the trailing (here empty) firstAudible sketch.
        byte[] current = before.toBytes();
        byte[] older = Arrays.copyOf(current, current.length - new LatencySketch().encodedSize());

        LatencyStats stored = LatencyStats.fromBytes(older);
        assertEquals(20, stored.turns());
        for (Stage stage : Arrays.copyOf(Stage.values(), Stage.FIRST_AUDIBLE.ordinal())) {
            assertEquals(before.stage(stage), stored.stage(stage), stage.name());
        }
        assertEquals(0, stored.stage(Stage.FIRST_AUDIBLE).count());

        // The window goes on counting after the upgrade, and is then written with every stage.
        stored.add(turn(20, 120, 320, 620, 640, 830));
        LatencyStats rewritten = LatencyStats.fromBytes(stored.toBytes());
        assertEquals(21, rewritten.turns());
        assertEquals(21, rewritten.stage(Stage.FIRST_AUDIO_SENT).count());
        assertEquals(1, rewritten.stage(Stage.FIRST_AUDIBLE).count());
        assertEquals(830, rewritten.stage(Stage.FIRST_AUDIBLE).max());
    }

    private static TurnLatency turn(long turnId, long stt, long brain, long tts, long sent, long audible) {
        long eos = AT.toEpochMilli();
        return new TurnLatency("acme", "c-1", AT, turnId, eos, eos + stt, eos + brain, eos + tts, eos + sent,
                audible == 0 ? 0 : eos + audible);
    }
}
