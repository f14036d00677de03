package dev.parley.gateway.warmup;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens the live-path channels (stt, dialogue, tts) before the first call needs them: one gRPC health check per
 * backend over the very channel the call sessions use, so its TCP and HTTP/2 connection is up and the client's
 * gRPC code has run once; then its live stream once ({@link LiveStreams}). A backend that is not up yet is tried
 * again until the deadline; any answer, even UNIMPLEMENTED, means the connection stands.
 */
final class BackendChannels {
    private static final long RETRY_MS = 500;
    private static final long RPC_DEADLINE_MS = 3_000;

    /** One backend's outcome: connected (with its health status) or why not. */
    record Outcome(boolean connected, String detail, long millis) {
    }

    private BackendChannels() {
    }

    /** Connects every channel, in the map's order, each until {@code deadlineNanos}; never throws. */
    static Map<String, Outcome> connect(Map<String, Channel> channels, long deadlineNanos) throws InterruptedException {
        Map<String, Outcome> out = new LinkedHashMap<>();
        for (Map.Entry<String, Channel> e : channels.entrySet()) {
            Outcome connected = connect(e.getValue(), deadlineNanos);
            if (connected.connected()) {
                connected = new Outcome(true, connected.detail() + ", live stream "
                        + LiveStreams.touch(e.getKey(), e.getValue()), connected.millis());
            }
            out.put(e.getKey(), connected);
        }
        return out;
    }

    static Outcome connect(Channel channel, long deadlineNanos) throws InterruptedException {
        long started = System.nanoTime();
        String last = "not tried";
        do {
            try {
                HealthCheckResponse r = HealthGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(RPC_DEADLINE_MS, TimeUnit.MILLISECONDS)
                        .check(HealthCheckRequest.getDefaultInstance());
                return new Outcome(true, "connected (" + r.getStatus() + ")", millisSince(started));
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
                    return new Outcome(true, "connected (health check answered " + code + ")", millisSince(started));
                }
                last = code + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription());
            }
            Thread.sleep(RETRY_MS);
        } while (System.nanoTime() < deadlineNanos);
        return new Outcome(false, "not reachable (" + last + ")", millisSince(started));
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
