package dev.parley.gateway.backends;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.SynchronizationContext;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gives a channel every instance of a backend, and gives it again every {@code interval}: gRPC's own DNS resolver
 * resolves only when a connection breaks, so a pod added by a scale-up would get no calls until one did.
 */
final class ReResolvingNameResolver extends NameResolver {
    private final BackendAddresses addresses;
    private final Duration interval;
    private final SynchronizationContext sync;
    private final ScheduledExecutorService timer;
    private Listener2 listener;
    private ScheduledFuture<?> next;
    private List<InetSocketAddress> last = List.of();
    private boolean shutdown;

    ReResolvingNameResolver(BackendAddresses addresses, Duration interval, Args args) {
        this.addresses = addresses;
        this.interval = interval;
        this.sync = args.getSynchronizationContext();
        this.timer = args.getScheduledExecutorService();
    }

    @Override
    public String getServiceAuthority() {
        return addresses.backend();
    }

    @Override
    public void start(Listener2 listener) {
        this.listener = listener;
        resolve();
    }

    @Override
    public void refresh() {
        resolve();
    }

    @Override
    public void shutdown() {
        shutdown = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    /** Runs in the channel's synchronization context (start/refresh are called in it; the timer hops into it). */
    private void resolve() {
        if (shutdown) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        try {
            List<InetSocketAddress> now = addresses.resolve();
            if (!now.equals(last)) {
                last = now;
                listener.onResult(ResolutionResult.newBuilder()
                        .setAddresses(now.stream().map(EquivalentAddressGroup::new).toList()).build());
            }
        } catch (Exception e) {
            listener.onError(Status.UNAVAILABLE.withDescription("backend " + addresses + " does not resolve: " + e)
                    .withCause(e));
        }
        next = timer.schedule(() -> sync.execute(this::resolve), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The factory a channel is built with: its target's name is ignored, the addresses are this backend's. */
    static final class Factory extends NameResolver.Factory {
        private final BackendAddresses addresses;
        private final Duration interval;

        Factory(BackendAddresses addresses, Duration interval) {
            this.addresses = addresses;
            this.interval = interval;
        }

        @Override
        public NameResolver newNameResolver(URI targetUri, Args args) {
            return new ReResolvingNameResolver(addresses, interval, args);
        }

        @Override
        public String getDefaultScheme() {
            return "parley-backend";
        }
    }
}
