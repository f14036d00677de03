package dev.parley.e2e.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The phone the benchmark listens with: the gateway's frames cross a jittered line in order, the loudspeaker plays
 * 20 ms per tick. On a simulated clock: frames sent exactly in real time starve the loudspeaker under 0-60 ms of
 * jitter in most calls; with 80 ms sent ahead, they never do.
 */
class JitteredPhoneTest {
    private static final long TICK = 20_000_000L;
    private static final byte[] AGENT = AgentSpeech.say("we are open monday to friday");

    @Test
    void messagesArriveLateByUpToTheJitterButNeverOutOfOrder() {
        JitteredArrival<Integer> line = new JitteredArrival<>(60, 42);
        List<Long> due = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            due.add(line.add(i, i * TICK));
        }
        long jitter = 60_000_000L;
        for (int i = 0; i < due.size(); i++) {
            long late = due.get(i) - i * TICK;
            assertTrue(late >= 0, "never early");
            assertTrue(late < jitter || (i > 0 && due.get(i).equals(due.get(i - 1))),
                    "late by less than the jitter, unless held up by the packet ahead");
            assertTrue(i == 0 || due.get(i) >= due.get(i - 1), "in order");
        }
        List<Integer> arrived = line.arrived(500 * TICK + jitter);
        assertEquals(500, arrived.size());
        for (int i = 0; i < arrived.size(); i++) {
            assertEquals(i, arrived.get(i));
        }
        assertTrue(new JitteredArrival<Integer>(0, 1).isImmediate());
    }

    @Test
    void aBurstSentAtOnceTravelsTogether() {
        JitteredArrival<Integer> line = new JitteredArrival<>(60, 3);
        long first = line.add(0, 0);
        for (int i = 1; i < 5; i++) {
            assertEquals(first, line.add(i, 100_000L * i), "one segment: the same arrival");
        }
        assertEquals(5, line.arrived(first).size());
    }

    /** Ticks the loudspeaker spent starved once it had started playing and before its last frame. */
    private static int starvedTicksMidSpeech(long leadNanos, long seed) {
        JitteredArrival<byte[]> line = new JitteredArrival<>(60, seed);
        PhonePlayback playback = new PhonePlayback();
        AgentTurn turn = new AgentTurn(0, null, 0, true);
        EarLog ear = new EarLog();
        long playedBytes = 0;
        long firstPlayed = -1;
        long lastPlayed = -1;
        int frames = AGENT.length / 160;
        long start = 1_000 * TICK;
        for (int f = 0; f < frames; f++) {
            // The gateway sends the lead at once, then paces: frame f leaves `lead` before it is due to play.
            line.add(Arrays.copyOfRange(AGENT, f * 160, f * 160 + 160), start + Math.max(0, f * TICK - leadNanos));
        }
        for (long now = start; now < start + (frames + 20) * TICK; now += TICK) {
            for (byte[] frame : line.arrived(now)) {
                playback.enqueueAudio(turn, frame);
            }
            PhonePlayback.Tick tick = playback.tick();
            playedBytes += tick.playedBytes();
            if (tick.playedBytes() > 0) {
                firstPlayed = firstPlayed < 0 ? now : firstPlayed;
                lastPlayed = now;
            }
            short[] pcm = MuLaw.decode(tick.played().isEmpty() ? new byte[0] : tick.played().get(0).audio());
            ear.record(now, -70, tick.playedBytes() == 0 ? EarLog.NOTHING_PLAYED : Pcm16.rmsDbfs(pcm, 0, pcm.length));
        }
        long first = ear.firstAudible(0);
        long last = ear.lastAudible(0, Long.MAX_VALUE);
        assertTrue(first >= 0 && last > first, "the agent was heard");
        int starved = 0;
        for (long t = firstPlayed; t <= lastPlayed; t += TICK) {
            if (ear.firstStarved(t, t) >= 0) {
                starved++;
            }
        }
        assertEquals(frames * 160L, playedBytes, "every frame sent was played");
        return starved;
    }

    @Test
    void framesSentJustInTimeStarveTheLoudspeakerUnderJitter() {
        // Only a late first frame buys slack for the rest (the phone starts playing when it arrives), so most
        // calls hear gaps, not all.
        int withGaps = 0;
        for (long seed = 1; seed <= 10; seed++) {
            withGaps += starvedTicksMidSpeech(0, seed) > 0 ? 1 : 0;
        }
        assertTrue(withGaps >= 3, "0-60 ms late frames leave gaps a caller hears, in " + withGaps + " of 10 calls");
    }

    @Test
    void aLeadLongerThanTheJitterPlaysWithoutAGap() {
        for (long seed = 1; seed <= 10; seed++) {
            assertEquals(0, starvedTicksMidSpeech(80_000_000L, seed), "seed " + seed);
        }
    }
}
