package dev.parley.dialogue.tenant;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reads the tenants folder again every {@code interval} and reports the tenants whose files differ from what was last
 * loaded (new, changed or gone). The {@link TenantWatcher} reacts at once but sees only what the kernel reports:
 * nothing on a network volume written from another machine (a Kubernetes ReadWriteMany volume, a Docker Desktop bind
 * mount) and nothing inside a tenant folder that is a symbolic link. This sees everything, within an interval, as
 * media-gateway's own poll does.
 */
final class TenantPoller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TenantPoller.class);
    /** Deep enough for a tenant's knowledge/ and data/ folders and one level inside them. */
    private static final int DEPTH = 4;

    private final Path root;
    private final Supplier<Map<String, String>> loaded;
    private final Consumer<Set<String>> changed;
    private final ScheduledExecutorService timer;

    /**
     * @param loaded  the {@link #fingerprints} of the tenant folders as they were last loaded
     * @param changed called on the poller's thread with the ids of tenants whose files changed since
     */
    TenantPoller(Path root, Duration interval, Supplier<Map<String, String>> loaded, Consumer<Set<String>> changed) {
        this.root = root;
        this.loaded = loaded;
        this.changed = changed;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tenant-poller");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            Map<String, String> now = fingerprints(root);
            Map<String, String> before = loaded.get();
            Set<String> ids = new TreeSet<>();
            now.forEach((id, print) -> {
                if (!print.equals(before.get(id))) {
                    ids.add(id);
                }
            });
            Set<String> gone = new HashSet<>(before.keySet());
            gone.removeAll(now.keySet());
            ids.addAll(gone);
            if (!ids.isEmpty()) {
                changed.accept(ids);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "reading the tenants folder %s again failed", root);
        }
    }

    /**
     * Per tenant folder, every file's path, size and modification time, following symbolic links (a Kubernetes
     * ConfigMap is a tree of them).
     */
    static Map<String, String> fingerprints(Path root) {
        return fingerprints(root, null);
    }

    /** {@link #fingerprints(Path)} of the given tenant folders only (all for null). */
    static Map<String, String> fingerprints(Path root, Set<String> ids) {
        Map<String, String> out = new HashMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                String id = folder.getFileName().toString();
                if (!id.startsWith(".") && (ids == null || ids.contains(id))) {
                    out.put(id, fingerprint(folder));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list tenants folder " + root, e);
        }
        return out;
    }

    private static String fingerprint(Path folder) {
        StringBuilder print = new StringBuilder();
        try (Stream<Path> files = Files.walk(folder, DEPTH, FileVisitOption.FOLLOW_LINKS)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                print.append(folder.relativize(file)).append(':').append(Files.size(file)).append(':')
                        .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
            }
        } catch (IOException | UncheckedIOException e) {
            // A file removed while walking: the next poll sees the folder settled.
            return "unreadable:" + e.getMessage();
        }
        return print.toString();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
