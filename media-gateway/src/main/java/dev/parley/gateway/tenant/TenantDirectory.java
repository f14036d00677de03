package dev.parley.gateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.parley.contracts.redaction.RedactionPolicy;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The tenants this gateway serves, read from {@code <parley.tenants.dir>/<id>/tenant.yaml}.
 * A folder with a broken file is skipped with a log line rather than taking every tenant down (on a reload, the
 * tenant keeps its last good version). The files are checked
 * every {@code parley.tenants.reload-interval} and read again when one was added, changed or removed, so a new number
 * or tenant, a voice or a turn-taking override takes effect without a restart (for calls that start afterwards).
 * Polling rather than file-system events: a Kubernetes ConfigMap volume swaps a symlink, which watchers miss.
 */
@Singleton
@Startup
public class TenantDirectory {
    private static final Logger LOG = Logger.getLogger(TenantDirectory.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path root;
    private volatile Map<String, Tenant> byId = Map.of();
    private volatile Map<String, Tenant> byNumber = Map.of();
    private String loadedFingerprint = "";
    private final ScheduledExecutorService poller;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public TenantDirectory(@ConfigProperty(name = "parley.tenants.dir") Path root,
                           @ConfigProperty(name = "parley.tenants.reload-interval", defaultValue = "10s")
                           Duration reloadInterval) {
        this.root = root;
        reload();
        if (reloadInterval.isZero() || reloadInterval.isNegative()) {
            this.poller = null;
            return;
        }
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-tenant-reload");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::reloadIfChanged, reloadInterval.toMillis(), reloadInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /** Reads the tenants again if a tenant.yaml was added, changed or removed since the last read. */
    public synchronized void reloadIfChanged() {
        try {
            if (!fingerprint().equals(loadedFingerprint)) {
                reload();
            }
        } catch (RuntimeException e) {
            // Keep polling: the tenants loaded last stay in service.
            LOG.errorf(e, "cannot check tenant directory %s for changes", root);
        }
    }

    /** Every tenant.yaml with its size and modification time, in a stable order. */
    private String fingerprint() {
        if (!Files.isDirectory(root)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path file : dirs.map(d -> d.resolve("tenant.yaml")).filter(Files::isRegularFile).sorted().toList()) {
                out.append(file).append(':').append(Files.size(file)).append(':')
                        .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Runs {@code listener} after every read of the tenants (changed or not: a listener compares what it needs), on
     * the reading thread, so it must be quick; SIP registrations follow a tenant's {@code sip.register} with it.
     */
    public void onReload(Runnable listener) {
        listeners.add(listener);
    }

    /** Every voice a tenant speaks with now. */
    public Set<String> voices() {
        return byId.values().stream().map(Tenant::voice).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every tenant served now. */
    public Collection<Tenant> all() {
        return byId.values();
    }

    public Optional<Tenant> byId(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /** The tenant a dialed number belongs to (E.164, spaces ignored). */
    public Optional<Tenant> byPhoneNumber(String number) {
        return number == null ? Optional.empty() : Optional.ofNullable(byNumber.get(normalize(number)));
    }

    public synchronized void reload() {
        try {
            loadedFingerprint = fingerprint();
        } catch (UncheckedIOException e) {
            loadedFingerprint = "";
        }
        Map<String, Tenant> ids = new ConcurrentHashMap<>();
        Map<String, Tenant> numbers = new ConcurrentHashMap<>();
        if (!Files.isDirectory(root)) {
            LOG.errorf("tenant directory %s does not exist: no call can be accepted", root.toAbsolutePath());
        } else {
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path file : dirs.map(d -> d.resolve("tenant.yaml")).filter(Files::isRegularFile).toList()) {
                    String folder = file.getParent().getFileName().toString();
                    // A file broken by an edit keeps the tenant as it was: a typo must not take its calls down.
                    Optional<Tenant> tenant = read(file).or(() -> Optional.ofNullable(byId.get(folder)));
                    tenant.ifPresent(t -> {
                        ids.put(t.id(), t);
                        t.phoneNumbers().forEach(n -> numbers.put(normalize(n), t));
                    });
                }
            } catch (IOException e) {
                LOG.errorf(e, "cannot list tenant directory %s", root);
            }
        }
        byId = ids;
        byNumber = numbers;
        LOG.infof("tenants loaded from %s: %s", root.toAbsolutePath(), ids.keySet());
        listeners.forEach(Runnable::run);
    }

    private static Optional<Tenant> read(Path file) {
        try {
            JsonNode n = YAML.readTree(file.toFile());
            String id = n.path("id").asText("");
            if (id.isBlank() || !id.equals(file.getParent().getFileName().toString())) {
                LOG.errorf("skipping %s: 'id' must equal the folder name", file);
                return Optional.empty();
            }
            List<String> numbers = new ArrayList<>();
            n.path("phoneNumbers").forEach(p -> numbers.add(p.asText()));
            Map<String, Double> turn = new java.util.LinkedHashMap<>();
            n.path("turn").fields().forEachRemaining(f -> turn.put(f.getKey(), f.getValue().asDouble()));
            List<String> sipSources = new ArrayList<>();
            n.path("sip").path("allowedSources").forEach(p -> sipSources.add(p.asText()));
            JsonNode sip = n.path("sip");
            UnaryOperator<String> env = SipCredentials::configValue;
            Optional<SipCredentials> digest = SipCredentials.parse(sip.path("digest"), "sip.digest", true, id, env);
            Optional<SipRegistration> register = SipRegistration.parse(sip, id, env);
            Optional<SipOutbound> outbound = SipOutbound.parse(sip, id, env);
            return Optional.of(new Tenant(id, n.path("displayName").asText(id), List.copyOf(numbers),
                    n.path("tts").path("voice").asText(""), Map.copyOf(turn), List.copyOf(sipSources), digest,
                    register, outbound, WarmTransfer.parse(sip, outbound), TwilioOutbound.parse(n.path("twilio")),
                    TenantRecording.parse(n), redaction(n)));
        } catch (IllegalArgumentException e) {
            LOG.errorf("skipping %s: %s", file, e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            LOG.errorf("skipping %s: %s", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** The {@code redaction} block; one that says something wrong fails the tenant's load, as any bad block does. */
    private static RedactionPolicy redaction(JsonNode root) {
        JsonNode n = root.path("redaction");
        if (n.isMissingNode() || n.isNull()) {
            return RedactionPolicy.NONE;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException("redaction must be a block (enabled, digits, emails, slots), was '"
                    + n.asText() + "'");
        }
        return RedactionPolicy.fromYaml(YAML.convertValue(n, Map.class));
    }

    private static String normalize(String number) {
        return number.replaceAll("[\\s()-]", "");
    }
}
