package dev.parley.gateway.transport.sip.media;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link UdpStream} in simulated time: the same packets, the same network ({@link RtpRelay.Fates}) and the same
 * recording, with no sockets and no host scheduling in the way, so minutes of audio take milliseconds and repeat
 * exactly with the seed. Times are simulated nanoseconds.
 */
final class SimulatedStream {
    private static final long MS = 1_000_000L;
    private static final long DRAIN_MS = 1500;

    private SimulatedStream() {
    }

    static UdpStream.Result run(RtpRelay.Network network, long seed, int packets, List<JitterBuffer> buffers) {
        long[] sentAt = new long[packets];
        long[] arrivedAt = new long[packets];
        List<UdpStream.Playout> playouts = new ArrayList<>();
        for (JitterBuffer b : buffers) {
            playouts.add(new UdpStream.Playout(b, packets));
        }
        RtpRelay.Fates fates = new RtpRelay.Fates(network, seed);
        List<Integer> arriving = new ArrayList<>();
        for (int k = 0; k < packets; k++) {
            sentAt[k] = 20 * k * MS;
            long delayMs = fates.next(sentAt[k]);
            if (delayMs >= 0) {
                arrivedAt[k] = sentAt[k] + delayMs * MS;
                arriving.add(k);
            }
        }
        // Sorting is stable: packets due at the same moment arrive in the order they were sent, as the relay sends them.
        arriving.sort(Comparator.comparingLong(k -> arrivedAt[k]));
        int next = 0;
        for (long poll = 10 * MS; poll <= 20L * packets * MS + DRAIN_MS * MS; poll += 20 * MS) {
            while (next < arriving.size() && arrivedAt[arriving.get(next)] <= poll) {
                int k = arriving.get(next++);
                UdpStream.offer(playouts, Frames.packet(0x5EED, 65_000 + k, 0xFFFF_F000L + 160L * k, k), k);
            }
            UdpStream.poll(playouts, poll);
        }
        return new UdpStream.Result(sentAt, arrivedAt, playouts, fates.dropped(), fates.reordered());
    }
}
