package dev.parley.dialogue.support;

import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantLoader;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import java.nio.file.Path;
import java.util.Map;

/** Loads the project's real tenant folders, as the service does. */
public final class Tenants {

    private Tenants() {
    }

    public static Path root() {
        return Path.of(System.getProperty("parley.tenants.dir", "../tenants"));
    }

    public static Tenant load(String id, RecordingEventPublisher events) {
        return load(id, events, Map.of());
    }

    /** @param config the configuration values (environment) the tenant's files refer to: tool URLs, secrets */
    public static Tenant load(String id, RecordingEventPublisher events, Map<String, String> config) {
        return new TenantLoader(SharedEmbedder.get(), events, Infrastructure.getDefaultWorkerPool(), config::get)
                .load(root().resolve(id));
    }
}
