package dev.parley.tts.bench;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import dev.parley.audio.Resampler;
import dev.parley.contracts.tts.v1.EndOfText;
import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.tts.TtsConfig;
import dev.parley.tts.audio.LeadingSilence;
import dev.parley.tts.engine.EngineChainProducer;
import dev.parley.tts.engine.FallbackSynthesizer;
import dev.parley.tts.engine.SpeechSynthesizer;
import dev.parley.tts.engine.SynthesizedAudio;
import dev.parley.tts.normalize.TextNormalizer;
import dev.parley.tts.session.SynthesisSessions;
import dev.parley.tts.session.SynthesisWorkers;
import dev.parley.tts.session.TtsMetrics;
import dev.parley.tts.tracing.TtsTracing;
import dev.parley.tts.warmup.WarmUp;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Prints what issue 10 asks to measure, per engine: the time to first audio of the first utterance after a fresh
 * start without and with the warm-up (each run its own JVM, as the service with its default engines and settings),
 * and the leading silence of a reply's first phrase before and after trimming (8 kHz μ-law, first 10 ms frame above
 * -55 dBFS, as the phone-side measurement counts audible).
 *
 * <pre>./mvnw -o -q -pl tts-service dependency:build-classpath -Dmdep.outputFile=/tmp/tts-cp.txt
 * java -cp tts-service/target/test-classes:tts-service/target/classes:$(cat /tmp/tts-cp.txt) \
 *     dev.parley.tts.bench.WarmStartBenchmark [runs, default 3]</pre>
 */
public final class WarmStartBenchmark {
    static final List<String> OPENINGS = List.of("Hi, this is the front desk.", "Thanks for calling.",
            "Five dollars is the fee.", "Sure, let me check.", "How can I help you today?", "Fine, I will book it.",
            "Yes, of course.", "Please hold on.", "We are open today.", "Sorry, I missed that.");
    static final Map<String, String> VOICES = Map.of("festival", "cmu_us_slt_arctic_hts", "flite", "kal16");

    static final Map<String, String> MODES = Map.of("cold", "no warm-up",
            "hello", "one direct 'Hello.' per engine (the warm-up before this change)",
            "warm", "after the warm-up (readiness UP)");

    private WarmStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--child")) {
            System.out.println("FIRST_AUDIO_MS " + firstAudioAfterStart(args[1], args[2]));
            System.exit(0);
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        for (String engine : List.of("festival", "flite")) {
            for (String mode : List.of("cold", "hello", "warm")) {
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    ms.add(child(engine, mode));
                }
                Collections.sort(ms);
                System.out.printf("MEASURED %s, first utterance after a fresh start, %s: time to first audio "
                        + "p50 %.0f ms (runs: %s)%n", engine, MODES.get(mode), ms.get(ms.size() / 2), ms);
            }
        }
        leadingSilence();
        System.exit(0);
    }

    /** One fresh JVM: the service's chain and sessions, warmed as {@code mode} says, then one streamed utterance. */
    static double firstAudioAfterStart(String engine, String mode) throws Exception {
        TtsConfig config = new SmallRyeConfigBuilder().withMapping(TtsConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()).build()
                .getConfigMapping(TtsConfig.class);
        FallbackSynthesizer chain = new EngineChainProducer().engines(config);
        SynthesisSessions sessions = new SynthesisSessions(chain, new SynthesisWorkers(config), event -> { },
                new TtsMetrics(new SimpleMeterRegistry()), config, new TtsTracing(OpenTelemetry.noop()), 4);
        if (mode.equals("hello")) {
            for (SpeechSynthesizer e : chain.engines()) {
                e.synthesize("Hello.", null);
            }
        } else if (mode.equals("warm")) {
            System.err.println("warm-up: " + new WarmUp(chain, sessions::openUncounted, VOICES,
                    config.warmUp().rounds(), config.warmUp().timeout()).run());
        }
        CompletableFuture<String> firstAudio = new CompletableFuture<>();
        StreamObserver<SynthesizeRequest> stream = sessions.openUncounted(new StreamObserver<>() {
            @Override
            public void onNext(SynthesizeResponse r) {
                if (r.hasAudio()) {
                    firstAudio.complete(r.getAudio().getEngine());
                }
            }

            @Override
            public void onError(Throwable t) {
                firstAudio.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        stream.onNext(SynthesizeRequest.newBuilder().setConfig(SynthesisConfig.newBuilder().setTenantId("bench")
                .setCallId("bench").setSampleRateHz(8000).setVoice(VOICES.get(engine))).build());
        long t0 = System.nanoTime();
        stream.onNext(SynthesizeRequest.newBuilder().setText("Sure, let me check that for you.").build());
        stream.onNext(SynthesizeRequest.newBuilder().setText(" One moment").build());
        String spokenBy = firstAudio.get(60, TimeUnit.SECONDS);
        double ms = (System.nanoTime() - t0) / 1e6;
        stream.onNext(SynthesizeRequest.newBuilder().setEnd(EndOfText.getDefaultInstance()).build());
        if (!spokenBy.equals(engine)) {
            System.err.println("note: the first phrase was spoken by " + spokenBy + ", not " + engine);
        }
        chain.close();
        return ms;
    }

    private static double child(String engine, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WarmStartBenchmark.class.getName(), "--child", engine, mode)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        double ms = Double.NaN;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("FIRST_AUDIO_MS ")) {
                    ms = Double.parseDouble(line.substring("FIRST_AUDIO_MS ".length()));
                }
            }
        }
        if (!p.waitFor(5, TimeUnit.MINUTES) || Double.isNaN(ms)) {
            p.destroyForcibly();
            throw new IllegalStateException("benchmark run " + engine + "/" + mode + " failed");
        }
        return Math.round(ms * 10) / 10.0;
    }

    /** First-phrase lead before and after trimming, per engine, on replies opening with soft consonants. */
    private static void leadingSilence() throws Exception {
        TtsConfig config = new SmallRyeConfigBuilder().withMapping(TtsConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()).build()
                .getConfigMapping(TtsConfig.class);
        TextNormalizer normalizer = new TextNormalizer();
        try (FallbackSynthesizer chain = new EngineChainProducer().engines(config)) {
            for (SpeechSynthesizer engine : chain.engines()) {
                List<Integer> before = new ArrayList<>();
                List<Integer> after = new ArrayList<>();
                for (String sentence : OPENINGS) {
                    SynthesizedAudio a = engine.synthesize(normalizer.normalize(sentence).spoken(), null);
                    short[] phone = Resampler.convert(a.samples(), a.sampleRate(), 8000);
                    before.add(firstAudibleMs(phone));
                    after.add(firstAudibleMs(LeadingSilence.trim(phone, 8000, true)));
                }
                Collections.sort(before);
                Collections.sort(after);
                System.out.printf("MEASURED %s, first-phrase leading silence (8 kHz mu-law, to the first -55 dBFS "
                                + "10 ms frame, %d openings): untrimmed p50 %d ms max %d ms; trimmed p50 %d ms "
                                + "max %d ms%n", engine.name(), OPENINGS.size(), before.get(before.size() / 2),
                        before.get(before.size() - 1), after.get(after.size() / 2), after.get(after.size() - 1));
            }
        }
    }

    private static int firstAudibleMs(short[] pcm) {
        short[] line = MuLaw.decode(MuLaw.encode(pcm));
        for (int off = 0; off + 80 <= line.length; off += 80) {
            if (Pcm16.rmsDbfs(line, off, 80) > -55) {
                return off / 8;
            }
        }
        return -1;
    }
}
