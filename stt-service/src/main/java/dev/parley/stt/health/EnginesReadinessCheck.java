package dev.parley.stt.health;

import dev.parley.stt.engines.SttEngines;
import dev.parley.stt.recognizer.SpeechRecognizer;
import dev.parley.stt.vosk.VoskRecognizer;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when at least one engine of the chain can open streams (its model is loaded). */
@Readiness
@Singleton
public class EnginesReadinessCheck implements HealthCheck {
    private final SttEngines engines;

    EnginesReadinessCheck(SttEngines engines) {
        this.engines = engines;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("stt-engines")
                .status(engines.recognizer().ready());
        for (SpeechRecognizer engine : engines.engines()) {
            response.withData(engine.name(), describe(engine));
        }
        return response.build();
    }

    private static String describe(SpeechRecognizer engine) {
        if (engine instanceof VoskRecognizer) {
            VoskRecognizer vosk = (VoskRecognizer) engine;
            return vosk.loadError().orElse("model " + vosk.modelDir() + " loaded in " + vosk.loadMillis() + " ms");
        }
        return engine.ready() ? "ready" : "not ready";
    }
}
