package dev.parley.e2e.sip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The far end's ear for a SIP test call: a UDP port whose number goes into the caller's SDP, so the agent's RTP lands
 * here. Keeps every PCMU payload by its (unwrapped) sequence number, so what it returns is the audio in the order it
 * was sent, with a lost packet a gap, as a phone's jitter buffer would play it.
 */
public final class RtpRecorder implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<Long, byte[]> payloads = new TreeMap<>();
    private final Thread reader;
    private int packets;
    private int malformed;
    private long lastSequence = -1;

    public RtpRecorder() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        reader = new Thread(this::read, "rtp-recorder-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void read() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return;
            }
            keep(packet.getData(), packet.getLength());
        }
    }

    private synchronized void keep(byte[] data, int length) {
        int csrc = length > 0 ? data[0] & 0x0F : 0;
        int header = 12 + 4 * csrc;
        if (length < header || (data[0] & 0xC0) != 0x80 || (data[1] & 0x7F) != 0) {
            malformed++;
            return;
        }
        int sequence = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        long unwrapped = unwrap(sequence);
        byte[] payload = new byte[length - header];
        System.arraycopy(data, header, payload, 0, payload.length);
        payloads.put(unwrapped, payload);
        packets++;
    }

    private long unwrap(int sequence) {
        if (lastSequence < 0) {
            lastSequence = sequence;
            return sequence;
        }
        long base = lastSequence & ~0xFFFFL;
        long candidate = base | sequence;
        if (candidate < lastSequence - 0x8000) {
            candidate += 0x10000;
        } else if (candidate > lastSequence + 0x8000) {
            candidate -= 0x10000;
        }
        lastSequence = Math.max(lastSequence, candidate);
        return candidate;
    }

    /** Everything heard so far as μ-law, in sequence order. */
    public synchronized byte[] heard() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        payloads.values().forEach(out::writeBytes);
        return out.toByteArray();
    }

    public synchronized int packets() {
        return packets;
    }

    public synchronized int malformed() {
        return malformed;
    }

    @Override
    public void close() {
        socket.close();
    }
}
