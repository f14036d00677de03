package dev.parley.tts.health;

import dev.parley.tts.warmup.WarmUp;
import dev.parley.tts.warmup.WarmUpState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Locale;

/** Not ready while the engines warm up (so no caller pays the first-use costs), nor if none could speak in it. */
@Readiness
@ApplicationScoped
public class WarmUpReadiness implements HealthCheck {

    @Inject
    WarmUp warmUp;

    @Override
    public HealthCheckResponse call() {
        WarmUpState s = warmUp.state();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("tts-warm-up").status(s.ready())
                .withData("state", s.phase().name().toLowerCase(Locale.ROOT));
        if (s.reason() != null) {
            b.withData("reason", s.reason());
        }
        if (s.millis() >= 0) {
            b.withData("ms", s.millis());
        }
        s.engines().forEach(b::withData);
        return b.build();
    }
}
