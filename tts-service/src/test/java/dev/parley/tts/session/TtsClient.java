package dev.parley.tts.session;

import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.contracts.tts.v1.EndOfText;
import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One Synthesize stream from the test side: records what comes back, in order, with arrival times. */
final class TtsClient implements ClientResponseObserver<SynthesizeRequest, SynthesizeResponse> {
    final List<SynthesizeResponse> responses = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<AudioChunk> audio = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> finished = new CompletableFuture<>();
    private ClientCallStreamObserver<SynthesizeRequest> requests;

    static TtsClient open(ManagedChannel channel) {
        TtsClient client = new TtsClient();
        TextToSpeechGrpc.newStub(channel).synthesize(client);
        return client;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SynthesizeRequest> requestStream) {
        this.requests = requestStream;
    }

    TtsClient config(String callId, int sampleRate, String voice) {
        requests.onNext(SynthesizeRequest.newBuilder().setConfig(SynthesisConfig.newBuilder()
                .setTenantId("acme").setCallId(callId).setTurnId(7).setSampleRateHz(sampleRate).setVoice(voice))
                .build());
        return this;
    }

    TtsClient text(String piece) {
        requests.onNext(SynthesizeRequest.newBuilder().setText(piece).build());
        return this;
    }

    TtsClient end() {
        requests.onNext(SynthesizeRequest.newBuilder().setEnd(EndOfText.getDefaultInstance()).build());
        requests.onCompleted();
        return this;
    }

    void cancel() {
        requests.cancel("barge-in", null);
    }

    AudioChunk nextAudio(Duration timeout) throws InterruptedException {
        AudioChunk chunk = audio.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (chunk == null) {
            throw new AssertionError("no audio within " + timeout + "; responses: " + responses.size()
                    + (finished.isDone() ? ", stream finished" : ""));
        }
        return chunk;
    }

    /** The status the stream ended with: null when it completed normally. */
    Throwable awaitEnd(Duration timeout) throws Exception {
        try {
            finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    @Override
    public void onNext(SynthesizeResponse value) {
        responses.add(value);
        if (value.hasAudio()) {
            audio.add(value.getAudio());
        }
    }

    @Override
    public void onError(Throwable t) {
        finished.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        finished.complete(null);
    }
}
