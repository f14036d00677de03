package dev.parley.e2e.stack;

import dev.parley.e2e.clinic.DemoClinic;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a stack's pieces live and how they are wired: ports, directories, secrets, and the environment each
 * service gets. {@link #local} is the developer's long-running stack under .parley/; {@link #forTest} is a throwaway
 * stack on free ports under a build directory. {@code traces} is the Zipkin server (base URI) the services send
 * their spans to, or null for none (tracing off); {@code clinic} is the booking URL of brightsmile's clinic
 * ({@link DemoClinic}), or null to leave tenant.yaml's default; {@code extraEnv} adds to a service's environment
 * ({@link #withEnv}).
 *
 * <p>Replicas ({@link #withReplicas}): stt-service, dialogue-service and tts-service can run as several instances,
 * each a JVM with its own port, log, pid file and outbox ({@link Instance}); {@code replicaPorts} holds the ports of
 * each service's instances 2, 3, ... (none: the service runs once, on {@code ports}). The gateway gets every instance
 * of each backend as a list ({@code PARLEY_BACKENDS_STT=127.0.0.1:8081,127.0.0.1:8091}) and spreads calls over them.
 */
public record StackConfig(Path home, Path runDir, int kafkaPort, int kafkaControllerPort, Map<Service, Integer> ports,
        Secrets secrets, boolean detached, Duration startTimeout, URI traces, URI clinic,
        Map<Service, Map<String, String>> extraEnv, Map<Service, List<Integer>> replicaPorts) {
    /** The local stack's trace viewer: a Zipkin server on its usual port. */
    public static final int ZIPKIN_PORT = 9411;
    /** Moves the local stack's demo clinic off {@link DemoClinic#DEFAULT_PORT} (8095, where tenant.yaml points). */
    public static final String CLINIC_PORT_ENV = "PARLEY_DEMO_CLINIC_PORT";
    /** Points the local stack at another tenants folder than the repository's tenants/. */
    public static final String TENANTS_DIR_ENV = "PARLEY_TENANTS_DIR";
    /** Where the gateways write call recordings and analytics serves them from: one folder both see. */
    public static final String RECORDINGS_DIR_ENV = "PARLEY_RECORDINGS_DIR";
    private static final String ZIPKIN_JAR = "deploy/target/zipkin/zipkin-server-exec.jar";
    /** The services that can run as several instances: the gateway's backends. */
    public static final Set<Service> REPLICABLE = Set.of(Service.STT, Service.DIALOGUE, Service.TTS);
    /** At most this many instances of one service. */
    public static final int MAX_REPLICAS = 9;
    /**
     * Instance k of a service of the local stack ({@code ./parley up}) listens on the service's port + 10·(k−1):
     * stt-service 8081, 8091, 8101...; dialogue-service 8082, 8092...; tts-service 8083, 8093... A test stack uses
     * free ports instead.
     */
    public static final int REPLICA_PORT_STEP = 10;
    /** The gateway's backend lists: {@code PARLEY_BACKENDS_STT}, {@code _DIALOGUE}, {@code _TTS} (host:port,...). */
    public static final String BACKENDS_ENV = "PARLEY_BACKENDS_";
    /**
     * How long a backend of the local stack keeps serving after SIGTERM, not ready, before it shuts down
     * (QUARKUS_SHUTDOWN_DELAY; deployments use the services' own 35 s, application.properties). Short here, so
     * {@code ./parley down} and test teardown stay quick; a test of the full drain sets it with {@link #withEnv}.
     */
    public static final Duration LOCAL_SHUTDOWN_DELAY = Duration.ofSeconds(5);
    private static final Pattern REPLICA_PID_FILE = Pattern.compile("(.+)-(\\d+)\\.pid");

    public StackConfig {
        Map<Service, List<Integer>> copy = new EnumMap<>(Service.class);
        if (replicaPorts != null) {
            replicaPorts.forEach((service, list) -> {
                if (!list.isEmpty()) {
                    copy.put(service, List.copyOf(list));
                }
            });
        }
        replicaPorts = java.util.Collections.unmodifiableMap(copy);
    }

    /** A stack whose services each run once. */
    public StackConfig(Path home, Path runDir, int kafkaPort, int kafkaControllerPort, Map<Service, Integer> ports,
            Secrets secrets, boolean detached, Duration startTimeout, URI traces, URI clinic,
            Map<Service, Map<String, String>> extraEnv) {
        this(home, runDir, kafkaPort, kafkaControllerPort, ports, secrets, detached, startTimeout, traces, clinic,
                extraEnv, Map.of());
    }

    /** The repository root: system property {@code parley.home}, else env PARLEY_HOME, else the working directory. */
    public static Path defaultHome() {
        String home = System.getProperty("parley.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("PARLEY_HOME");
        }
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    }

    /**
     * The local stack: fixed default ports, state in {@code <home>/.parley}, secrets from .parley/secrets.env, a Zipkin
     * server and brightsmile's demo clinic beside the services; tenants from {@code <home>/tenants}, or from the
     * folder env PARLEY_TENANTS_DIR names.
     */
    public static StackConfig local(Path home) {
        return local(home, Secrets.load(home.resolve(".parley/secrets.env")));
    }

    public static StackConfig local(Path home, Secrets secrets) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            ports.put(s, s.defaultPort());
        }
        URI clinic = URI.create("http://127.0.0.1:" + clinicPort() + DemoClinic.BOOKING_PATH);
        StackConfig config = new StackConfig(home, home.resolve(".parley"), 9092, 9093, ports, secrets, true,
                Duration.ofSeconds(240), URI.create("http://127.0.0.1:" + ZIPKIN_PORT), clinic, Map.of());
        String tenants = System.getenv(TENANTS_DIR_ENV);
        if (tenants != null && !tenants.isBlank()) {
            // e.g. e2e/bench-tenants, which adds a tenant answered by the benchmark's stand-in LLM.
            for (Service s : Service.values()) {
                config = config.withEnv(s, Map.of(TENANTS_DIR_ENV, Path.of(tenants).toAbsolutePath().toString()));
            }
        }
        return config;
    }

    private static int clinicPort() {
        String port = System.getenv(CLINIC_PORT_ENV);
        if (port == null || port.isBlank()) {
            return DemoClinic.DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(CLINIC_PORT_ENV + "=" + port + " is not a port number");
        }
    }

    /** A stack for one test run: free ports, fresh secrets, everything under {@code runDir}. */
    public static StackConfig forTest(Path home, Path runDir) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            ports.put(s, Health.freePort());
        }
        return new StackConfig(home, runDir, Health.freePort(), Health.freePort(), ports, Secrets.random(), false,
                Duration.ofSeconds(240), null, null, Map.of());
    }

    /** The same stack, its services sending spans to the Zipkin-compatible receiver at {@code zipkin}. */
    public StackConfig withTraces(URI zipkin) {
        return new StackConfig(home, runDir, kafkaPort, kafkaControllerPort, ports, secrets, detached, startTimeout,
                zipkin, clinic, extraEnv, replicaPorts);
    }

    /** The same stack, dialogue-service booking brightsmile's appointments at {@code bookingUrl}. */
    public StackConfig withClinic(URI bookingUrl) {
        return new StackConfig(home, runDir, kafkaPort, kafkaControllerPort, ports, secrets, detached, startTimeout,
                traces, bookingUrl, extraEnv, replicaPorts);
    }

    /**
     * This stack with {@code extra} added to one service's environment (every instance of it), e.g. a test pointing
     * it at a fake backend, or giving the backends their full drain: {@code QUARKUS_SHUTDOWN_DELAY=35s}.
     */
    public StackConfig withEnv(Service service, Map<String, String> extra) {
        Map<Service, Map<String, String>> all = new EnumMap<>(Service.class);
        all.putAll(extraEnv);
        Map<String, String> merged = new LinkedHashMap<>(extraEnv.getOrDefault(service, Map.of()));
        merged.putAll(extra);
        all.put(service, Map.copyOf(merged));
        return new StackConfig(home, runDir, kafkaPort, kafkaControllerPort, ports, secrets, detached, startTimeout,
                traces, clinic, Map.copyOf(all), replicaPorts);
    }

    /**
     * This stack with {@code count} instances of {@code service} (stt-service, dialogue-service or tts-service; 1 to
     * {@link #MAX_REPLICAS}). Instance 1 keeps the service's port; instance k of the local stack listens on that port
     * + 10·(k−1) (e.g. stt-service 8081, 8091), of a test stack on a free port.
     *
     * @throws IllegalArgumentException for a service without replicas, a count out of range, or a port another part
     *     of the stack already uses (e.g. PARLEY_DEMO_CLINIC_PORT moved onto a replica's port)
     */
    public StackConfig withReplicas(Service service, int count) {
        if (count < 1 || count > MAX_REPLICAS) {
            throw new IllegalArgumentException(service.module() + ": replicas must be 1 to " + MAX_REPLICAS
                    + ", not " + count);
        }
        if (count > 1 && !REPLICABLE.contains(service)) {
            throw new IllegalArgumentException(service.module() + " runs once; replicas are for "
                    + REPLICABLE.stream().sorted().map(Service::module).toList());
        }
        if (count == replicas(service)) {
            return this;
        }
        Map<Service, List<Integer>> all = new EnumMap<>(Service.class);
        all.putAll(replicaPorts);
        List<Integer> extra = new ArrayList<>(replicaPorts.getOrDefault(service, List.of()));
        while (extra.size() > count - 1) {
            extra.remove(extra.size() - 1);
        }
        Set<Integer> taken = new java.util.HashSet<>();
        usedPorts().forEach(e -> taken.add(e.getKey()));
        while (extra.size() < count - 1) {
            int k = extra.size() + 2;
            if (detached) {
                extra.add(port(service) + REPLICA_PORT_STEP * (k - 1));
            } else {
                // A free port, and not one this stack already gave to something else.
                int port;
                do {
                    port = Health.freePort();
                } while (taken.contains(port));
                taken.add(port);
                extra.add(port);
            }
        }
        all.put(service, extra);
        StackConfig config = new StackConfig(home, runDir, kafkaPort, kafkaControllerPort, ports, secrets, detached,
                startTimeout, traces, clinic, extraEnv, all);
        config.requireDistinctPorts();
        return config;
    }

    /** This stack with the instance counts {@code counts} names (services it does not name keep theirs). */
    public StackConfig withReplicas(Map<Service, Integer> counts) {
        StackConfig config = this;
        for (Map.Entry<Service, Integer> e : counts.entrySet()) {
            config = config.withReplicas(e.getKey(), e.getValue());
        }
        return config;
    }

    /**
     * This stack with at least as many instances of each service as the pid files under {@code runDir} record
     * ({@code pids/stt-service-3.pid}: three instances of stt-service), so {@code status} and {@code down} cover
     * every instance an earlier {@code up --replicas} started.
     */
    public StackConfig withRecordedReplicas() {
        Map<Service, Integer> recorded = recordedReplicas();
        StackConfig config = this;
        for (Map.Entry<Service, Integer> e : recorded.entrySet()) {
            if (e.getValue() > config.replicas(e.getKey())) {
                config = config.withReplicas(e.getKey(), e.getValue());
            }
        }
        return config;
    }

    /** The highest instance number each replicable service has a pid file for (services without: absent). */
    public Map<Service, Integer> recordedReplicas() {
        Map<Service, Integer> counts = new EnumMap<>(Service.class);
        Path pids = runDir.resolve("pids");
        if (!Files.isDirectory(pids)) {
            return counts;
        }
        try (Stream<Path> files = Files.list(pids)) {
            files.forEach(file -> {
                Matcher m = REPLICA_PID_FILE.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    return;
                }
                for (Service s : REPLICABLE) {
                    if (s.module().equals(m.group(1))) {
                        int k = Integer.parseInt(m.group(2));
                        if (k >= 2 && k <= MAX_REPLICAS) {
                            counts.merge(s, k, Math::max);
                        }
                    }
                }
            });
        } catch (IOException e) {
            // Unreadable: report what the config says.
        }
        return counts;
    }

    /** How many instances of {@code service} the stack runs (1 unless {@link #withReplicas}). */
    public int replicas(Service service) {
        return 1 + replicaPorts.getOrDefault(service, List.of()).size();
    }

    /** The instances of {@code service}, the first one first. */
    public List<Instance> instances(Service service) {
        List<Instance> all = new ArrayList<>();
        for (int k = 1; k <= replicas(service); k++) {
            all.add(new Instance(service, k));
        }
        return all;
    }

    /** Every instance of every service, in {@link Service#startOrder}. */
    public List<Instance> instances() {
        List<Instance> all = new ArrayList<>();
        for (Service s : Service.startOrder()) {
            all.addAll(instances(s));
        }
        return all;
    }

    /** The gateway's list of {@code backend}'s instances: {@code 127.0.0.1:8081,127.0.0.1:8091}. */
    public String backends(Service backend) {
        // 127.0.0.1, not localhost: the gateway takes every address a name resolves to as a backend, and localhost
        // also resolves to ::1, where the services do not listen.
        return String.join(",", instances(backend).stream().map(i -> "127.0.0.1:" + port(i)).toList());
    }

    /** The environment variable that lists {@code backend}'s instances to the gateway: PARLEY_BACKENDS_STT etc. */
    public static String backendsEnv(Service backend) {
        if (!REPLICABLE.contains(backend)) {
            throw new IllegalArgumentException(backend.module() + " is not a backend of the gateway");
        }
        return BACKENDS_ENV + backend.name();
    }

    /** Every port the stack listens on, with what listens there (a port twice if two things claim it). */
    List<Map.Entry<Integer, String>> usedPorts() {
        List<Map.Entry<Integer, String>> all = new ArrayList<>();
        all.add(Map.entry(kafkaPort, "kafka"));
        all.add(Map.entry(kafkaControllerPort, "kafka controller"));
        if (traces != null && traces.getPort() > 0) {
            all.add(Map.entry(traces.getPort(), "zipkin"));
        }
        if (clinic != null && clinic.getPort() > 0) {
            all.add(Map.entry(clinic.getPort(), "demo clinic"));
        }
        for (Instance i : instances()) {
            all.add(Map.entry(port(i), i.name()));
        }
        return all;
    }

    private void requireDistinctPorts() {
        List<String> clashes = new ArrayList<>();
        Map<Integer, String> seen = new TreeMap<>();
        for (Map.Entry<Integer, String> e : usedPorts()) {
            String before = seen.putIfAbsent(e.getKey(), e.getValue());
            if (before != null) {
                clashes.add("port " + e.getKey() + " for both " + before + " and " + e.getValue());
            }
        }
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", clashes)
                    + " (instance k of a service listens on its port + " + REPLICA_PORT_STEP + "·(k−1))");
        }
    }

    public Path zipkinJar() {
        return home.resolve(ZIPKIN_JAR);
    }

    public int port(Service service) {
        return ports.get(service);
    }

    /** The port of {@code service}'s instance {@code index} (1 = {@link #port(Service)}). */
    public int port(Service service, int index) {
        return port(new Instance(service, index));
    }

    public int port(Instance instance) {
        requireInstance(instance);
        return instance.index() == 1 ? port(instance.service())
                : replicaPorts.get(instance.service()).get(instance.index() - 2);
    }

    private void requireInstance(Instance instance) {
        if (instance.index() > replicas(instance.service())) {
            throw new IllegalArgumentException(instance.name() + ": the stack runs " + replicas(instance.service())
                    + " instance(s) of " + instance.service().module());
        }
    }

    public Path serviceJar(Service service) {
        return home.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public Path kafkaScript() {
        return home.resolve("deploy/local/kafka.sh");
    }

    public Path kafkaLibs() {
        return home.resolve("deploy/target/kafka-libs");
    }

    public Path kafkaDir() {
        return runDir.resolve("kafka");
    }

    public Path modelsDir() {
        return home.resolve("models/target/models");
    }

    public Path tenantsDir() {
        return home.resolve("tenants");
    }

    public Path logFile(Service service) {
        return logFile(new Instance(service, 1));
    }

    /** {@code logs/stt-service.log} for the first instance, {@code logs/stt-service-2.log} for the second... */
    public Path logFile(Instance instance) {
        return runDir.resolve("logs").resolve(instance.name() + ".log");
    }

    public Path pidFile(Service service) {
        return pidFile(new Instance(service, 1));
    }

    /** {@code pids/stt-service.pid} for the first instance, {@code pids/stt-service-2.pid} for the second... */
    public Path pidFile(Instance instance) {
        return runDir.resolve("pids").resolve(instance.name() + ".pid");
    }

    public String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    public URI gatewayMediaUri() {
        return URI.create("ws://127.0.0.1:" + port(Service.GATEWAY) + "/twilio/media");
    }

    public URI baseUri(Service service) {
        return URI.create("http://127.0.0.1:" + port(service) + "/");
    }

    public URI baseUri(Instance instance) {
        return URI.create("http://127.0.0.1:" + port(instance) + "/");
    }

    /** The broker script's environment: its data directory and ports. */
    public Map<String, String> kafkaEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PARLEY_KAFKA_DIR", kafkaDir().toString());
        env.put("PARLEY_KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("PARLEY_KAFKA_CONTROLLER_PORT", Integer.toString(kafkaControllerPort));
        return env;
    }

    /** The environment a service (its first instance) runs with. */
    public Map<String, String> env(Service service) {
        return env(new Instance(service, 1));
    }

    /**
     * The environment an instance runs with: its port, Kafka, its own durable outbox, and its service's wiring and
     * secrets; the gateway gets every instance of each backend.
     */
    public Map<String, String> env(Instance instance) {
        requireInstance(instance);
        Service service = instance.service();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port(instance)));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap());
        env.put("PARLEY_EVENTS_OUTBOX_DIR", runDir.resolve("outbox").resolve(instance.name()).toString());
        env.put("PARLEY_MODELS_DIR", modelsDir().toString());
        env.put("PARLEY_TENANTS_DIR", tenantsDir().toString());
        tracing(env);
        switch (service) {
            case GATEWAY:
                env.put("PARLEY_TWILIO_AUTH_TOKEN", secrets.twilioAuthToken());
                env.put(Secrets.GATEWAY_ACME_KEY, secrets.gatewayAcmeKey());
                // The local stack takes SIP's standard port; a test stack a free one (its readiness says which).
                env.put("PARLEY_SIP_PORT", port(instance) == Service.GATEWAY.defaultPort() ? "5060" : "0");
                for (Service backend : List.of(Service.STT, Service.DIALOGUE, Service.TTS)) {
                    env.put(backendsEnv(backend), backends(backend));
                }
                env.put(RECORDINGS_DIR_ENV, recordingsDir().toString());
                break;
            case STT:
            case TTS:
                env.put("QUARKUS_SHUTDOWN_DELAY", LOCAL_SHUTDOWN_DELAY.toSeconds() + "s");
                break;
            case DIALOGUE:
                env.put("QUARKUS_SHUTDOWN_DELAY", LOCAL_SHUTDOWN_DELAY.toSeconds() + "s");
                env.put(Secrets.BRIGHTSMILE_TOOL_SECRET, secrets.brightsmileToolSecret());
                if (clinic != null) {
                    env.put(DemoClinic.URL_ENV, clinic.toString());
                    env.put(DemoClinic.POST_CALL_URL_ENV, DemoClinic.postCallUrl(clinic).toString());
                    env.put(DemoClinic.ANALYSIS_SECRET_ENV, secrets.brightsmileToolSecret());
                }
                break;
            case ANALYTICS:
                env.put(Secrets.ANALYTICS_ADMIN_KEY, secrets.analyticsAdminKey());
                env.put(Secrets.ANALYTICS_ACME_KEY, secrets.analyticsAcmeKey());
                String stateDir = runDir.resolve("analytics-state").toString();
                env.put("KAFKA_STREAMS_STATE_DIR", stateDir);
                env.put("QUARKUS_KAFKA_STREAMS_STATE_DIR", stateDir);
                env.put("QUARKUS_KAFKA_STREAMS_BOOTSTRAP_SERVERS", kafkaBootstrap());
                env.put(RECORDINGS_DIR_ENV, recordingsDir().toString());
                break;
            default:
                break;
        }
        env.putAll(extraEnv.getOrDefault(service, Map.of()));
        return env;
    }

    /** The call recordings of this stack (the gateways write, analytics reads). */
    public Path recordingsDir() {
        return runDir.resolve("recordings");
    }

    /** Spans in Zipkin's format to the stack's viewer, batched briefly so a call shows up soon after it ends. */
    private void tracing(Map<String, String> env) {
        if (traces == null) {
            env.put("QUARKUS_OTEL_SDK_DISABLED", "true");
            return;
        }
        env.put("PARLEY_TRACING_EXPORTER", "zipkin");
        env.put("PARLEY_TRACING_ZIPKIN_ENDPOINT", traces.resolve("/api/v2/spans").toString());
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", detached ? "1s" : "100ms");
    }
}
