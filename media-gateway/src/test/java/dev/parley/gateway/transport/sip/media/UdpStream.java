package dev.parley.gateway.transport.sip.media;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call's inbound audio over real UDP: a sender sends a 20 ms RTP packet every 20 ms through an {@link RtpRelay}
 * to a receiving socket whose packets go to one or more jitter buffers, and a pacer polls them every 20 ms, as the SIP
 * line will. Several buffers see exactly the same arrivals, so they can be compared on one network run. Sequence
 * numbers and timestamps start just before their wrap.
 */
final class UdpStream {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final long DRAIN_MS = 1500;

    /** What one buffer did with the stream. */
    static final class Playout {
        final JitterBuffer buffer;
        /** Frame ids the buffer took (neither late nor duplicate), in arrival order. */
        final List<Integer> inTime = new ArrayList<>();
        /** Frame ids in the order they were played, each once (a concealment repeat is not a play). */
        final List<Integer> played = new ArrayList<>();
        final long[] playedAt;

        Playout(JitterBuffer buffer, int packets) {
            this.buffer = buffer;
            this.playedAt = new long[packets];
        }
    }

    /** Send and arrival times (System.nanoTime, 0 for never) by frame id, and each buffer's playout. */
    record Result(long[] sentAt, long[] arrivedAt, List<Playout> playouts, long relayDropped, long relayReordered) {
    }

    private UdpStream() {
    }

    static Result run(RtpRelay.Network network, long seed, int packets, List<JitterBuffer> buffers) throws Exception {
        long[] sentAt = new long[packets];
        long[] arrivedAt = new long[packets];
        List<Playout> playouts = new ArrayList<>();
        for (JitterBuffer b : buffers) {
            playouts.add(new Playout(b, packets));
        }
        Object lock = new Object();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        try (DatagramSocket rx = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             DatagramSocket tx = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             RtpRelay relay = new RtpRelay(network, seed, rx.getLocalSocketAddress())) {
            Thread receiver = new Thread(() -> receive(rx, lock, arrivedAt, playouts), "rtp-receiver");
            receiver.start();
            AtomicInteger next = new AtomicInteger();
            CountDownLatch allSent = new CountDownLatch(1);
            ScheduledFuture<?> sender = clock.scheduleAtFixedRate(() -> {
                int k = next.getAndIncrement();
                if (k >= packets) {
                    allSent.countDown();
                    return;
                }
                RtpPacket p = Frames.packet(0x5EED, 65_000 + k, 0xFFFF_F000L + 160L * k, k);
                byte[] wire = p.toBytes();
                sentAt[k] = System.nanoTime();
                try {
                    tx.send(new DatagramPacket(wire, wire.length, relay.address()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> pacer = clock.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                synchronized (lock) {
                    poll(playouts, now);
                }
            }, 10, 20, TimeUnit.MILLISECONDS);
            allSent.await();
            sender.cancel(false);
            Thread.sleep(DRAIN_MS);
            pacer.cancel(false);
            rx.close();
            receiver.join(1000);
            return new Result(sentAt, arrivedAt, playouts, relay.dropped(), relay.reordered());
        } finally {
            clock.shutdownNow();
        }
    }

    private static void receive(DatagramSocket rx, Object lock, long[] arrivedAt, List<Playout> playouts) {
        byte[] buffer = new byte[2048];
        while (!rx.isClosed()) {
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            try {
                rx.receive(in);
            } catch (IOException closed) {
                return;
            }
            long now = System.nanoTime();
            RtpPacket packet = RtpPacket.parse(in.getData(), 0, in.getLength());
            int id = Frames.id(packet.payload());
            synchronized (lock) {
                arrivedAt[id] = now;
                offer(playouts, packet, id);
            }
        }
    }

    /** Gives a packet to every buffer, noting which ones took it in time. */
    static void offer(List<Playout> playouts, RtpPacket packet, int id) {
        for (Playout playout : playouts) {
            JitterStats before = playout.buffer.stats();
            playout.buffer.offer(packet);
            JitterStats after = playout.buffer.stats();
            if (after.late() == before.late() && after.duplicates() == before.duplicates()) {
                playout.inTime.add(id);
            }
        }
    }

    /** One pacer tick for every buffer, noting the first time each frame plays. */
    static void poll(List<Playout> playouts, long now) {
        for (Playout playout : playouts) {
            int id = Frames.id(playout.buffer.poll());
            if (id >= 0 && playout.playedAt[id] == 0) {
                playout.playedAt[id] = now;
                playout.played.add(id);
            }
        }
    }
}
