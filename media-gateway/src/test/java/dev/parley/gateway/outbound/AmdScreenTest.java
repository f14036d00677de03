package dev.parley.gateway.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.audio.MuLaw;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.OutboundCall;
import dev.parley.gateway.amd.AmdSettings;
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
 * a greeting that goes on. The clock moves 20 ms per frame heard, as a line's would.
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
        TwilioOutbound account = new TwilioOutbound("AC" + "0".repeat(32), "TOKEN", "+15550100100",
                new DialLimits(1, 1, null), Optional.of(new OutboundAmd(voicemail)));
        return new AmdScreens(published::add, new SimpleMeterRegistry(), () -> now)
                .screen(new Call(account), started::add, hungUp::add).orElseThrow();
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
