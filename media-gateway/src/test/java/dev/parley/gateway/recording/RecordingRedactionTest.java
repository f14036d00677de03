package dev.parley.gateway.recording;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.parley.gateway.recording.RecordingRedaction.AGENT;
import static dev.parley.gateway.recording.RecordingRedaction.CALLER;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RecordingRedactionTest {
    private final RecordingRedaction redaction = new RecordingRedaction(1_200);

    @Test
    void callerSamplesMapOntoWhereTheyWerePlacedAcrossAPauseInTheStream() {
        for (int i = 0; i < 50; i++) {
            redaction.callerPlaced(i * 160L, i * 160L, 160);
        }
        // The stream paused 2 s: the next audio was placed where it arrived, not right after the last.
        for (int i = 50; i < 100; i++) {
            redaction.callerPlaced(i * 160L, i * 160L + 16_000, 160);
        }
        assertEquals(100, redaction.callerFrame(100));
        assertEquals(7_999, redaction.callerFrame(7_999));
        assertEquals(24_000, redaction.callerFrame(8_000));
        assertEquals(26_000, redaction.callerFrame(10_000));

        redaction.redactCaller(500, 1_000);
        redaction.redactCaller(9_000, 10_000);
        assertEquals(List.of(new RecordingStore.Bleep(CALLER, 0, 2_200),
                new RecordingStore.Bleep(CALLER, 25_000 - 1_200, 26_000 + 1_200)), redaction.bleeps(),
                "padded each side, never before the start");
    }

    @Test
    void overlappingCallerIntervalsAreOneBleep() {
        redaction.callerPlaced(0, 0, 80_000);
        redaction.redactCaller(10_000, 12_000);
        redaction.redactCaller(13_000, 14_000);
        assertEquals(List.of(new RecordingStore.Bleep(CALLER, 8_800, 15_200)), redaction.bleeps());
    }

    @Test
    void anAgentPhraseIsBleepedWherePlayedMinusWhatWasCleared() {
        for (int f = 0; f < 10; f++) {
            redaction.agentPlaced(1, 1_000 + f * 160L, 160);
        }
        for (int f = 0; f < 10; f++) {
            redaction.agentPlaced(2, 2_600 + f * 160L, 160);
        }
        // Barge-in at frame 3 000: the line dropped the rest of phrase 2; after a resume it plays again later.
        redaction.cleared(3_000);
        for (int f = 0; f < 5; f++) {
            redaction.agentPlaced(2, 8_000 + f * 160L, 160);
        }
        redaction.agentPlaced(0, 9_000, 160);
        redaction.redactAgentPhrase(2);
        redaction.agentPhrasesSettled(2);
        redaction.agentPlaced(3, 12_000, 160);
        assertEquals(List.of(new RecordingStore.Bleep(AGENT, 2_600, 3_000), new RecordingStore.Bleep(AGENT, 8_000,
                8_800)), redaction.bleeps(), "phrase 1 and 3 carry no PII; untracked audio is never bleeped");
    }
}
