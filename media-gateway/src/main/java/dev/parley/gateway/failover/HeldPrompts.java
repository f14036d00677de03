package dev.parley.gateway.failover;

import dev.parley.contracts.tts.v1.EndOfText;
import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.contracts.tts.v1.TextToSpeechGrpc;
import dev.parley.gateway.backends.LiveChannels;
import dev.parley.gateway.playout.PhoneAudio;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway says by itself when no backend can: a short apology while a live-path service is failing over,
 * and a goodbye when a call must end (nothing recovered, or the gateway drains); also a recorded tenant's consent
 * announcement ({@link #line}). Synthesized once per voice while TTS is up — at warm-up for every tenant's voice —
 * and held as phone audio, so it plays when TTS itself is down. A call's own one-off lines go through here too
 * ({@link #speak}), unheld.
 */
@Singleton
public class HeldPrompts {
    private static final Logger LOG = Logger.getLogger(HeldPrompts.class);
    public static final String APOLOGY = "Sorry, one moment please.";
    public static final String GOODBYE = "I'm sorry, I have to end our call now. Please call again. Goodbye.";
    private static final long SYNTHESIS_TIMEOUT_S = 30;
    /** Whom TTS counts these characters for: the platform itself, never a tenant (no call of theirs asked). */
    public static final String ACCOUNT = "parley-gateway";

    private record Key(String voice, String text) {
    }

    private final TextToSpeechGrpc.TextToSpeechStub tts;
    private final ConcurrentHashMap<Key, byte[]> held = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();

    HeldPrompts(LiveChannels channels) {
        this.tts = TextToSpeechGrpc.newStub(channels.tts());
    }

    /** Synthesizes both prompts in each voice now; blocks until done or failed. */
    public int prepare(Collection<String> voices) {
        int ready = 0;
        for (String voice : voices) {
            for (String text : new String[]{APOLOGY, GOODBYE}) {
                if (prepare(voice, text)) {
                    ready++;
                }
            }
        }
        return ready;
    }

    /** Synthesizes {@code text} in {@code voice} now (a tenant's recording consent); blocks until done or failed. */
    public boolean prepare(String voice, String text) {
        try {
            request(new Key(voice, text)).get(SYNTHESIS_TIMEOUT_S, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            LOG.warnf("could not prepare the held prompt '%s' in voice '%s': %s", text, voice, e.toString());
            return false;
        }
    }

    /** The apology in {@code voice} as μ-law at 8 kHz, if held; a voice not held yet is synthesized for next time. */
    public Optional<byte[]> apology(String voice) {
        return get(new Key(voice, APOLOGY));
    }

    public Optional<byte[]> goodbye(String voice) {
        return get(new Key(voice, GOODBYE));
    }

    /** Another line the gateway says by itself (a tenant's recording consent), if held; else synthesized for later. */
    public Optional<byte[]> line(String voice, String text) {
        return get(new Key(voice, text));
    }

    private Optional<byte[]> get(Key key) {
        byte[] audio = held.get(key);
        if (audio == null) {
            request(key);
        }
        return Optional.ofNullable(audio);
    }

    private CompletableFuture<byte[]> request(Key key) {
        byte[] done = held.get(key);
        if (done != null) {
            return CompletableFuture.completedFuture(done);
        }
        return pending.computeIfAbsent(key, k -> {
            CompletableFuture<byte[]> result = synthesize(ACCOUNT, "held-prompts", k.voice(), k.text());
            result.whenComplete((audio, error) -> {
                if (audio != null) {
                    held.put(k, audio);
                }
                pending.remove(k);
            });
            return result;
        });
    }

    /**
     * Synthesizes a line one call says outside its turns (a warm transfer's brief), counted for its tenant and call
     * as the agent's words are; not held, it is said once. Completes on a gRPC thread.
     */
    public CompletableFuture<byte[]> speak(String tenantId, String callId, String voice, String text) {
        return synthesize(tenantId, callId, voice, text);
    }

    private CompletableFuture<byte[]> synthesize(String account, String callId, String voice, String text) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        ByteArrayOutputStream ulaw = new ByteArrayOutputStream();
        StreamObserver<SynthesizeRequest> requests = tts.withDeadlineAfter(SYNTHESIS_TIMEOUT_S, TimeUnit.SECONDS)
                .synthesize(new StreamObserver<>() {
                    @Override
                    public void onNext(SynthesizeResponse r) {
                        if (r.hasAudio()) {
                            ulaw.writeBytes(PhoneAudio.toMuLaw(r.getAudio()));
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        if (ulaw.size() == 0) {
                            result.completeExceptionally(new IllegalStateException("TTS returned no audio"));
                        } else {
                            result.complete(ulaw.toByteArray());
                        }
                    }
                });
        requests.onNext(SynthesizeRequest.newBuilder().setConfig(SynthesisConfig.newBuilder()
                .setTenantId(account).setCallId(callId).setVoice(voice).setSampleRateHz(8_000))
                .build());
        requests.onNext(SynthesizeRequest.newBuilder().setText(text).build());
        requests.onNext(SynthesizeRequest.newBuilder().setEnd(EndOfText.getDefaultInstance()).build());
        requests.onCompleted();
        return result;
    }
}
