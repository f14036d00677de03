package dev.parley.dialogue.health;

import dev.parley.dialogue.tenant.TenantDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.TreeSet;

/** Ready once at least one tenant is loaded; lists the tenants that are not, and why. */
@Readiness
@ApplicationScoped
public class TenantsReadiness implements HealthCheck {

    @Inject
    TenantDirectory tenants;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("tenants")
                .status(!tenants.tenants().isEmpty())
                .withData("dir", tenants.root().toAbsolutePath().toString())
                .withData("loaded", String.join(",", new TreeSet<>(tenants.tenants().keySet())));
        tenants.failures().forEach((id, why) -> b.withData("failed." + id, why));
        return b.build();
    }
}
