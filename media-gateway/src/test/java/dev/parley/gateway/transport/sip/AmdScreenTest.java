package dev.parley.gateway.transport.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.audio.MuLaw;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.OutboundCall;
import dev.parley.gateway.amd.AmdSettings;
import dev.parley.gateway.stt.ListeningStream;
import dev.parley.gateway.tenant.DialLimits;
import dev.parley.gateway.tenant.OutboundAmd;
import dev.parley.gateway.tenant.SipOutbound;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A screen's decisions without SIP: a machine with no message is hung up on at the verdict, a greeting that never
 * ends is hung up on after {@link AmdScreen#MAX_GREETING_MS}, and nothing reaches the detector once it has decided.
 * The callee "talks" in noise bursts of 400 ms with 200 ms pauses: sound on the line that is not a tone, with pauses
 * too short to end a hello or a greeting, which is how the detector hears a greeting that goes on. A stand-in
 * recognizer plays the words: they make a short greeting a machine, and without them (broken, or never there) the
 * sound alone decides.
 */
class AmdScreenTest {
    private final List<CallEvent> published = new ArrayList<>();
    private final List<Map<String, String>> started = new ArrayList<>();
    private final List<String> hungUp = new ArrayList<>();
    private final Random noise = new Random(5);
    private int frame;

    private AmdScreen screen(Optional<String> voicemail) {
        return screen(voicemail, Optional.empty());
    }

    private AmdScreen screen(Optional<String> voicemail, Optional<AmdScreen.Words> words) {
        SipOutbound trunk = new SipOutbound("sip:127.0.0.1", "+15550100100", new DialLimits(1, 1, null),
                Optional.empty(), Optional.of(new OutboundAmd(voicemail)));
        OutboundDial dial = new OutboundDial("t1", "voice", trunk, "+15551230000", Map.of(), null, "abc@host", null);
        return new AmdScreen(dial, voicemail, AmdSettings.defaults(),
                new AmdScreens(published::add, new SimpleMeterRegistry(), Optional.empty()), words,
                started::add, hungUp::add);
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
            screen.hear(i < 100 ? talking() : silence);
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
    void aBrokenRecognizerLeavesTheSoundToDecide() {
        Recognizer recognizer = new Recognizer();
        AmdScreen screen = screen(Optional.of("Call us back."), Optional.of(recognizer));
        byte[] silence = MuLaw.encode(new short[160]);
        for (int i = 0; i < 400 && started.isEmpty(); i++) {
            screen.hear(i < 100 ? talking() : silence);
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
            screen.hear(talking());
        }
        assertEquals(List.of("amd:machine"), reasons(), "greeting-length speech still makes a machine");
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
        return published.stream().map(e -> ((OutboundCall) e).reason()).toList();
    }

    @Test
    void aMachineWithoutAMessageIsHungUpOnAtTheVerdict() {
        AmdScreen screen = screen(Optional.empty());
        for (int i = 0; i < 300 && hungUp.isEmpty(); i++) {
            screen.hear(talking());
        }
        assertEquals(List.of("amd:machine", "amd:no-voicemail"), reasons());
        assertEquals(1, hungUp.size());
        assertTrue(started.isEmpty(), "no session");
    }

    @Test
    void aGreetingThatNeverEndsIsHungUpOnAfterTheCap() {
        AmdScreen screen = screen(Optional.of("Call us back."));
        int frames = 0;
        while (hungUp.isEmpty() && frames < 3_000) {
            screen.hear(talking());
            frames++;
        }
        assertEquals(List.of("amd:machine", "amd:greeting-too-long"), reasons());
        long verdictMs = AmdSettings.defaults().machineSpeechMs();
        assertTrue(frames * 20L >= AmdScreen.MAX_GREETING_MS + verdictMs, frames * 20 + " ms");
        assertTrue(started.isEmpty(), "no message into a greeting still playing");
        screen.ended("answering machine greeting still going");
        assertEquals(2, published.size(), "nothing more once hung up");
    }

    @Test
    void silenceIsUnknownAndGetsTheSessionWithoutAMessage() {
        AmdScreen screen = screen(Optional.of("Call us back."));
        byte[] silence = MuLaw.encode(new short[160]);
        for (int i = 0; i < 400; i++) {
            screen.hear(silence);
        }
        assertEquals(List.of("amd:unknown"), reasons());
        assertEquals(List.of(Map.of()), started);
        screen.ended("caller-hangup");
        assertEquals(1, published.size());
        assertNull(((OutboundCall) published.get(0)).parameters().get(AmdScreen.VOICEMAIL));
    }
}
