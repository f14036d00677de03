package dev.parley.e2e.stack;

import dev.parley.e2e.clinic.DemoClinic;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a stack's pieces live and how they are wired: ports, directories, secrets, and the environment each
 * service gets. {@link #local} is the developer's long-running stack under .parley/; {@link #forTest} is a throwaway
 * stack on free ports under a build directory. {@code traces} is the Zipkin server (base URI) the services send
 * their spans to, or null for none (tracing off); {@code clinic} is the booking URL of brightsmile's clinic
 * ({@link DemoClinic}), or null to leave tenant.yaml's default; {@code extraEnv} adds to a service's environment
 * ({@link #withEnv}).
 */
public record StackConfig(Path home, Path runDir, int kafkaPort, int kafkaControllerPort, Map<Service, Integer> ports,
        Secrets secrets, boolean detached, Duration startTimeout, URI traces, URI clinic,
        Map<Service, Map<String, String>> extraEnv) {
    /** The local stack's trace viewer: a Zipkin server on its usual port. */
    public static final int ZIPKIN_PORT = 9411;
    /** Moves the local stack's demo clinic off {@link DemoClinic#DEFAULT_PORT} (8095, where tenant.yaml points). */
    public static final String CLINIC_PORT_ENV = "PARLEY_DEMO_CLINIC_PORT";
    /** Points the local stack at another tenants folder than the repository's tenants/. */
    public static final String TENANTS_DIR_ENV = "PARLEY_TENANTS_DIR";
    private static final String ZIPKIN_JAR = "deploy/target/zipkin/zipkin-server-exec.jar";

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
                zipkin, clinic, extraEnv);
    }

    /** The same stack, dialogue-service booking brightsmile's appointments at {@code bookingUrl}. */
    public StackConfig withClinic(URI bookingUrl) {
        return new StackConfig(home, runDir, kafkaPort, kafkaControllerPort, ports, secrets, detached, startTimeout,
                traces, bookingUrl, extraEnv);
    }

    /** This stack with {@code extra} added to one service's environment, e.g. a test pointing it at a fake backend. */
    public StackConfig withEnv(Service service, Map<String, String> extra) {
        Map<Service, Map<String, String>> all = new EnumMap<>(Service.class);
        all.putAll(extraEnv);
        Map<String, String> merged = new LinkedHashMap<>(extraEnv.getOrDefault(service, Map.of()));
        merged.putAll(extra);
        all.put(service, Map.copyOf(merged));
        return new StackConfig(home, runDir, kafkaPort, kafkaControllerPort, ports, secrets, detached, startTimeout,
                traces, clinic, Map.copyOf(all));
    }

    public Path zipkinJar() {
        return home.resolve(ZIPKIN_JAR);
    }

    public int port(Service service) {
        return ports.get(service);
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
        return runDir.resolve("logs").resolve(service.module() + ".log");
    }

    public Path pidFile(Service service) {
        return runDir.resolve("pids").resolve(service.module() + ".pid");
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

    /** The broker script's environment: its data directory and ports. */
    public Map<String, String> kafkaEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PARLEY_KAFKA_DIR", kafkaDir().toString());
        env.put("PARLEY_KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("PARLEY_KAFKA_CONTROLLER_PORT", Integer.toString(kafkaControllerPort));
        return env;
    }

    /** The environment a service runs with: its port, Kafka, its durable outbox, and its own wiring and secrets. */
    public Map<String, String> env(Service service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port(service)));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap());
        env.put("PARLEY_EVENTS_OUTBOX_DIR", runDir.resolve("outbox").resolve(service.module()).toString());
        env.put("PARLEY_MODELS_DIR", modelsDir().toString());
        env.put("PARLEY_TENANTS_DIR", tenantsDir().toString());
        tracing(env);
        switch (service) {
            case GATEWAY:
                env.put("PARLEY_TWILIO_AUTH_TOKEN", secrets.twilioAuthToken());
                env.put(Secrets.GATEWAY_ACME_KEY, secrets.gatewayAcmeKey());
                grpcClient(env, "STT", Service.STT);
                grpcClient(env, "DIALOGUE", Service.DIALOGUE);
                grpcClient(env, "TTS", Service.TTS);
                break;
            case DIALOGUE:
                env.put(Secrets.BRIGHTSMILE_TOOL_SECRET, secrets.brightsmileToolSecret());
                if (clinic != null) {
                    env.put(DemoClinic.URL_ENV, clinic.toString());
                }
                break;
            case ANALYTICS:
                env.put(Secrets.ANALYTICS_ADMIN_KEY, secrets.analyticsAdminKey());
                env.put(Secrets.ANALYTICS_ACME_KEY, secrets.analyticsAcmeKey());
                String stateDir = runDir.resolve("analytics-state").toString();
                env.put("KAFKA_STREAMS_STATE_DIR", stateDir);
                env.put("QUARKUS_KAFKA_STREAMS_STATE_DIR", stateDir);
                env.put("QUARKUS_KAFKA_STREAMS_BOOTSTRAP_SERVERS", kafkaBootstrap());
                break;
            default:
                break;
        }
        env.putAll(extraEnv.getOrDefault(service, Map.of()));
        return env;
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

    private void grpcClient(Map<String, String> env, String name, Service target) {
        env.put("QUARKUS_GRPC_CLIENTS_" + name + "_HOST", "localhost");
        env.put("QUARKUS_GRPC_CLIENTS_" + name + "_PORT", Integer.toString(port(target)));
    }
}
