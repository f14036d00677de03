package dev.parley.gateway.tts;

import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.contracts.tts.v1.EndOfText;
import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import dev.parley.gateway.failover.AnswerDeadline;
import dev.parley.gateway.failover.Outages;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import java.util.concurrent.Executor;

/**
 * The handle of one agent utterance: text goes in as the brain writes it, audio comes back phrase by phrase.
 * {@link #cancel()} is how a barge-in stops synthesis; after it, nothing more reaches the listener. If the stream
 * fails, the text not yet voiced is synthesized again on a new stream (another instance, by round robin); its audio
 * keeps the text offsets of the whole utterance.
 */
public final class Utterance {
    public static final String STAGE = "tts";
    /** With all the text given, this long without audio (or the end) means the instance hangs. */
    static final long AUDIO_DEADLINE_MS = 5_000;

    public interface Listener {
        void onSpeechAudio(Utterance utterance, AudioChunk chunk);

        void onSpeechDone(Utterance utterance);

        /** Synthesis failed in a way a new stream cannot mend (or the outage lasted the whole window). */
        void onSpeechError(Utterance utterance, Throwable error);
    }

    private final TextToSpeechGrpc.TextToSpeechStub stub;
    private final SynthesisConfig config;
    private final Executor context;
    private final Listener listener;
    private final Outages outages;
    private final long turnId;
    private final AnswerDeadline audioDue;
    private final StringBuilder text = new StringBuilder();
    /** Where the text of the current stream starts in {@link #text}: its offsets are relative to it. */
    private int streamStart;
    /** How far into {@link #text} audio has arrived. */
    private int voicedTo;
    private ClientCallStreamObserver<SynthesizeRequest> requests;
    private boolean textEnded;
    private boolean finished;
    private boolean cancelled;

    public Utterance(TextToSpeechGrpc.TextToSpeechStub stub, SynthesisConfig config, Executor context,
                     Listener listener, Outages outages) {
        this.stub = stub;
        this.config = config;
        this.context = context;
        this.listener = listener;
        this.outages = outages;
        this.turnId = config.getTurnId();
        this.audioDue = outages.deadline(AUDIO_DEADLINE_MS, this::stalled);
        open();
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
            send(SynthesizeRequest.newBuilder().setText(delta).build());
        }
    }

    public void endOfText() {
        if (!textEnded && !cancelled) {
            textEnded = true;
            audioDue.expect();
            if (requests != null) {
                requests.onNext(SynthesizeRequest.newBuilder().setEnd(EndOfText.getDefaultInstance()).build());
                requests.onCompleted();
            }
        }
    }

    public void cancel() {
        if (!cancelled && !finished && requests != null) {
            requests.cancel("barge-in", null);
        }
        cancelled = true;
        audioDue.answered();
    }

    private void send(SynthesizeRequest request) {
        if (requests != null) {
            requests.onNext(request);
        }
    }

    private void open() {
        ClientResponseObserver<SynthesizeRequest, SynthesizeResponse> responses = new ClientResponseObserver<>() {
            private ClientCallStreamObserver<SynthesizeRequest> mine;

            @Override
            public void beforeStart(ClientCallStreamObserver<SynthesizeRequest> stream) {
                mine = stream;
                stream.setOnReadyHandler(() -> context.execute(() -> {
                    if (requests == mine) {
                        outages.opened(STAGE, () -> requests == mine);
                    }
                }));
            }

            @Override
            public void onNext(SynthesizeResponse r) {
                context.execute(() -> {
                    if (!cancelled && requests == mine && r.hasAudio()) {
                        AudioChunk chunk = r.getAudio();
                        if (streamStart > 0) {
                            chunk = chunk.toBuilder().setTextStart(streamStart + chunk.getTextStart())
                                    .setTextEnd(streamStart + chunk.getTextEnd()).build();
                        }
                        voicedTo = Math.max(voicedTo, chunk.getTextEnd());
                        if (textEnded) {
                            audioDue.answeredMoreDue();
                        }
                        listener.onSpeechAudio(Utterance.this, chunk);
                    }
                });
            }

            @Override
            public void onError(Throwable t) {
                context.execute(() -> {
                    if (cancelled || requests != mine) {
                        return;
                    }
                    requests = null;
                    audioDue.answered();
                    outages.failed(STAGE, t, Utterance.this::resynthesize, Utterance.this::failed);
                });
            }

            @Override
            public void onCompleted() {
                context.execute(() -> {
                    if (requests == mine) {
                        finished = true;
                        audioDue.answered();
                        if (!cancelled) {
                            listener.onSpeechDone(Utterance.this);
                        }
                    }
                });
            }
        };
        requests = (ClientCallStreamObserver<SynthesizeRequest>) stub.synthesize(responses);
        requests.onNext(SynthesizeRequest.newBuilder().setConfig(config).build());
    }

    /** A new stream for the text no audio has come back for yet. */
    private void resynthesize() {
        if (cancelled) {
            return;
        }
        streamStart = voicedTo;
        open();
        String rest = text.substring(voicedTo);
        if (!rest.isEmpty()) {
            requests.onNext(SynthesizeRequest.newBuilder().setText(rest).build());
        }
        if (textEnded) {
            requests.onNext(SynthesizeRequest.newBuilder().setEnd(EndOfText.getDefaultInstance()).build());
            requests.onCompleted();
            audioDue.expect();
        }
    }

    /** The instance holds the stream but sends no audio: drop it, so the rest is voiced by another. */
    private void stalled() {
        if (requests != null && !finished && !cancelled) {
            requests.cancel("tts-service sent no audio within " + AUDIO_DEADLINE_MS + " ms", null);
        }
    }

    private void failed(Throwable error) {
        if (!finished && !cancelled) {
            finished = true;
            listener.onSpeechError(this, error);
        }
    }
}
