package dev.parley.analytics.bench;

import dev.parley.contracts.events.AgentTurnEvent;
import dev.parley.contracts.events.BargeIn;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.EngineFallback;
import dev.parley.contracts.events.SpeechRecognized;
import dev.parley.contracts.events.SpeechSynthesized;
import dev.parley.contracts.events.TransferRequested;
import dev.parley.contracts.events.TurnLatency;
import dev.parley.contracts.events.UserTurnEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The events of one plausible call, as the five services publish them: per turn a user turn, an agent turn, its
 * latency and a TTS usage record; a barge-in on some turns, a transfer or an engine fallback on some calls.
 */
public final class SyntheticCalls {
    public static final int TURNS_PER_CALL = 6;

    private final Random random = new Random(7);

    public List<CallEvent> call(String tenant, String callId, Instant start) {
        List<CallEvent> events = new ArrayList<>();
        events.add(new CallStarted(tenant, callId, start, "twilio", "+15550001", "+15550002"));
        Instant t = start;
        for (long turn = 1; turn <= TURNS_PER_CALL; turn++) {
            t = t.plusMillis(4_000 + random.nextInt(3_000));
            long eos = t.toEpochMilli();
            long stt = eos + 80 + random.nextInt(150);
            long brain = stt + 150 + random.nextInt(400);
            long tts = brain + 100 + random.nextInt(200);
            events.add(new UserTurnEvent(tenant, callId, t, turn, "I would like to check my order", 0.92, "speech"));
            // First audio sent 20 ms after the TTS's first audio, audible after festival's ~190 ms lead-in.
            events.add(new TurnLatency(tenant, callId, t, turn, eos, stt, brain, tts, tts + 20, tts + 210));
            boolean interrupted = random.nextInt(8) == 0;
            events.add(new AgentTurnEvent(tenant, callId, t.plusMillis(900), turn, "Your order ships tomorrow.",
                    interrupted ? "Your order" : "Your order ships tomorrow.", interrupted, "flow"));
            events.add(new SpeechSynthesized(tenant, callId, t.plusMillis(1_500), turn, "festival", 26, 1_400,
                    tts - eos, interrupted));
            if (interrupted) {
                events.add(new BargeIn(tenant, callId, t.plusMillis(1_000), turn, "Your order", false));
            }
        }
        if (random.nextInt(20) == 0) {
            events.add(new EngineFallback(tenant, callId, t, "stt", "deepgram", "vosk", "timeout"));
        }
        boolean transferred = random.nextInt(6) == 0;
        if (transferred) {
            events.add(new TransferRequested(tenant, callId, t.plusSeconds(2), TURNS_PER_CALL, "sip:desk", "asked"));
        }
        events.add(new SpeechRecognized(tenant, callId, t.plusSeconds(3), "vosk", 30_000, TURNS_PER_CALL));
        long durationMs = t.plusSeconds(3).toEpochMilli() - start.toEpochMilli();
        events.add(new CallEnded(tenant, callId, t.plusSeconds(3), durationMs,
                transferred ? "transferred" : "caller-hangup", TURNS_PER_CALL, TURNS_PER_CALL));
        return events;
    }
}
