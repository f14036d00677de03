package dev.parley.gateway.transport.sip;

import dev.parley.contracts.events.OutboundCall;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.events.EventPublisher;
import dev.parley.gateway.amd.AmdSettings;
import dev.parley.gateway.amd.AmdVerdict;
import dev.parley.gateway.backends.LiveChannels;
import dev.parley.gateway.outbound.OutboundEvents;
import dev.parley.gateway.stt.ListeningStream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Answering-machine detection on outbound calls of tenants that have it on ({@code sip.outbound.amd}): gives each
 * answered call its {@link AmdScreen}, publishes what it found on an answered outbound call, and counts verdicts
 * ({@code parley_sip_amd_total{verdict}}) with the time from answer to verdict ({@code parley_sip_amd_decision{verdict}}).
 *
 * <p>call.outbound's {@code status} is a closed enum in contracts (dialing ... failed) that has no AMD values, so
 * these events keep status {@code answered} (the call was) and say what answered in {@code reason}:
 * {@code amd:human}, {@code amd:machine}, {@code amd:unknown}, then for a machine one of {@code amd:voicemail-left},
 * {@code amd:voicemail-cut-off} (the callee hung up during the message), {@code amd:no-voicemail} (the tenant has no
 * message: hung up), {@code amd:greeting-too-long} (hung up). They are not counted as outcomes again
 * ({@code parley_sip_outbound_total}), the call's answered event was.
 *
 * <p>The callee's words are recognized by stt-service (the live STT channel, at the phone's 8 kHz) while a call is
 * screened; see {@link AmdScreen}.
 */
@Singleton
class AmdScreens {
    static final String PREFIX = "amd:";
    static final String VOICEMAIL_LEFT = "voicemail-left";
    static final String VOICEMAIL_CUT_OFF = "voicemail-cut-off";
    static final String NO_VOICEMAIL = "no-voicemail";
    static final String GREETING_TOO_LONG = "greeting-too-long";

    private final EventPublisher publisher;
    private final MeterRegistry registry;
    /** Empty only where no call is screened (tests of the outcomes alone). */
    private final Optional<SpeechToTextGrpc.SpeechToTextStub> stt;

    @Inject
    AmdScreens(EventPublisher publisher, MeterRegistry registry, LiveChannels channels) {
        this(publisher, registry, Optional.of(SpeechToTextGrpc.newStub(channels.stt())));
    }

    AmdScreens(EventPublisher publisher, MeterRegistry registry, Optional<SpeechToTextGrpc.SpeechToTextStub> stt) {
        this.publisher = publisher;
        this.registry = registry;
        this.stt = stt;
    }

    /** Screens the answered {@code call} before its session when the dial's tenant has AMD on. */
    void screen(OutboundDial dial, SipCall call) {
        Optional<AmdScreen.Words> words = stt.map(stub -> listener -> {
            ListeningStream stream = new ListeningStream(stub, dial.tenantId(), dial.callId(), 8_000, call.executor(),
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
        dial.outbound().amd().ifPresent(amd -> call.screen(new AmdScreen(dial, amd.voicemail(), AmdSettings.defaults(),
                this, words, call::startSession, call::hangUp)));
    }

    void decided(OutboundDial dial, AmdVerdict verdict) {
        String kind = verdict.kind().name().toLowerCase(Locale.ROOT);
        Counter.builder("parley.sip.amd").description("Answering-machine verdicts on outbound calls")
                .tag("verdict", kind).register(registry).increment();
        Timer.builder("parley.sip.amd.decision").description("Time from answer to the answering-machine verdict")
                .tag("verdict", kind).register(registry).record(Duration.ofMillis(verdict.atMs()));
        publish(dial, kind);
    }

    /** After a machine verdict: what became of the message ({@link #VOICEMAIL_LEFT} ...). */
    void machineOutcome(OutboundDial dial, String outcome) {
        publish(dial, outcome);
    }

    private void publish(OutboundDial dial, String what) {
        publisher.publish(new OutboundCall(dial.tenantId(), dial.callId(), Instant.now(), OutboundEvents.ANSWERED,
                dial.to(), dial.from(), 200, PREFIX + what, dial.parameters()));
    }
}
