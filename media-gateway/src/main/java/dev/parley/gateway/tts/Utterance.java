package dev.parley.gateway.tts;

import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.contracts.tts.v1.EndOfText;
import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.Executor;

/**
 * The handle of one agent utterance: text goes in as the brain writes it, audio comes back phrase by phrase.
 * {@link #cancel()} is how a barge-in stops synthesis; after it, nothing more reaches the listener.
 */
public final class Utterance {

    public interface Listener {
        void onSpeechAudio(Utterance utterance, AudioChunk chunk);

        void onSpeechDone(Utterance utterance);

        void onSpeechError(Utterance utterance, Throwable error);
    }

    private final long turnId;
    private final StringBuilder text = new StringBuilder();
    private final ClientCallStreamObserver<SynthesizeRequest> requests;
    private boolean textEnded;
    private boolean finished;
    private boolean cancelled;

    public Utterance(TextToSpeechGrpc.TextToSpeechStub stub, SynthesisConfig config, Executor context,
                     Listener listener) {
        this.turnId = config.getTurnId();
        StreamObserver<SynthesizeResponse> responses = new StreamObserver<>() {
            @Override
            public void onNext(SynthesizeResponse r) {
                context.execute(() -> {
                    if (!cancelled && r.hasAudio()) {
                        listener.onSpeechAudio(Utterance.this, r.getAudio());
                    }
                });
            }

            @Override
            public void onError(Throwable t) {
                context.execute(() -> {
                    finished = true;
                    if (!cancelled) {
                        listener.onSpeechError(Utterance.this, t);
                    }
                });
            }

            @Override
            public void onCompleted() {
                context.execute(() -> {
                    finished = true;
                    if (!cancelled) {
                        listener.onSpeechDone(Utterance.this);
                    }
                });
            }
        };
        requests = (ClientCallStreamObserver<SynthesizeRequest>) stub.synthesize(responses);
        requests.onNext(SynthesizeRequest.newBuilder().setConfig(config).build());
    }

    public long turnId() {
        return turnId;
    }

    /** Everything written so far; TTS text offsets index into it. */
    public String text() {
        return text.toString();
    }

    public boolean finished() {
        return finished;
    }

    public void write(String delta) {
        if (!textEnded && !cancelled) {
            text.append(delta);
            requests.onNext(SynthesizeRequest.newBuilder().setText(delta).build());
        }
    }

    public void endOfText() {
        if (!textEnded && !cancelled) {
            textEnded = true;
            requests.onNext(SynthesizeRequest.newBuilder().setEnd(EndOfText.getDefaultInstance()).build());
            requests.onCompleted();
        }
    }

    public void cancel() {
        if (!cancelled && !finished) {
            cancelled = true;
            requests.cancel("barge-in", null);
        }
        cancelled = true;
    }
}
