package dev.parley.dialogue.support;

import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantLoader;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import java.nio.file.Path;

/** Loads the project's real tenant folders, as the service does. */
public final class Tenants {

    private Tenants() {
    }

    public static Path root() {
        return Path.of(System.getProperty("parley.tenants.dir", "../tenants"));
    }

    public static Tenant load(String id, RecordingEventPublisher events) {
        return new TenantLoader(SharedEmbedder.get(), events, Infrastructure.getDefaultWorkerPool())
                .load(root().resolve(id));
    }
}
