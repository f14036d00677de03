package dev.parley.analytics.latency;

import dev.parley.analytics.TopologyHarness;
import dev.parley.analytics.billing.BillingPolicy;
import dev.parley.analytics.billing.Rounding;
import dev.parley.contracts.events.TurnLatency;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyTopologyTest {
    private static final Instant MINUTE_0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant MINUTE_1 = MINUTE_0.plusSeconds(60);

    private TopologyHarness topology;
    private TestOutputTopic<String, LatencyWindow> statsOut;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        topology = new TopologyHarness(new BillingPolicy(Rounding.SECOND, Map.of()), stateDir);
        statsOut = topology.output(LatencyTopology.LATENCY_STATS_TOPIC, LatencyTopology.WINDOW_SERDE.deserializer());
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    @Test
    void eachStageIsMeasuredFromTheEndOfSpeechPerMinuteAndPerHour() {
        // 100 turns in minute 0: STT 100..199 ms, brain +200, TTS +300, audio out +320, audible +190 (the TTS
        // engine's silent lead-in).
        for (int i = 0; i < 100; i++) {
            turn("acme", "c-" + (i % 5), i, MINUTE_0.plusMillis(i * 500L), 100 + i, 300 + i, 600 + i, 620 + i,
                    810 + i);
        }
        turn("acme", "c-9", 200, MINUTE_1.plusSeconds(1), 50, 80, 90, 100, 290);

        LatencyStats minute0 = topology.window(LatencyWindowSize.MINUTE.storeName(), "acme", MINUTE_0);
        assertEquals(100, minute0.turns());
        assertWithinOnePercent(149, minute0.stage(Stage.STT_FINAL).quantile(0.5));
        assertWithinOnePercent(189, minute0.stage(Stage.STT_FINAL).quantile(0.9));
        assertWithinOnePercent(198, minute0.stage(Stage.STT_FINAL).quantile(0.99));
        assertWithinOnePercent(349, minute0.stage(Stage.FIRST_BRAIN_TEXT).quantile(0.5));
        assertWithinOnePercent(649, minute0.stage(Stage.FIRST_TTS_AUDIO).quantile(0.5));
        assertWithinOnePercent(718, minute0.stage(Stage.FIRST_AUDIO_SENT).quantile(0.99));
        assertEquals(719, minute0.stage(Stage.FIRST_AUDIO_SENT).max());
        assertWithinOnePercent(859, minute0.stage(Stage.FIRST_AUDIBLE).quantile(0.5));
        assertWithinOnePercent(908, minute0.stage(Stage.FIRST_AUDIBLE).quantile(0.99));
        assertEquals(810, minute0.stage(Stage.FIRST_AUDIBLE).min());
        assertEquals(100, minute0.stage(Stage.FIRST_AUDIBLE).count());

        LatencyStats minute1 = topology.window(LatencyWindowSize.MINUTE.storeName(), "acme", MINUTE_1);
        assertEquals(1, minute1.turns());
        assertEquals(100, minute1.stage(Stage.FIRST_AUDIO_SENT).quantile(0.5));
        assertEquals(290, minute1.stage(Stage.FIRST_AUDIBLE).max());

        LatencyStats hour = topology.window(LatencyWindowSize.HOUR.storeName(), "acme", MINUTE_0);
        assertEquals(101, hour.turns());
        assertEquals(50, hour.stage(Stage.STT_FINAL).min());
    }

    @Test
    void stagesThatDidNotHappenOrRanBackwardsAreLeftOut() {
        // No audio (interrupted before the first TTS audio): only STT and brain are measured.
        turn("acme", "c-1", 1, MINUTE_0, 120, 400, 0, 0, 0);
        // A host clock behind: TTS audio "before" the end of speech.
        turn("acme", "c-2", 1, MINUTE_0.plusSeconds(1), 100, 300, -40, 700, 890);
        // An older gateway: no first audible frame, so voice-to-voice is not measured for this turn.
        turn("acme", "c-3", 1, MINUTE_0.plusSeconds(2), 100, 300, 400, 420, 0);

        LatencyStats stats = topology.window(LatencyWindowSize.MINUTE.storeName(), "acme", MINUTE_0);
        assertEquals(3, stats.turns());
        assertEquals(3, stats.stage(Stage.STT_FINAL).count());
        assertEquals(1, stats.stage(Stage.FIRST_TTS_AUDIO).count());
        assertEquals(2, stats.stage(Stage.FIRST_AUDIO_SENT).count());
        assertEquals(1, stats.stage(Stage.FIRST_AUDIBLE).count());
        assertEquals(890, stats.stage(Stage.FIRST_AUDIBLE).max());
        assertEquals(1, stats.outOfOrder());
    }

    @Test
    void turnsFallInTheMinuteTheyHappenedNotWhenTheyArrivedWithinGrace() {
        turn("acme", "c-1", 1, MINUTE_1.plusSeconds(10), 100, 200, 300, 400, 590);
        // Published two minutes late by an outbox: still minute 0, inside the one-hour grace.
        topology.send(latency("acme", "c-2", 1, MINUTE_0.plusSeconds(30), 100, 200, 300, 800, 990),
                MINUTE_0.plusSeconds(150));
        // An event stamped in the future by a fast clock is placed when it was published.
        topology.send(latency("acme", "c-3", 1, MINUTE_1.plusSeconds(3_600), 100, 200, 300, 500, 690),
                MINUTE_1.plusSeconds(20));

        LatencyStats minute0 = topology.window(LatencyWindowSize.MINUTE.storeName(), "acme", MINUTE_0);
        LatencyStats minute1 = topology.window(LatencyWindowSize.MINUTE.storeName(), "acme", MINUTE_1);
        assertEquals(1, minute0.turns());
        assertEquals(800, minute0.stage(Stage.FIRST_AUDIO_SENT).max());
        assertEquals(2, minute1.turns());

        // Far later than the grace: dropped rather than reopening a closed minute.
        turn("acme", "c-4", 1, MINUTE_1.plusSeconds(3_900), 100, 200, 300, 400, 590);
        topology.send(latency("acme", "c-5", 1, MINUTE_0.plusSeconds(10), 1, 2, 3, 4, 5),
                MINUTE_1.plusSeconds(3_901));
        assertEquals(1, ((LatencyStats) topology.window(LatencyWindowSize.MINUTE.storeName(), "acme", MINUTE_0))
                .turns());
    }

    @Test
    void tenantsHaveTheirOwnWindowsAndEveryChangeIsPublished() {
        turn("acme", "a-1", 1, MINUTE_0, 100, 200, 300, 400, 590);
        turn("globex", "g-1", 1, MINUTE_0.plusSeconds(2), 150, 250, 350, 450, 640);
        turn("acme", "a-1", 2, MINUTE_0.plusSeconds(4), 110, 210, 310, 410, 600);

        assertNull(topology.window(LatencyWindowSize.MINUTE.storeName(), "initech", MINUTE_0));
        List<TestRecord<String, LatencyWindow>> published = statsOut.readRecordsToList();
        assertEquals(6, published.size(), "3 turns, each updating its 1 m and its 1 h window");
        LatencyWindow lastAcmeMinute = published.stream()
                .filter(r -> r.key().equals("acme") && r.value().window().equals("1m"))
                .reduce((a, b) -> b).orElseThrow().value();
        assertEquals(2, lastAcmeMinute.turns());
        assertEquals(MINUTE_0, lastAcmeMinute.start());
        assertEquals(MINUTE_1, lastAcmeMinute.end());
        assertEquals(410, lastAcmeMinute.stages().get("firstAudioSent").max());
        assertEquals(600, lastAcmeMinute.stages().get("firstAudible").max());
        assertEquals(590, lastAcmeMinute.voiceToVoice().min());
        assertEquals(lastAcmeMinute.stages().get("firstAudible"), lastAcmeMinute.voiceToVoice(),
                "voice-to-voice is the first audible frame, not the first frame sent");
        assertTrue(published.stream().anyMatch(r -> r.key().equals("globex") && r.value().window().equals("1h")));
    }

    @Test
    void aTurnRepartitionedBeforeTheFirstAudibleStageExistedKeepsItsOtherStages() {
        // What the previous version could leave in the repartition topic across an upgrade: four stages, 32 bytes.
        byte[] older = ByteBuffer.allocate(4 * Long.BYTES).putLong(120).putLong(300).putLong(450).putLong(470)
                .array();
        topology.sendRaw(TopologyHarness.APPLICATION_ID + "-latency-by-tenant-repartition", "acme", older,
                MINUTE_0.plusSeconds(1));
        turn("acme", "c-2", 1, MINUTE_0.plusSeconds(2), 100, 200, 300, 320, 510);

        LatencyStats stats = topology.window(LatencyWindowSize.MINUTE.storeName(), "acme", MINUTE_0);
        assertEquals(2, stats.turns());
        assertEquals(2, stats.stage(Stage.FIRST_AUDIO_SENT).count());
        assertEquals(470, stats.stage(Stage.FIRST_AUDIO_SENT).max());
        assertEquals(2, stats.stage(Stage.STT_FINAL).count());
        assertEquals(1, stats.stage(Stage.FIRST_AUDIBLE).count(), "the older turn's audible stage is not measured");
        assertEquals(510, stats.stage(Stage.FIRST_AUDIBLE).min());
        assertEquals(0, stats.outOfOrder());
    }

    private void turn(String tenant, String callId, long turnId, Instant endOfSpeech, long stt, long brain,
                      long tts, long sent, long audible) {
        topology.send(latency(tenant, callId, turnId, endOfSpeech, stt, brain, tts, sent, audible),
                endOfSpeech.plusMillis(Math.max(Math.max(sent, audible), 0) + 50));
    }

    /** Stage offsets from the end of speech; 0 = the stage did not happen. */
    private static TurnLatency latency(String tenant, String callId, long turnId, Instant endOfSpeech, long stt,
                                       long brain, long tts, long sent, long audible) {
        long eos = endOfSpeech.toEpochMilli();
        return new TurnLatency(tenant, callId, endOfSpeech, turnId, eos, at(eos, stt), at(eos, brain), at(eos, tts),
                at(eos, sent), at(eos, audible));
    }

    private static long at(long eos, long offset) {
        return offset == 0 ? 0 : eos + offset;
    }

    private static void assertWithinOnePercent(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= Math.ceil(expected * 0.01) + 1, actual + " vs " + expected);
    }
}
