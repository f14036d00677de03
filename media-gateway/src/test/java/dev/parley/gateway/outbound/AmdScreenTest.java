package dev.parley.gateway.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.audio.MuLaw;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.OutboundCall;
import dev.parley.gateway.amd.AmdSettings;
import dev.parley.gateway.stt.ListeningStream;
import dev.parley.gateway.tenant.DialLimits;
import dev.parley.gateway.tenant.OutboundAmd;
import dev.parley.gateway.tenant.OutboundRoute;
import dev.parley.gateway.tenant.TwilioOutbound;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A screen's decisions without a line: a machine with no message is hung up on at the verdict, a greeting that never
 * ends is hung up on after {@link AmdScreen#MAX_GREETING_MS}, and nothing reaches the detector once it has decided.
 * An answered call that gets no session is billed from the answer to its end (call.started, call.ended); one that
 * gets a session leaves that to the session. The callee "talks" in noise bursts of 400 ms with 200 ms pauses: sound
 * on the line that is not a tone, with pauses too short to end a hello or a greeting, which is how the detector hears
 * a greeting that goes on. The clock moves 20 ms per frame heard, as a line's would. A stand-in recognizer plays the
 * words: they make a short greeting a machine, and without them (broken, or never there) the sound alone decides.
 */
class AmdScreenTest {
    private static final long ANSWERED_AT = 1_800_000_000_000L;

    /** A dialled call as the screen sees it, through a Twilio account (the route is not the screen's business). */
    private record Call(OutboundRoute route) implements Dialled {
        public String tenantId() {
            return "t1";
        }

        public String callId() {
            return "TW1";
        }

        public String to() {
            return "+15551230000";
        }

        public String from() {
            return "+15550100100";
        }

        public String via() {
            return route.via();
        }

        public Map<String, String> parameters() {
            return Map.of();
        }

        public String openingLine() {
            return null;
        }
    }

    private final List<CallEvent> published = new ArrayList<>();
    private final List<Map<String, String>> started = new ArrayList<>();
    private final List<String> hungUp = new ArrayList<>();
    private final Random noise = new Random(5);
    private long now = ANSWERED_AT;
    private int frame;

    private AmdScreen screen(Optional<String> voicemail) {
        return screen(voicemail, Optional.empty());
    }

    private AmdScreen screen(Optional<String> voicemail, Optional<AmdScreen.Words> words) {
        TwilioOutbound account = new TwilioOutbound("AC" + "0".repeat(32), "TOKEN", "+15550100100",
                new DialLimits(1, 1, null), Optional.of(new OutboundAmd(voicemail)));
        AmdScreens screens = new AmdScreens(published::add, new SimpleMeterRegistry(), () -> now, Optional.empty());
        return new AmdScreen(new Call(account), account.amd().orElseThrow(), AmdSettings.defaults(), screens, now,
                words, started::add, hungUp::add);
    }

    /** A recognizer stand-in: counts the audio it got, and whether it was closed; the test plays its answers. */
    private static final class Recognizer implements AmdScreen.Words, AmdScreen.Recognition {
        ListeningStream.Listener listener;
        int frames;
        boolean closed;

        @Override
        public AmdScreen.Recognition open(ListeningStream.Listener listener) {
            this.listener = listener;
            return this;
        }

        @Override
        public void audio(short[] pcm) {
            assertFalse(closed, "no audio once closed");
            frames++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** 2 s of "speech" (noise bursts), then silence; the recognizer's partial at 1.6 s when given. */
    private void shortGreeting(AmdScreen screen, Recognizer recognizer, String partial) {
        byte[] silence = MuLaw.encode(new short[160]);
        for (int i = 0; i < 400 && started.isEmpty() && hungUp.isEmpty(); i++) {
            hear(screen, i < 100 ? talking() : silence);
            if (i == 80 && partial != null) {
                recognizer.listener.heard(partial, false);
            }
        }
    }

    @Test
    void aShortGreetingsWordsMakeItAMachineThatGetsTheMessage() {
        Recognizer recognizer = new Recognizer();
        AmdScreen screen = screen(Optional.of("Call us back."), Optional.of(recognizer));
        shortGreeting(screen, recognizer, "hi its kim leave a message");
        assertEquals(List.of("amd:machine"), reasons());
        assertTrue(recognizer.closed, "the stream ends at the verdict");
        assertTrue(recognizer.frames > 0 && recognizer.frames <= 82, "audio until the verdict: " + recognizer.frames);
        assertEquals(List.of(Map.of(AmdScreen.VOICEMAIL, "Call us back.")), started);
    }

    @Test
    void aPersonKnownByTheirWordsMidSentenceGetsTheSessionAtTheirPause() {
        Recognizer recognizer = new Recognizer();
        AmdScreen screen = screen(Optional.of("Call us back."), Optional.of(recognizer));
        byte[] silence = MuLaw.encode(new short[160]);
        int verdictFrame = -1;
        for (int i = 0; i < 400 && started.isEmpty(); i++) {
            hear(screen, i < 140 ? talking() : silence);
            if (i == 60) {
                recognizer.listener.heard("hello dave speaking", false);
            }
            verdictFrame = verdictFrame < 0 && !reasons().isEmpty() ? i : verdictFrame;
        }
        assertEquals(List.of("amd:human"), reasons());
        assertTrue(verdictFrame > 60 && verdictFrame < 70, "decided as the words came: frame " + verdictFrame);
        assertTrue(recognizer.closed, "the stream ends at the verdict");
        assertEquals(List.of(Map.of()), started);
        long talkEnds = ANSWERED_AT + 140 * 20;
        assertTrue(now >= talkEnds + AmdSettings.defaults().humanSilenceMs(),
                "the session waits for the person's pause: " + (now - ANSWERED_AT) + " ms after answer");
    }

    @Test
    void aBrokenRecognizerLeavesTheSoundToDecide() {
        Recognizer recognizer = new Recognizer();
        AmdScreen screen = screen(Optional.of("Call us back."), Optional.of(recognizer));
        byte[] silence = MuLaw.encode(new short[160]);
        for (int i = 0; i < 400 && started.isEmpty(); i++) {
            hear(screen, i < 100 ? talking() : silence);
            if (i == 10) {
                recognizer.listener.failed(new IllegalStateException("stt-service gone"));
            }
        }
        assertEquals(List.of("amd:human"), reasons(), "a 2 s greeting without words: taken for a long hello");
        assertEquals(List.of(Map.of()), started);
    }

    @Test
    void noRecognizerAtAllLeavesTheSoundToDecide() {
        AmdScreen.Words refused = listener -> {
            throw new IllegalStateException("no channel");
        };
        AmdScreen screen = screen(Optional.of("Call us back."), Optional.of(refused));
        for (int i = 0; i < 400 && started.isEmpty() && hungUp.isEmpty(); i++) {
            hear(screen, talking());
        }
        assertEquals(List.of("amd:machine"), reasons(), "greeting-length speech still makes a machine");
    }

    private void hear(AmdScreen screen, byte[] frame) {
        now += 20;
        screen.hear(frame);
    }

    private byte[] talking() {
        short[] pcm = new short[160];
        if (frame++ % 30 >= 20) {
            return MuLaw.encode(pcm);
        }
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (noise.nextGaussian() * 3000);
        }
        return MuLaw.encode(pcm);
    }

    private List<String> reasons() {
        return published.stream().filter(e -> e instanceof OutboundCall).map(e -> ((OutboundCall) e).reason())
                .toList();
    }

    private CallEnded billed() {
        CallStarted start = (CallStarted) published.stream().filter(e -> e instanceof CallStarted).findFirst()
                .orElseThrow(() -> new AssertionError("no call.started: " + published));
        assertEquals(Instant.ofEpochMilli(ANSWERED_AT), start.timestamp(), "started at the answer");
        assertEquals("twilio", start.transport());
        assertEquals("+15550100100", start.from());
        assertEquals("+15551230000", start.to());
        return (CallEnded) published.stream().filter(e -> e instanceof CallEnded).findFirst()
                .orElseThrow(() -> new AssertionError("no call.ended: " + published));
    }

    @Test
    void aMachineWithoutAMessageIsHungUpOnAtTheVerdictAndBilled() {
        AmdScreen screen = screen(Optional.empty());
        for (int i = 0; i < 300 && hungUp.isEmpty(); i++) {
            hear(screen, talking());
        }
        assertEquals(List.of("amd:machine", "amd:no-voicemail"), reasons());
        assertEquals(1, hungUp.size());
        assertTrue(started.isEmpty(), "no session");
        now += 40; // the line's hang-up takes a moment
        screen.ended(hungUp.get(0));
        CallEnded ended = billed();
        assertEquals(AmdScreens.MACHINE_END_REASON, ended.reason());
        assertEquals(now - ANSWERED_AT, ended.durationMs(), "the line's time, answer to hang-up");
        assertTrue(ended.durationMs() >= 4_000, ended.durationMs() + " ms");
        assertEquals(0, ended.userTurns() + ended.agentTurns());
        screen.ended("caller-hangup");
        assertEquals(4, published.size(), "billed once");
    }

    @Test
    void aGreetingThatNeverEndsIsHungUpOnAfterTheCap() {
        AmdScreen screen = screen(Optional.of("Call us back."));
        int frames = 0;
        while (hungUp.isEmpty() && frames < 3_000) {
            hear(screen, talking());
            frames++;
        }
        assertEquals(List.of("amd:machine", "amd:greeting-too-long"), reasons());
        long verdictMs = AmdSettings.defaults().machineSpeechMs();
        assertTrue(frames * 20L >= AmdScreen.MAX_GREETING_MS + verdictMs, frames * 20 + " ms");
        assertTrue(started.isEmpty(), "no message into a greeting still playing");
        screen.ended("answering machine greeting still going");
        assertEquals(2, reasons().size(), "nothing more once hung up");
        assertEquals(AmdScreens.MACHINE_END_REASON, billed().reason());
    }

    @Test
    void silenceIsUnknownAndGetsTheSessionWithoutAMessageWhichBillsTheCall() {
        AmdScreen screen = screen(Optional.of("Call us back."));
        byte[] silence = MuLaw.encode(new short[160]);
        for (int i = 0; i < 400; i++) {
            hear(screen, silence);
        }
        assertEquals(List.of("amd:unknown"), reasons());
        assertEquals(List.of(Map.of()), started);
        screen.ended("caller-hangup");
        assertEquals(1, published.size(), "the session publishes the call's start and end, not the screen");
        assertNull(((OutboundCall) published.get(0)).parameters().get(AmdScreen.VOICEMAIL));
        assertEquals(0, ((OutboundCall) published.get(0)).sipStatus(), "a Twilio call's answer has no HTTP status");
    }

    @Test
    void aCalleeGoneBeforeTheVerdictIsBilledAsTheirHangUp() {
        AmdScreen screen = screen(Optional.empty());
        byte[] silence = MuLaw.encode(new short[160]);
        for (int i = 0; i < 50; i++) {
            hear(screen, silence);
        }
        screen.ended("caller-hangup");
        assertEquals(List.of(), reasons(), "no verdict");
        assertEquals("caller-hangup", billed().reason());
        assertEquals(1_000, billed().durationMs());
    }

    @Test
    void audioInOtherSizesIsCutIntoTheDetectorsFrames() {
        AmdScreen screen = screen(Optional.empty());
        for (int i = 0; i < 300 && hungUp.isEmpty(); i++) {
            byte[] twenty = talking();
            now += 20;
            screen.hear(Arrays.copyOfRange(twenty, 0, 100));
            screen.hear(Arrays.copyOfRange(twenty, 100, 160));
        }
        assertEquals(List.of("amd:machine", "amd:no-voicemail"), reasons(), "the same verdict as in 20 ms frames");
    }
}
