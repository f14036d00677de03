package dev.parley.gateway.session;

import dev.parley.contracts.dialogue.v1.DialogueGrpc;
import dev.parley.contracts.stt.v1.SpeechToTextGrpc;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import dev.parley.events.EventPublisher;
import dev.parley.gateway.backends.LiveChannels;
import dev.parley.gateway.failover.HeldPrompts;
import dev.parley.gateway.recording.Recordings;
import dev.parley.gateway.vad.SileroVad;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** The shared engines and clients every call session uses. */
@Singleton
public class LiveServices {
    // Plain async stubs over the live channels: the session drives each stream with StreamObservers.
    private final SpeechToTextGrpc.SpeechToTextStub stt;
    private final DialogueGrpc.DialogueStub dialogue;
    private final TextToSpeechGrpc.TextToSpeechStub tts;
    @Inject
    SileroVad vad;
    @Inject
    EventPublisher events;
    @Inject
    GatewayMetrics metrics;
    @Inject
    OpenTelemetry telemetry;
    @Inject
    HeldPrompts prompts;
    @Inject
    Recordings recordings;

    public LiveServices(LiveChannels channels) {
        this.stt = SpeechToTextGrpc.newStub(channels.stt());
        this.dialogue = DialogueGrpc.newStub(channels.dialogue());
        this.tts = TextToSpeechGrpc.newStub(channels.tts());
    }

    SpeechToTextGrpc.SpeechToTextStub stt() {
        return stt;
    }

    DialogueGrpc.DialogueStub dialogue() {
        return dialogue;
    }

    TextToSpeechGrpc.TextToSpeechStub tts() {
        return tts;
    }

    SileroVad vad() {
        return vad;
    }

    EventPublisher events() {
        return events;
    }

    GatewayMetrics metrics() {
        return metrics;
    }

    HeldPrompts prompts() {
        return prompts;
    }

    Recordings recordings() {
        return recordings;
    }

    Tracer tracer() {
        return telemetry.getTracer("dev.parley.gateway");
    }
}
