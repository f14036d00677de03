package dev.parley.contracts.serving;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A maximum age for the HTTP/2 connections gRPC clients hold to this backend (gRPC's MAX_CONNECTION_AGE, which the
 * Vert.x server gRPC is served on lacks): once the first gRPC request on a connection older than
 * {@code parley.grpc.max-connection-age} has ended, the server sends GOAWAY. Streams already open carry on (a call's streams
 * for up to {@code parley.grpc.max-connection-age-grace}); the client opens a new connection for new ones, resolving
 * the name again — so gateways whose resolver only re-resolves on a lost connection still find new pods.
 * Unset (the default, and on the gateway, which serves no gRPC), nothing is done.
 */
@Singleton
public class MaxConnectionAge {
    private static final Logger LOG = Logger.getLogger(MaxConnectionAge.class);
    private final Optional<Duration> maxAge;
    private final Duration grace;
    /** When each connection carried its first request; weak, so a closed connection is forgotten. */
    private final Map<HttpConnection, Long> firstSeen = Collections.synchronizedMap(new WeakHashMap<>());
    private final Set<HttpConnection> sentAway = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    MaxConnectionAge(@ConfigProperty(name = "parley.grpc.max-connection-age") Optional<Duration> maxAge,
                     @ConfigProperty(name = "parley.grpc.max-connection-age-grace", defaultValue = "30m")
                     Duration grace) {
        this.maxAge = maxAge;
        this.grace = grace;
    }

    void install(@Observes Router router) {
        if (maxAge.isEmpty()) {
            return;
        }
        LOG.infof("gRPC connections are sent GOAWAY once older than %s (streams open then get %s to finish)",
                maxAge.get(), grace);
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            if (aged(rc.request(), System.nanoTime())) {
                // Sent after this request, not during it: a GOAWAY now would leave it out (its stream refused).
                HttpConnection connection = rc.request().connection();
                rc.addEndHandler(done -> goAway(connection));
            }
            rc.next();
        });
    }

    /** True if this request's connection is past its age and has not been sent away yet. */
    boolean aged(HttpServerRequest request, long nowNanos) {
        String type = request.getHeader("content-type");
        if (type == null || !type.startsWith("application/grpc")) {
            return false;
        }
        HttpConnection connection = request.connection();
        if (connection == null) {
            return false;
        }
        long born = firstSeen.computeIfAbsent(connection, c -> nowNanos);
        if (nowNanos - born < maxAge.orElseThrow().toNanos() || !sentAway.add(connection)) {
            return false;
        }
        return true;
    }

    private void goAway(HttpConnection connection) {
        LOG.debugf("connection from %s older than %s: GOAWAY", connection.remoteAddress(), maxAge.get());
        connection.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
    }
}
