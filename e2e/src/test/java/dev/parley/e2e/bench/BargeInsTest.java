package dev.parley.e2e.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import dev.parley.e2e.caller.AgentSpeech;
import dev.parley.e2e.caller.EarLog;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The barge-in stop time read off the ear, on the agent's real voice played until it was stopped. */
class BargeInsTest {
    private static final long TICK = 20_000_000L;
    private static final long MS = 1_000_000L;
    private static final byte[] AGENT = AgentSpeech.say("we are open monday to friday from nine to six and closed on"
            + " weekends and public holidays");

    /** The agent's audio played from tick 0 up to {@code stopTick} (then nothing), the caller talking meanwhile. */
    private static EarLog played(int stopTick, int ticks) {
        EarLog ear = new EarLog();
        for (int f = 0; f < ticks; f++) {
            double level = EarLog.NOTHING_PLAYED;
            if (f < stopTick && (f + 1) * 160 <= AGENT.length) {
                short[] pcm = MuLaw.decode(Arrays.copyOfRange(AGENT, f * 160, f * 160 + 160));
                level = Pcm16.rmsDbfs(pcm, 0, 160);
            }
            ear.record(f * TICK, -70, level);
        }
        return ear;
    }

    @Test
    void stopIsTheLastAudibleFrameBeforeTheAgentFellSilent() {
        long onset = 50 * TICK;
        long callerEnd = 150 * TICK;
        EarLog ear = played(60, 200);
        long lastHeard = ear.lastAudible(0, 60 * TICK);
        assertEquals((lastHeard - onset) / MS, BargeIns.stopMs(ear, onset, callerEnd));
        assertEquals(true, lastHeard >= 55 * TICK, "the agent was talking up to the stop");
    }

    @Test
    void anAgentThatTalksOnThroughTheCallerIsMeasuredToItsNextPause() {
        long onset = 20 * TICK;
        int agentFrames = AGENT.length / 160;
        EarLog ear = played(agentFrames, agentFrames + 40);
        long callerEnd = ear.firstAudible(60 * TICK);
        long end = ear.lastAudibleBeforeSilence(callerEnd, 400 * MS);
        assertEquals((end - onset) / MS, BargeIns.stopMs(ear, onset, callerEnd));
        assertEquals(true, end > callerEnd, "it stopped only after the caller had finished");
    }

    @Test
    void notYetDecidableUntilThePhoneHasPlayedPastTheCallersLastWord() {
        EarLog ear = played(60, 70);
        assertEquals(-1, BargeIns.stopMs(ear, 50 * TICK, 65 * TICK));
    }

    @Test
    void anAgentAlreadySilentWhenTheCallerBeganStoppedAtOnce() {
        EarLog ear = played(10, 200);
        assertEquals(0, BargeIns.stopMs(ear, 100 * TICK, 150 * TICK));
    }
}
