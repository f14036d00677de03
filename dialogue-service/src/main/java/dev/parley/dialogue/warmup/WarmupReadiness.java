package dev.parley.dialogue.warmup;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN ("warming") until the warm-up has run, so the first call routed here is served warm. */
@Readiness
@Singleton
public class WarmupReadiness implements HealthCheck {
    private final DialogueWarmup warmup;

    WarmupReadiness(DialogueWarmup warmup) {
        this.warmup = warmup;
    }

    @Override
    public HealthCheckResponse call() {
        WarmupStatus s = warmup.status();
        return HealthCheckResponse.named("dialogue-warmup").status(s.ready())
                .withData("state", s.state().name().toLowerCase())
                .withData("detail", s.detail())
                .withData("millis", s.millis())
                .build();
    }
}
