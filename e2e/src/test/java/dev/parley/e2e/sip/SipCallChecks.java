package dev.parley.e2e.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.audio.MuLaw;
import dev.parley.e2e.analytics.AnalyticsClient;
import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.HeardWords;
import dev.parley.e2e.caller.LineNoise;
import dev.parley.e2e.caller.TurnTranscriber;
import dev.parley.e2e.stack.Service;
import dev.parley.e2e.stack.StackConfig;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Calls over the SIP trunk from SIP clients we did not write, on a running stack whose gateway sends RTP to the SDP
 * address (sipp streams from one port and is heard on another): what the caller hears is transcribed at the phone.
 */
public final class SipCallChecks {
    private static final int RATE = 8000;

    private SipCallChecks() {
    }

    /** sipp asks about an order from a WAV, hears the answer, hangs up (its BYE), and analytics bills the call. */
    public static void sippAsksAndIsAnsweredThenHangsUpAndIsBilled(StackConfig stack, TurnTranscriber transcriber,
                                                                  CallerVoice voice) throws Exception {
        SippCall.Result sip = SippCall.place(SipTrunk.port(stack.baseUri(Service.GATEWAY)), "+15550100100",
                voice.speak("where is my order one two three four"), Duration.ofMillis(4500), Duration.ofSeconds(14),
                stack.runDir().resolve("sipp"));
        assertTrue(sip.sippPassed(), "sipp: INVITE answered, ACK, caller's BYE answered 200:\n" + sip.sippOutput());
        String heard = transcriber.transcribe(sip.heardUlaw());
        System.out.println("[sip] sipp heard " + sip.rtpPackets() + " RTP packets: \"" + heard + "\"");
        assertEquals(List.of(), HeardWords.missing(heard, "help", "shipped", "friday"), "heard: " + heard);
        AnalyticsClient analytics = new AnalyticsClient(stack.baseUri(Service.ANALYTICS),
                stack.secrets().analyticsAcmeKey());
        String callId = SipTrunk.callId(sip.sipCallId());
        OptionalLong billed = OptionalLong.empty();
        for (long until = System.nanoTime() + 20_000_000_000L; billed.isEmpty() && System.nanoTime() < until; ) {
            billed = analytics.callBilledSeconds("acme", callId);
            Thread.sleep(500);
        }
        assertTrue(billed.isPresent() && billed.getAsLong() >= 14, "analytics bills the SIP call " + callId
                + " for its 14 s and more: " + billed);
    }

    /**
     * baresip asks where its order is, types the number on the keypad when the agent asks for it (RFC 4733), hears
     * the answer, asks a second question, hears that answer, and hangs up at the end of its audio.
     */
    public static void baresipTypesTheOrderNumberAndAsksASecondQuestion(StackConfig stack, TurnTranscriber transcriber,
                                                                       CallerVoice voice) throws Exception {
        LineNoise noise = new LineNoise(3);
        ByteArrayOutputStream caller = new ByteArrayOutputStream();
        caller.writeBytes(noise.ulaw(RATE * 5));
        caller.writeBytes(voice.speak("where is my order"));
        caller.writeBytes(noise.ulaw(RATE * 22 - caller.size()));
        caller.writeBytes(voice.speak("what are your opening hours"));
        caller.writeBytes(noise.ulaw(RATE * 32 - caller.size()));
        BaresipCall.Result call = BaresipCall.place(SipTrunk.port(stack.baseUri(Service.GATEWAY)), "+15550100100",
                MuLaw.decode(caller.toByteArray()), List.of(new BaresipCall.Keys(Duration.ofMillis(15500), "1234")),
                stack.runDir().resolve("baresip"));
        String heard = transcriber.transcribe(call.heardUlaw());
        System.out.println("[sip] baresip heard: \"" + heard + "\"");
        assertTrue(call.log().contains("Call established"), "baresip's call is answered:\n" + call.log());
        assertEquals(List.of(), HeardWords.missing(heard, "number", "shipped", "friday", "weekends"),
                "the order answer after the keys, then the opening hours; heard: " + heard + "\n" + call.log());
    }
}
