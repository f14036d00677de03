package dev.parley.gateway.transport.sip.media;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bad network on 127.0.0.1: real UDP sockets, each datagram received is dropped or forwarded to the target after a
 * random delay. All randomness comes from one seeded {@link Random} drawn on the receiving thread in arrival order, so
 * a run's losses and delays repeat with the seed (the host's own scheduling delays do not).
 */
final class RtpRelay implements AutoCloseable {

    /**
     * How the network misbehaves.
     *
     * @param jitterMs each packet is delayed uniformly between 0 and this
     * @param reorder  probability that a packet is held back behind the next one (jitter + 30 ms more)
     * @param drop     probability that a packet is lost
     * @param stall    probability, per packet, that the link stalls for {@code stallMs} (Wi-Fi or LTE): packets sent
     *                 meanwhile arrive together when it recovers
     */
    record Network(String name, int jitterMs, double reorder, double drop, double stall, int stallMs) {
        static Network clean() {
            return new Network("clean", 0, 0, 0, 0, 0);
        }
    }

    /**
     * What the network does to each packet, in the order packets come: lost, or delayed by so many milliseconds. The
     * relay asks it in real time, {@link SimulatedStream} in simulated time, so both see the same network.
     */
    static final class Fates {
        private final Network network;
        private final Random random;
        private long stalledUntilNanos;
        private long dropped;
        private long reordered;

        Fates(Network network, long seed) {
            this.network = network;
            this.random = new Random(seed);
        }

        /** The delay in ms of a packet that reaches the network at {@code nowNanos}, or -1 when it is lost. */
        long next(long nowNanos) {
            if (random.nextDouble() < network.drop()) {
                dropped++;
                return -1;
            }
            long delayMs = network.jitterMs() == 0 ? 0 : random.nextInt(network.jitterMs() + 1);
            if (random.nextDouble() < network.stall()) {
                stalledUntilNanos = Math.max(stalledUntilNanos, nowNanos + network.stallMs() * 1_000_000L);
            }
            if (stalledUntilNanos > nowNanos) {
                // A stalled link queues what comes in and releases it all when it recovers, in order.
                delayMs = Math.max(delayMs, (stalledUntilNanos - nowNanos) / 1_000_000L);
            }
            if (random.nextDouble() < network.reorder()) {
                delayMs += network.jitterMs() + 30;
                reordered++;
            }
            return delayMs;
        }

        long dropped() {
            return dropped;
        }

        long reordered() {
            return reordered;
        }
    }

    private final SocketAddress target;
    private final Fates fates;
    private final DatagramSocket socket;
    private final ScheduledExecutorService delayed = Executors.newSingleThreadScheduledExecutor();
    private final Thread receiver;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();

    RtpRelay(Network network, long seed, SocketAddress target) throws IOException {
        this.target = target;
        this.fates = new Fates(network, seed);
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.receiver = new Thread(this::relay, "rtp-relay");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Where the sender sends. */
    SocketAddress address() {
        return socket.getLocalSocketAddress();
    }

    long received() {
        return received.get();
    }

    long dropped() {
        return dropped.get();
    }

    long reordered() {
        return reordered.get();
    }

    private void relay() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(in);
            } catch (IOException closed) {
                return;
            }
            received.incrementAndGet();
            byte[] data = Arrays.copyOf(in.getData(), in.getLength());
            long delayMs = fates.next(System.nanoTime());
            dropped.set(fates.dropped());
            reordered.set(fates.reordered());
            if (delayMs < 0) {
                continue;
            }
            delayed.schedule(() -> send(data), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void send(byte[] data) {
        try {
            socket.send(new DatagramPacket(data, data.length, target));
        } catch (IOException closed) {
            // The relay was closed while this packet was still on its way: it is lost, like the rest.
        }
    }

    @Override
    public void close() {
        socket.close();
        delayed.shutdownNow();
        try {
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
