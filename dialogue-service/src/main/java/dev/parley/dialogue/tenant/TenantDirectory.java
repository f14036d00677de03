package dev.parley.dialogue.tenant;

import dev.parley.dialogue.embedding.Embedder;
import dev.parley.events.EventPublisher;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The tenants this service answers for, one folder each under {@code parley.tenants.dir}, loaded at startup and
 * reloaded when their files change: at once where the kernel reports it ({@code parley.tenants.watch}, on by default),
 * and within {@code parley.tenants.reload-interval} everywhere (network volumes, symbolic links). A tenant whose files are broken is
 * reported and left out — or, if it was loaded before, keeps serving in its previous version while the error is
 * reported; the others are untouched. A call keeps the version of its tenant it started with.
 */
@Startup
@ApplicationScoped
public class TenantDirectory {

    private static final Logger LOG = Logger.getLogger(TenantDirectory.class);
    /** Files an editor or a deploy writes in several steps are reloaded once they have been quiet this long. */
    static final Duration SETTLE = Duration.ofMillis(300);

    @ConfigProperty(name = "parley.tenants.dir", defaultValue = "tenants")
    Path root;

    @ConfigProperty(name = "parley.tenants.watch", defaultValue = "true")
    boolean watch;

    /** How often the folder is read again for what the watcher cannot see (0: never); media-gateway's name and default. */
    @ConfigProperty(name = "parley.tenants.reload-interval", defaultValue = "10s")
    Duration reloadInterval;

    @Inject
    Embedder embedder;

    @Inject
    EventPublisher events;

    /** What is being served: replaced whole on every (re)load, so readers never see half a change. */
    private record Snapshot(Map<String, Tenant> tenants, Map<String, String> failures) {
    }

    private volatile Snapshot current = new Snapshot(Map.of(), Map.of());
    private TenantLoader loader;
    private TenantWatcher watcher;
    private TenantPoller poller;
    /** What each tenant folder looked like when it was last (re)loaded: the poller reloads what differs. */
    private volatile Map<String, String> loadedPrints = Map.of();

    @PostConstruct
    void load() {
        if (!Files.isDirectory(root)) {
            LOG.errorf("tenants folder %s does not exist (set parley.tenants.dir / PARLEY_TENANTS_DIR)",
                    root.toAbsolutePath());
            return;
        }
        // Looked up per task: the worker pool Quarkus installs for Mutiny is the one turns must run on.
        loader = new TenantLoader(embedder, events, task -> Infrastructure.getDefaultWorkerPool().execute(task),
                TenantDirectory::configValue);
        long started = System.nanoTime();
        reload(null);
        LOG.infof("loaded tenants %s from %s in %d ms", new TreeSet<>(current.tenants().keySet()),
                root.toAbsolutePath(), (System.nanoTime() - started) / 1_000_000);
        if (watch) {
            try {
                watcher = new TenantWatcher(root, SETTLE, this::reload);
                LOG.infof("watching %s: tenant changes are loaded as they are saved", root.toAbsolutePath());
            } catch (IOException e) {
                LOG.errorf("cannot watch %s (%s): tenant changes wait for the next poll", root.toAbsolutePath(), e);
            }
        }
        if (reloadInterval != null && !reloadInterval.isZero() && !reloadInterval.isNegative()) {
            poller = new TenantPoller(root, reloadInterval, () -> loadedPrints, this::reload);
        }
    }

    @PreDestroy
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
        if (poller != null) {
            poller.close();
        }
    }

    /**
     * Loads the given tenant folders again (all of them for null), and drops tenants whose folder is gone.
     */
    synchronized void reload(Set<String> ids) {
        Set<String> folders = folders();
        Set<String> todo = new TreeSet<>(ids == null ? folders : ids);
        if (ids == null) {
            todo.addAll(current.tenants().keySet());
        }
        Map<String, Tenant> tenants = new TreeMap<>(current.tenants());
        Map<String, String> failures = new TreeMap<>(current.failures());
        // Taken before loading: a file saved while a tenant loads makes the next poll load it again.
        Map<String, String> prints = new TreeMap<>(loadedPrints);
        prints.keySet().removeAll(todo);
        prints.putAll(TenantPoller.fingerprints(root, todo));
        for (String id : todo) {
            failures.remove(id);
            if (!folders.contains(id)) {
                if (tenants.remove(id) != null) {
                    LOG.infof("tenant %s removed (its folder is gone)", id);
                }
                continue;
            }
            boolean known = tenants.containsKey(id);
            try {
                tenants.put(id, loader.load(root.resolve(id)));
                if (current.tenants().containsKey(id) || current.failures().containsKey(id)) {
                    LOG.infof("tenant %s reloaded", id);
                }
            } catch (RuntimeException e) {
                if (known) {
                    String why = "changed files not loaded, still serving the previous version: " + e.getMessage();
                    failures.put(id, why);
                    LOG.errorf("tenant %s: %s", id, why);
                } else {
                    failures.put(id, e.getMessage());
                    LOG.errorf("tenant %s not loaded: %s", id, e.getMessage());
                }
            }
        }
        current = new Snapshot(Map.copyOf(tenants), Map.copyOf(failures));
        loadedPrints = Map.copyOf(prints);
    }

    private Set<String> folders() {
        try (Stream<Path> dirs = Files.list(root)) {
            Set<String> out = new TreeSet<>();
            dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list tenants folder " + root, e);
        }
    }

    /** A configuration value by name: an environment variable, a system property, application.properties. */
    static String configValue(String name) {
        return ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse(null);
    }

    public Optional<Tenant> find(String id) {
        return Optional.ofNullable(current.tenants().get(id));
    }

    /** Why a tenant folder could not be loaded (or reloaded), if it could not. */
    public Optional<String> failure(String id) {
        return Optional.ofNullable(current.failures().get(id));
    }

    public Map<String, Tenant> tenants() {
        return current.tenants();
    }

    public Map<String, String> failures() {
        return current.failures();
    }

    public Path root() {
        return root;
    }
}
