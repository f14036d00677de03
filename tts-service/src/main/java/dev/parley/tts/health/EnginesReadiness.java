package dev.parley.tts.health;

import dev.parley.tts.engine.FallbackSynthesizer;
import dev.parley.tts.engine.SpeechSynthesizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when at least one engine of the chain can synthesize; reports each engine. */
@Readiness
@ApplicationScoped
public class EnginesReadiness implements HealthCheck {

    @Inject
    FallbackSynthesizer engines;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("tts-engines").status(engines.isAvailable());
        for (SpeechSynthesizer e : engines.engines()) {
            b.withData(e.name(), e.isAvailable() ? "available" : "unavailable");
        }
        return b.build();
    }
}
