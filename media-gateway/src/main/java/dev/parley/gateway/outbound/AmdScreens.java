package dev.parley.gateway.outbound;

import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.OutboundCall;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.events.EventPublisher;
import dev.parley.gateway.amd.AmdSettings;
import dev.parley.gateway.amd.AmdVerdict;
import dev.parley.gateway.backends.LiveChannels;
import dev.parley.gateway.stt.ListeningStream;
import dev.parley.gateway.tenant.OutboundRoute;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Answering-machine detection on outbound calls of routes that have it on ({@code sip.outbound.amd},
 * {@code twilio.outbound.amd}): gives each answered call its {@link AmdScreen}, publishes what it found, and counts
 * verdicts ({@code parley_outbound_amd_total{verdict,via}}) with the time from answer to verdict
 * ({@code parley_outbound_amd_decision_seconds{verdict,via}}).
 *
 * <p>call.outbound's {@code status} is a closed enum in contracts (dialing ... failed) that has no AMD values, so
 * these events keep status {@code answered} (the call was) and say what answered in {@code reason}:
 * {@code amd:human}, {@code amd:machine}, {@code amd:unknown}, then for a machine one of {@code amd:voicemail-left},
 * {@code amd:voicemail-cut-off} (the callee hung up during the message), {@code amd:no-voicemail} (the tenant has no
 * message: hung up), {@code amd:greeting-too-long} (hung up). They are not counted as outcomes again
 * ({@code parley_outbound_calls_total}), the call's answered event was.
 *
 * <p>Billing counts call.ended, which a call session publishes; an answered call that never got one (hung up on at a
 * machine verdict, or gone during the screening) gets its call.started (at the answer) and call.ended here, so the
 * line's time is billed all the same.
 *
 * <p>The callee's words are recognized by stt-service (the live STT channel, at the phone's 8 kHz) while a call is
 * screened; see {@link AmdScreen}.
 */
@Singleton
public class AmdScreens {
    static final String PREFIX = "amd:";
    static final String VOICEMAIL_LEFT = "voicemail-left";
    static final String VOICEMAIL_CUT_OFF = "voicemail-cut-off";
    static final String NO_VOICEMAIL = "no-voicemail";
    static final String GREETING_TOO_LONG = "greeting-too-long";
    /** call.ended's reason for an answering machine we hung up on (or that hung up) without leaving a message. */
    public static final String MACHINE_END_REASON = "amd-machine";

    private final EventPublisher publisher;
    private final MeterRegistry registry;
    private final LongSupplier clock;
    /** Empty only where no call's words are recognized (tests of the screening by sound alone). */
    private final Optional<SpeechToTextGrpc.SpeechToTextStub> stt;

    @Inject
    AmdScreens(EventPublisher publisher, MeterRegistry registry, LiveChannels channels) {
        this(publisher, registry, System::currentTimeMillis, Optional.of(SpeechToTextGrpc.newStub(channels.stt())));
    }

    /**
     * @param clock epoch ms, for the billing records of calls without a session
     * @param stt   where callees' words are recognized; empty: by sound alone
     */
    AmdScreens(EventPublisher publisher, MeterRegistry registry, LongSupplier clock,
               Optional<SpeechToTextGrpc.SpeechToTextStub> stt) {
        this.publisher = publisher;
        this.registry = registry;
        this.clock = clock;
        this.stt = stt;
    }

    /**
     * A screen for {@code dial}, answered now, when its route has AMD on; empty: start its session at once.
     *
     * @param context      the call's context, which feeds the screen: the recognizer's transcripts are handed on there
     * @param startSession starts the call's session with these extra CallStart parameters
     * @param hangUp       ends the call from our side for this reason; the transport then calls
     *                     {@link AmdScreen#ended} with the call's end reason, as it does whoever ends the call
     */
    public Optional<AmdScreen> screen(Dialled dial, Executor context, Consumer<Map<String, String>> startSession,
                                      Consumer<String> hangUp) {
        Optional<AmdScreen.Words> words = stt.map(stub -> listener -> {
            ListeningStream stream = new ListeningStream(stub, dial.tenantId(), dial.callId(), 8_000, context,
                    listener);
            return new AmdScreen.Recognition() {
                @Override
                public void audio(short[] pcm) {
                    stream.audio(pcm);
                }

                @Override
                public void close() {
                    stream.close();
                }
            };
        });
        return dial.route().amd().map(amd -> new AmdScreen(dial, amd, AmdSettings.defaults(), this,
                clock.getAsLong(), words, startSession, hangUp));
    }

    void decided(Dialled dial, AmdVerdict verdict) {
        String kind = verdict.kind().name().toLowerCase(Locale.ROOT);
        Counter.builder("parley.outbound.amd").description("Answering-machine verdicts on outbound calls, by route")
                .tag("verdict", kind).tag("via", dial.via()).register(registry).increment();
        Timer.builder("parley.outbound.amd.decision").description("Time from answer to the answering-machine verdict")
                .tag("verdict", kind).tag("via", dial.via()).register(registry)
                .record(Duration.ofMillis(verdict.atMs()));
        publish(dial, kind);
    }

    /** After a machine verdict: what became of the message ({@link #VOICEMAIL_LEFT} ...). */
    void machineOutcome(Dialled dial, String outcome) {
        publish(dial, outcome);
    }

    /** The answered call ended without a session: its billing record, from the answer to now, without turns. */
    void endedWithoutSession(Dialled dial, long answeredAtMs, String reason) {
        long now = clock.getAsLong();
        publisher.publish(new CallStarted(dial.tenantId(), dial.callId(), Instant.ofEpochMilli(answeredAtMs),
                dial.via(), dial.from(), dial.to()));
        publisher.publish(new CallEnded(dial.tenantId(), dial.callId(), Instant.ofEpochMilli(now),
                Math.max(0, now - answeredAtMs), reason, 0, 0));
    }

    /** As the call's answered event: a SIP call's 200, a Twilio call's 0 (no HTTP status in that news). */
    private void publish(Dialled dial, String what) {
        int status = OutboundRoute.SIP.equals(dial.via()) ? 200 : 0;
        publisher.publish(new OutboundCall(dial.tenantId(), dial.callId(), Instant.now(), OutboundEvents.ANSWERED,
                dial.to(), dial.from(), status, PREFIX + what, dial.parameters()));
    }
}
