package dev.parley.dialogue.tenant;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Watches the tenants folder (and every folder below it) and reports which tenants changed, once the files have been
 * quiet for a moment: an editor's save or a deploy's copy is several writes, and a tenant is reloaded once for them.
 * A change it cannot pin to one tenant (a file at the top, a lost event) is reported as {@code null}: reload all.
 */
final class TenantWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TenantWatcher.class);

    private final Path root;
    private final Duration settle;
    private final Consumer<Set<String>> changed;
    private final WatchService watch;
    private final Map<WatchKey, Path> dirs = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    /** @param changed called on the watcher's thread with the changed tenant ids, or null for "reload all" */
    TenantWatcher(Path root, Duration settle, Consumer<Set<String>> changed) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.settle = settle;
        this.changed = changed;
        this.watch = FileSystems.getDefault().newWatchService();
        registerTree(this.root);
        this.thread = new Thread(this::run, "tenant-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            while (!closed) {
                Set<String> ids = new HashSet<>();
                boolean all = drain(watch.take(), ids);
                // Collect everything that happens until the folder has been quiet for `settle`.
                WatchKey more;
                while ((more = watch.poll(settle.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    all |= drain(more, ids);
                }
                if (all || !ids.isEmpty()) {
                    try {
                        changed.accept(all ? null : ids);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "reloading tenants %s failed", all ? "(all)" : ids);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed: the service is stopping.
        }
    }

    /** Reads one key's events into {@code ids}; returns true if everything should be reloaded. */
    private boolean drain(WatchKey key, Set<String> ids) {
        Path dir = dirs.get(key);
        boolean all = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW || dir == null) {
                all = true;
                continue;
            }
            Path changedPath = dir.resolve((Path) event.context());
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changedPath)) {
                registerTree(changedPath);
            }
            Path relative = root.relativize(changedPath);
            String id = relative.getName(0).toString();
            if (relative.getNameCount() == 1 && !Files.isDirectory(changedPath) && !dirsContain(changedPath)) {
                all = true; // a file at the top of the folder, or a folder swapped for a symlink (Kubernetes)
            } else {
                ids.add(id);
            }
        }
        if (!key.reset()) {
            dirs.remove(key);
        }
        return all;
    }

    private boolean dirsContain(Path dir) {
        return dirs.containsValue(dir);
    }

    private void registerTree(Path dir) {
        try (Stream<Path> tree = Files.walk(dir, 4)) {
            for (Path d : tree.filter(Files::isDirectory).toList()) {
                dirs.put(d.register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY), d);
            }
        } catch (IOException e) {
            LOG.warnf("cannot watch %s: %s", dir, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            watch.close();
        } catch (IOException e) {
            LOG.debugf("closing the tenants watcher: %s", e.toString());
        }
        thread.interrupt();
    }
}
