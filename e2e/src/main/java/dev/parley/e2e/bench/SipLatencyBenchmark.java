package dev.parley.e2e.bench;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.EarLog;
import dev.parley.e2e.caller.SimulatedCaller;
import dev.parley.e2e.sip.SippCall;
import dev.parley.e2e.stack.Secrets;
import dev.parley.e2e.stack.StackConfig;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End of the caller's speech → first audible agent audio, the same questions asked over the SIP trunk (sipp streaming
 * a WAV as PCMU RTP) and over Twilio media streams (the simulated Twilio phone, no network jitter), one call per
 * question. On SIP the ear is the RTP the gateway sent, placed by sequence number as a phone's jitter buffer plays it:
 * frame k of the stream plays (k + 1) x 20 ms after the ACK, when sipp also starts its WAV, so both sides share a clock.
 * Needs {@code ./parley up} started with {@code PARLEY_SIP_SYMMETRIC_RTP=false} (sipp listens on another port than it
 * sends from):
 * <pre>
 * PARLEY_SIP_SYMMETRIC_RTP=false ./parley up
 * java -cp 'e2e/target/e2e-0.1.0-SNAPSHOT.jar:e2e/target/lib/*' dev.parley.e2e.bench.SipLatencyBenchmark --rounds 2
 * </pre>
 */
public final class SipLatencyBenchmark {
    private static final List<String> QUESTIONS = List.of("where is my order one two three four",
            "what are your opening hours", "how long does delivery take", "can i return an item",
            "do you ship to other countries", "where is my order five six seven eight");
    /** Long enough for the greeting to end before the question starts (no barge-in in a latency measurement). */
    private static final Duration LEAD_IN = Duration.ofMillis(5000);
    private static final int FRAME = 160;

    private SipLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(option(args, "--rounds", "2"));
        int sipPort = Integer.parseInt(option(args, "--sip-port", "5060"));
        URI media = URI.create(option(args, "--gateway", "ws://127.0.0.1:8080/twilio/media"));
        String token = Secrets.load(StackConfig.defaultHome().resolve(".parley/secrets.env")).twilioAuthToken();
        EarCalls twilio = new EarCalls(media, token, 0);
        CallerVoice voice = new CallerVoice();
        Path work = Files.createTempDirectory("sip-latency");
        List<Long> sip = new ArrayList<>();
        List<Long> ws = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (String question : QUESTIONS) {
                long overSip = sipLatencyMs(sipPort, voice.speak(question), work.resolve("r" + round));
                long overTwilio = twilioLatencyMs(twilio, question);
                System.out.printf(Locale.ROOT, "%-40s sip %5d ms   twilio %5d ms%n", question, overSip, overTwilio);
                if (overSip >= 0) {
                    sip.add(overSip);
                }
                if (overTwilio >= 0) {
                    ws.add(overTwilio);
                }
            }
        }
        long sipP50 = Percentiles.of(sip, 50);
        long wsP50 = Percentiles.of(ws, 50);
        System.out.printf(Locale.ROOT, "end of speech -> first audible agent audio, %d questions each:%n"
                        + "  sip     p50 %d ms, p95 %d ms (n=%d)%n  twilio  p50 %d ms, p95 %d ms (n=%d)%n"
                        + "  sip - twilio at p50: %+d ms%n", QUESTIONS.size() * rounds, sipP50,
                Percentiles.of(sip, 95), sip.size(), wsP50, Percentiles.of(ws, 95), ws.size(), sipP50 - wsP50);
    }

    private static long sipLatencyMs(int sipPort, byte[] question, Path dir) throws Exception {
        SippCall.Result call = SippCall.place(sipPort, "+15550100100", question, LEAD_IN, Duration.ofSeconds(12),
                dir.resolve(Long.toString(System.nanoTime())));
        if (!call.sippPassed()) {
            System.out.println("sipp failed: " + call.sippOutput());
            return -1;
        }
        long endOfSpeechMs = LEAD_IN.toMillis() + question.length / 8;
        byte[] heard = call.heardUlaw();
        for (int k = (int) (endOfSpeechMs / 20); (k + 1) * FRAME <= heard.length; k++) {
            short[] frame = MuLaw.decode(java.util.Arrays.copyOfRange(heard, k * FRAME, (k + 1) * FRAME));
            if (Pcm16.rmsDbfs(frame, 0, frame.length) > EarLog.AUDIBLE_DBFS) {
                return (k + 1) * 20L - endOfSpeechMs;
            }
        }
        return -1;
    }

    private static long twilioLatencyMs(EarCalls calls, String question) throws Exception {
        try (SimulatedCaller caller = calls.dial("acme", CallerVoice.DEFAULT_VOICE)) {
            EarCalls.Speech speech = EarCalls.say(caller, question);
            long latency = EarCalls.firstAudibleMs(caller, speech.endNanos());
            caller.hangUp(Duration.ofSeconds(5));
            return latency;
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
