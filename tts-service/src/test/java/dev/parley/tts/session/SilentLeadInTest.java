package dev.parley.tts.session;

import dev.parley.audio.Pcm16;
import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.contracts.tts.v1.EndOfText;
import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.tts.TtsConfig;
import dev.parley.tts.audio.LeadingSilence;
import dev.parley.tts.engine.FallbackSynthesizer;
import dev.parley.tts.engine.SpeechSynthesizer;
import dev.parley.tts.engine.SynthesisException;
import dev.parley.tts.engine.SynthesizedAudio;
import dev.parley.tts.engine.flite.FliteSynthesizer;
import dev.parley.tts.tracing.TtsTracing;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An engine whose lead-in is longer than a chunk (real flite speech behind 1.5 s of -75 dBFS hiss), and one whose
 * first phrase is nothing but hiss: no silent chunk opens the reply, and the text spans and phrase indices stay right.
 */
class SilentLeadInTest {
    static final int HISS_MS = 1500;

    /** flite, with a long hissing lead-in, and only hiss for "Hmm." (a phrase an engine may render inaudibly). */
    static final class LongLeadIn implements SpeechSynthesizer {
        private final FliteSynthesizer flite = new FliteSynthesizer("", "kal16");

        @Override
        public String name() {
            return "flite";
        }

        @Override
        public Set<String> voices() {
            return flite.voices();
        }

        @Override
        public boolean isAvailable() {
            return flite.isAvailable();
        }

        @Override
        public SynthesizedAudio synthesize(String text, String voice) throws SynthesisException {
            SynthesizedAudio speech = flite.synthesize(text, voice);
            int rate = speech.sampleRate();
            short[] hiss = new short[rate * HISS_MS / 1000];
            Random random = new Random(3);
            for (int i = 0; i < hiss.length; i++) {
                hiss[i] = (short) Math.round(random.nextGaussian() * 6);
            }
            if (text.startsWith("Hmm")) {
                return new SynthesizedAudio(hiss, rate, name());
            }
            short[] all = new short[hiss.length + speech.samples().length];
            System.arraycopy(hiss, 0, all, 0, hiss.length);
            System.arraycopy(speech.samples(), 0, all, hiss.length, speech.samples().length);
            return new SynthesizedAudio(all, rate, name());
        }
    }

    private final TtsConfig config = new SmallRyeConfigBuilder().withMapping(TtsConfig.class)
            .withConverter(Duration.class, 100, new DurationConverter()).build().getConfigMapping(TtsConfig.class);
    private final SynthesisSessions sessions = new SynthesisSessions(new FallbackSynthesizer(List.of(new LongLeadIn())),
            new SynthesisWorkers(config), new RecordingEventPublisher(), new TtsMetrics(new SimpleMeterRegistry()),
            config, new TtsTracing(OpenTelemetry.noop()), 4);

    @Test
    void aLeadInLongerThanAChunkSendsNoSilentChunkAndALaterPauseIsCapped() throws Exception {
        String text = "Thanks for waiting. Your order has shipped.";
        List<AudioChunk> chunks = speak(text);
        TextToSpeechServiceTest.assertCoversContiguously(chunks, text.length());
        short[] first = Pcm16.fromBytes(chunks.get(0).getPcm().toByteArray());
        assertTrue(Pcm16.rmsDbfs(first, 0, 160) > -60 || Pcm16.rmsDbfs(first, 160, 160) > -60,
                "the first chunk opens on speech, not on the engine's 1.5 s lead-in");
        AudioChunk secondPhrase = chunks.stream().filter(c -> c.getPhraseIndex() == 1).findFirst().orElseThrow();
        short[] second = Pcm16.fromBytes(secondPhrase.getPcm().toByteArray());
        int onset = LeadingSilence.onset(second, 8000);
        assertTrue(onset >= 8000 * (LeadingSilence.MAX_PAUSE_MS - 10) / 1000
                && onset <= 8000 * (LeadingSilence.MAX_PAUSE_MS + 10) / 1000, "later pause capped: " + onset);
    }

    @Test
    void anInaudibleFirstPhraseSendsNothingAndItsTextGoesWithTheNextPhrase() throws Exception {
        String text = "Hmm. Thanks for waiting.";
        List<AudioChunk> chunks = speak(text);
        TextToSpeechServiceTest.assertCoversContiguously(chunks, text.length());
        assertEquals(0, chunks.get(0).getPhraseIndex());
        assertEquals(0, chunks.get(0).getTextStart());
        assertEquals(text.length(), chunks.get(0).getTextEnd(), "one audible phrase carries the whole text");
        short[] first = Pcm16.fromBytes(chunks.get(0).getPcm().toByteArray());
        assertTrue(LeadingSilence.onset(first, 8000) <= 8000 * 20 / 1000, "it opens on speech");
    }

    private List<AudioChunk> speak(String text) throws Exception {
        List<AudioChunk> chunks = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<SynthesizeRequest> stream = sessions.openUncounted(new StreamObserver<>() {
            @Override
            public void onNext(SynthesizeResponse r) {
                if (r.hasAudio()) {
                    chunks.add(r.getAudio());
                }
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        stream.onNext(SynthesizeRequest.newBuilder().setConfig(SynthesisConfig.newBuilder().setTenantId("t")
                .setCallId("c").setSampleRateHz(8000)).build());
        stream.onNext(SynthesizeRequest.newBuilder().setText(text).build());
        stream.onNext(SynthesizeRequest.newBuilder().setEnd(EndOfText.getDefaultInstance()).build());
        done.get(30, TimeUnit.SECONDS);
        return new ArrayList<>(chunks);
    }
}
