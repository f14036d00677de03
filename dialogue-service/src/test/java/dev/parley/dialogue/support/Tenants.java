package dev.parley.dialogue.support;

import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantLoader;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

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

    /** A copy of a real tenant folder in a temporary directory, for a test to change. */
    public static Path copy(String id) {
        try {
            Path copy = Files.createTempDirectory("tenant-").resolve(id);
            Path source = root().resolve(id);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path f : files.toList()) {
                    Path target = copy.resolve(source.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a tenant folder (a copy, say) as the service does. */
    public static Tenant load(Path dir, RecordingEventPublisher events, Map<String, String> config) {
        return new TenantLoader(SharedEmbedder.get(), events, Infrastructure.getDefaultWorkerPool(), config::get)
                .load(dir);
    }

    /** @param config the configuration values (environment) the tenant's files refer to: tool URLs, secrets */
    public static Tenant load(String id, RecordingEventPublisher events, Map<String, String> config) {
        return load(root().resolve(id), events, config);
    }
}
