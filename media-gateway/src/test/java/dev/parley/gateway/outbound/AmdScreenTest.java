package dev.parley.gateway.transport.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.audio.MuLaw;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.OutboundCall;
import dev.parley.gateway.amd.AmdSettings;
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
 * too short to end a hello or a greeting, which is how the detector hears a greeting that goes on.
 */
class AmdScreenTest {
    private final List<CallEvent> published = new ArrayList<>();
    private final List<Map<String, String>> started = new ArrayList<>();
    private final List<String> hungUp = new ArrayList<>();
    private final Random noise = new Random(5);
    private int frame;

    private AmdScreen screen(Optional<String> voicemail) {
        SipOutbound trunk = new SipOutbound("sip:127.0.0.1", "+15550100100", new DialLimits(1, 1, null),
                Optional.empty(), Optional.of(new OutboundAmd(voicemail)));
        OutboundDial dial = new OutboundDial("t1", "voice", trunk, "+15551230000", Map.of(), null, "abc@host", null);
        return new AmdScreen(dial, voicemail, AmdSettings.defaults(),
                new AmdScreens(published::add, new SimpleMeterRegistry()), started::add, hungUp::add);
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
