package dev.parley.tts.warmup;

import dev.parley.contracts.events.SpeechSynthesized;
import dev.parley.tts.TtsConfig;
import dev.parley.tts.engine.FallbackSynthesizer;
import dev.parley.tts.engine.SpeechSynthesizer;
import dev.parley.tts.engine.festival.FestivalSynthesizer;
import dev.parley.tts.engine.flite.FliteSynthesizer;
import dev.parley.tts.session.RecordingEventPublisher;
import dev.parley.tts.session.SynthesisSessions;
import dev.parley.tts.session.SynthesisWorkers;
import dev.parley.tts.session.TtsMetrics;
import dev.parley.tts.tracing.TtsTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm-up for real: real engines, real sessions; only the clock of its timeout is made short where it matters. */
class WarmUpTest {
    static final String HTS = "cmu_us_slt_arctic_hts";
    static final Map<String, String> VOICES = Map.of("festival", HTS, "flite", "kal16");

    /** The service's defaults, "2s" read as Quarkus reads it. */
    private final TtsConfig config = new SmallRyeConfigBuilder().withMapping(TtsConfig.class)
            .withConverter(Duration.class, 100, new DurationConverter()).build().getConfigMapping(TtsConfig.class);
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private WarmUp warmUp(List<SpeechSynthesizer> chain, int rounds, Duration timeout) {
        FallbackSynthesizer engines = new FallbackSynthesizer(chain);
        SynthesisSessions sessions = new SynthesisSessions(engines, new SynthesisWorkers(config), events,
                new TtsMetrics(registry), config, new TtsTracing(OpenTelemetry.noop()), 4);
        return new WarmUp(engines, sessions::openUncounted, VOICES, rounds, timeout);
    }

    @Test
    void everyEngineSpeaksThroughTheSessionPathBeforeReadinessAndNoTenantIsBilled() {
        try (FestivalSynthesizer festival = new FestivalSynthesizer("festival", HTS, 1, Duration.ofSeconds(10))) {
            WarmUp warmUp = warmUp(List.of(festival, new FliteSynthesizer("", "kal16")), 2, Duration.ofSeconds(60));
            assertFalse(warmUp.state().ready());
            assertEquals("warming", warmUp.state().reason());

            WarmUpState done = warmUp.run();

            assertEquals(done, warmUp.state());
            assertTrue(done.ready(), done.toString());
            assertNull(done.reason());
            assertEquals(Map.of("festival", "warm", "flite", "warm"), done.engines());
            assertTrue(done.millis() > 0);
            assertTrue(events.of(SpeechSynthesized.class, "warm-up-festival-0").isEmpty(),
                    "the warm-up publishes no usage");
            assertNull(registry.find("parley.tts.utterances").counter(), "nor counts in the service's metrics");
        }
    }

    @Test
    void aFestivalThatCannotSpeakInTimeIsReportedAndFliteKeepsTheServiceReady() {
        try (FestivalSynthesizer slow = new FestivalSynthesizer("festival", HTS, 1, Duration.ofMillis(1))) {
            WarmUpState done = warmUp(List.of(slow, new FliteSynthesizer("", "kal16")), 1, Duration.ofSeconds(60))
                    .run();
            assertTrue(done.ready(), done.toString());
            assertTrue(done.engines().get("festival").startsWith("failed: its phrases were spoken by [flite]"),
                    done.toString());
            assertEquals("warm", done.engines().get("flite"));
        }
    }

    @Test
    void withNoEngineThatCanSpeakReadinessStaysDownWithTheReason() {
        try (FestivalSynthesizer slow = new FestivalSynthesizer("festival", HTS, 1, Duration.ofMillis(1));
             FestivalSynthesizer missing = new FestivalSynthesizer("/nonexistent/festival", HTS, 1,
                     Duration.ofSeconds(1))) {
            WarmUpState timedOut = warmUp(List.of(slow), 1, Duration.ofSeconds(60)).run();
            assertFalse(timedOut.ready());
            assertEquals("no engine spoke in the warm-up", timedOut.reason());
            assertTrue(timedOut.engines().get("festival").startsWith("failed: "), timedOut.toString());

            WarmUpState absent = warmUp(List.of(missing), 1, Duration.ofSeconds(60)).run();
            assertFalse(absent.ready());
            assertEquals(Map.of("festival", "unavailable"), absent.engines());
        }
    }

    @Test
    void theWarmUpStopsWhenItsTimeIsUpAndReportsWhatItDidNotWarm() {
        WarmUpState done = warmUp(List.of(new FliteSynthesizer("", "kal16")), 1000, Duration.ZERO).run();
        assertFalse(done.ready(), done.toString());
        assertEquals("not warmed: the warm-up's time ran out after 0 rounds", done.engines().get("flite"));
    }
}
