package dev.parley.gateway.transport.sip;

import dev.parley.audio.ALaw;
import dev.parley.audio.MuLaw;
import dev.parley.gateway.transport.sip.media.RtpPacket;
import dev.parley.gateway.transport.sip.media.TelephoneEvents;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * One side's RTP for a sipp call, which sipp itself does not carry here: the SDP names this socket's port. It learns
 * the gateway's RTP address from the first packet (the gateway sends from the start), then sends a sine tone of its
 * own every 20 ms in its codec (PCMU 0 or PCMA 8), and keeps every frame it hears, decoded, for
 * {@link #framesWith} to find a tone in. It can press a key as RFC 4733 telephone-events ({@link #pressOnceHearing}),
 * and keeps the keys it is sent that way (payload type 101).
 */
final class RtpPeer implements AutoCloseable {
    static final int TELEPHONE_EVENT = 101;
    private final DatagramSocket socket;
    private final int payloadType;
    private final double toneHz;
    private final List<short[]> heard = new CopyOnWriteArrayList<>();
    private final List<String> keysHeard = new CopyOnWriteArrayList<>();
    private final TelephoneEvents events = new TelephoneEvents(TELEPHONE_EVENT);
    private volatile int keyToPress = -1;
    private volatile double pressWhenHearingHz;
    private volatile SocketAddress gateway;
    private volatile boolean closed;

    RtpPeer(int payloadType, double toneHz) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.payloadType = payloadType;
        this.toneHz = toneHz;
        Thread rx = new Thread(this::receive, "rtp-peer-rx");
        rx.setDaemon(true);
        rx.start();
        Thread tx = new Thread(this::send, "rtp-peer-tx");
        tx.setDaemon(true);
        tx.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Presses {@code key} (0-9: that digit) once this side has heard 10 frames of {@code hz} (the other side). */
    void pressOnceHearing(double hz, int key) {
        pressWhenHearingHz = hz;
        keyToPress = key;
    }

    /** Keys sent to this side as telephone-events, in order. */
    List<String> keysHeard() {
        return List.copyOf(keysHeard);
    }

    /** Frames heard that are mostly the two tones of a DTMF key. */
    long framesWithBoth(double lowHz, double highHz) {
        return heard.stream().filter(f -> toneShare(f, lowHz) + toneShare(f, highHz) > 0.8).count();
    }

    /** Frames heard whose energy at {@code hz} is most of their energy: that tone, not speech or silence. */
    long framesWith(double hz) {
        return heard.stream().filter(f -> toneShare(f, hz) > 0.5).count();
    }

    private void receive() {
        byte[] buffer = new byte[2048];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return;
            }
            gateway = packet.getSocketAddress();
            RtpPacket rtp = RtpPacket.parse(buffer, 0, packet.getLength());
            if (rtp.payloadType() == TELEPHONE_EVENT) {
                events.digit(rtp).ifPresent(keysHeard::add);
            } else if (rtp.payloadType() == 0) {
                heard.add(MuLaw.decode(rtp.payload()));
            } else if (rtp.payloadType() == 8) {
                heard.add(ALaw.decode(rtp.payload()));
            }
        }
    }

    private void send() {
        int sequence = 0;
        long sample = 0;
        while (!closed) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            if (gateway == null) {
                continue;
            }
            if (keyToPress >= 0 && framesWith(pressWhenHearingHz) >= 10) {
                if (!press(keyToPress, sequence, sample)) {
                    return;
                }
                sequence += 8;
                sample += 8 * 160;
                keyToPress = -1;
                continue;
            }
            short[] pcm = new short[160];
            for (int i = 0; i < pcm.length; i++, sample++) {
                pcm[i] = (short) (6_000 * Math.sin(2 * Math.PI * toneHz * sample / 8_000.0));
            }
            byte[] payload = payloadType == 8 ? ALaw.encode(pcm) : MuLaw.encode(pcm);
            byte[] bytes = new RtpPacket(payloadType, false, sequence++ & 0xFFFF, sample, 0x1234, payload).toBytes();
            try {
                socket.send(new DatagramPacket(bytes, bytes.length, gateway));
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * One key press as a phone sends it (RFC 4733): five updates 20 ms apart, then the end packet three times, all
     * with the press's timestamp.
     */
    private boolean press(int key, int sequence, long timestamp) {
        for (int i = 0; i < 8; i++) {
            int duration = Math.min(i + 1, 5) * 160;
            byte[] payload = {(byte) key, (byte) ((i >= 5 ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
            byte[] bytes = new RtpPacket(TELEPHONE_EVENT, i == 0, (sequence + i) & 0xFFFF, timestamp, 0x1234, payload)
                    .toBytes();
            try {
                socket.send(new DatagramPacket(bytes, bytes.length, gateway));
                Thread.sleep(20);
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }
        return true;
    }

    /** The share of a frame's energy at {@code hz} (Goertzel), 0 for a silent frame. */
    static double toneShare(short[] frame, double hz) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / 8_000.0);
        double s1 = 0;
        double s2 = 0;
        double total = 0;
        for (short x : frame) {
            double s = x + coefficient * s1 - s2;
            s2 = s1;
            s1 = s;
            total += (double) x * x;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        // A pure tone puts total * N / 2 into its bin; silence (or comfort noise) counts as no tone.
        return total / frame.length < 10_000 ? 0 : power / (total * frame.length / 2.0);
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
