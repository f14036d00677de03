package dev.parley.dialogue.tenant;

import dev.parley.dialogue.embedding.Embedder;
import dev.parley.events.EventPublisher;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The tenants this service answers for, loaded at startup from {@code parley.tenants.dir} (one folder per tenant).
 * A tenant whose files are broken is reported and left out; the others still serve calls.
 */
@Startup
@ApplicationScoped
public class TenantDirectory {

    private static final Logger LOG = Logger.getLogger(TenantDirectory.class);

    @ConfigProperty(name = "parley.tenants.dir", defaultValue = "tenants")
    Path root;

    @Inject
    Embedder embedder;

    @Inject
    EventPublisher events;

    private final Map<String, Tenant> tenants = new TreeMap<>();
    private final Map<String, String> failures = new TreeMap<>();

    @PostConstruct
    void load() {
        if (!Files.isDirectory(root)) {
            LOG.errorf("tenants folder %s does not exist (set parley.tenants.dir / PARLEY_TENANTS_DIR)",
                    root.toAbsolutePath());
            return;
        }
        // Looked up per task: the worker pool Quarkus installs for Mutiny is the one turns must run on.
        TenantLoader loader = new TenantLoader(embedder, events,
                task -> Infrastructure.getDefaultWorkerPool().execute(task), TenantDirectory::configValue);
        long started = System.nanoTime();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String id = dir.getFileName().toString();
                try {
                    tenants.put(id, loader.load(dir));
                } catch (RuntimeException e) {
                    failures.put(id, e.getMessage());
                    LOG.errorf("tenant %s not loaded: %s", id, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list tenants folder " + root, e);
        }
        LOG.infof("loaded tenants %s from %s in %d ms", tenants.keySet(), root.toAbsolutePath(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** A configuration value by name: an environment variable, a system property, application.properties. */
    static String configValue(String name) {
        return ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse(null);
    }

    public Optional<Tenant> find(String id) {
        return Optional.ofNullable(tenants.get(id));
    }

    /** Why a tenant folder could not be loaded, if it could not. */
    public Optional<String> failure(String id) {
        return Optional.ofNullable(failures.get(id));
    }

    public Map<String, Tenant> tenants() {
        return Map.copyOf(tenants);
    }

    public Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    public Path root() {
        return root;
    }
}
