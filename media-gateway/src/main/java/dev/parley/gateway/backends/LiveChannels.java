package dev.parley.gateway.backends;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.security.Security;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's channels to its live-path backends, one per backend over all of its instances: every call's stream
 * goes to the next serving instance in turn (round robin), an instance that fails, warms up or drains gets no new
 * streams, and the instance list is resolved again every {@code parley.backends.re-resolve} (new pods join, gone ones leave).
 */
@Singleton
public class LiveChannels {
    private static final Logger LOG = Logger.getLogger(LiveChannels.class);
    public static final String STT = "stt";
    public static final String DIALOGUE = "dialogue";
    public static final String TTS = "tts";

    /** The whole server's status (service name ""), which a backend sets while it warms up and drains. */
    static final Map<String, ?> HEALTH_CHECKED_ROUND_ROBIN = Map.of(
            "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
            "healthCheckConfig", Map.of("serviceName", ""));

    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

    LiveChannels(@ConfigProperty(name = "parley.backends.stt") String stt,
                 @ConfigProperty(name = "parley.backends.dialogue") String dialogue,
                 @ConfigProperty(name = "parley.backends.tts") String tts,
                 @ConfigProperty(name = "parley.backends.re-resolve", defaultValue = "10s") Duration reResolve,
                 @ConfigProperty(name = "parley.backends.keepalive", defaultValue = "10s") Duration keepAlive) {
        cacheNamesNoLongerThan(reResolve);
        open(BackendAddresses.parse(STT, stt), reResolve, keepAlive);
        open(BackendAddresses.parse(DIALOGUE, dialogue), reResolve, keepAlive);
        open(BackendAddresses.parse(TTS, tts), reResolve, keepAlive);
    }

    /**
     * The JVM keeps a resolved name for 30 s by default: a re-resolution would then see no new pod for that long.
     * An operator's own setting ({@code -Dsun.net.inetaddr.ttl}, java.security) is left as it is.
     */
    private static void cacheNamesNoLongerThan(Duration interval) {
        if (System.getProperty("sun.net.inetaddr.ttl") == null
                && Security.getProperty("networkaddress.cache.ttl") == null) {
            Security.setProperty("networkaddress.cache.ttl", Long.toString(Math.max(1, interval.toSeconds())));
        }
    }

    private void open(BackendAddresses addresses, Duration reResolve, Duration keepAlive) {
        @SuppressWarnings("deprecation") // the per-channel factory keeps the resolver out of the global registry
        ManagedChannel channel = NettyChannelBuilder.forTarget("parley-backend:///" + addresses.backend())
                .nameResolverFactory(new ReResolvingNameResolver.Factory(addresses, reResolve))
                // round_robin over the instances that report SERVING on grpc.health.v1 (grpc-services wraps it in
                // health checking): one warming up after a restart or draining before a stop gets no new stream.
                .defaultServiceConfig(HEALTH_CHECKED_ROUND_ROBIN)
                .usePlaintext()
                // A connection whose peer stopped answering (a frozen process, a dead node) is found and dropped.
                .keepAliveTime(keepAlive.toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(Math.max(1_000, keepAlive.toMillis() / 3), TimeUnit.MILLISECONDS)
                .keepAliveWithoutCalls(true)
                .build();
        channels.put(addresses.backend(), channel);
        LOG.infof("backend %s: %s (round robin, re-resolved every %d s)", addresses.backend(), addresses,
                reResolve.toSeconds());
    }

    public ManagedChannel stt() {
        return channels.get(STT);
    }

    public ManagedChannel dialogue() {
        return channels.get(DIALOGUE);
    }

    public ManagedChannel tts() {
        return channels.get(TTS);
    }

    /** The channels by backend name, in the order stt, dialogue, tts. */
    public Map<String, ManagedChannel> all() {
        return Map.copyOf(channels);
    }

    @PreDestroy
    void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
