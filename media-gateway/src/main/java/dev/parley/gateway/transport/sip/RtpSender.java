package dev.parley.gateway.transport.sip;

import dev.parley.audio.ALaw;
import dev.parley.gateway.transport.sip.media.DigitEvent;
import dev.parley.gateway.transport.sip.media.DtmfTones;
import dev.parley.gateway.transport.sip.media.RtpPacket;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The sending half of one call's RTP ({@link RtpChannel}), one packet each 20 ms frame: the agent's audio, or silence
 * when there is none (the stream stays continuous, so the caller's jitter buffer and NAT bindings do too). Marks ride
 * in the outgoing queue and count as played when the audio before them has been sent; {@link #clear} drops what was
 * not sent and reports the marks in it, as Twilio does. Key presses go ahead of the audio as RFC 4733
 * telephone-events. The sequence number and timestamp run on with every frame, sent or not.
 */
final class RtpSender {
    private static final int FRAME_BYTES = 160;
    /** Frames a relayed stream may queue (200 ms) before its oldest are dropped. */
    private static final int MAX_RELAY_BACKLOG = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Sent while the agent is quiet; never written to, so one frame serves every call. */
    private static final byte[] SILENCE = silenceFrame();

    private record Mark(String name) {
    }

    private final DatagramSocket socket;
    /** Told each mark whose audio has been sent, or dropped by {@link #clear}. */
    private final Consumer<String> played;
    private final ArrayDeque<Object> outgoing = new ArrayDeque<>();
    /** Key presses to send as telephone-events, ahead of the audio (which waits meanwhile). */
    private final ArrayDeque<DigitEvent> digits = new ArrayDeque<>();
    private long digitTimestamp;
    private final long ssrc = RANDOM.nextInt() & 0xFFFFFFFFL;
    private int sequence = RANDOM.nextInt(0x10000);
    private long timestamp = RANDOM.nextInt() & 0xFFFFFFFFL;
    private boolean talkspurt = true;

    RtpSender(DatagramSocket socket, Consumer<String> played) {
        this.socket = socket;
        this.played = played;
    }

    private static byte[] silenceFrame() {
        byte[] frame = new byte[FRAME_BYTES];
        Arrays.fill(frame, (byte) 0xFF);
        return frame;
    }

    void send(byte[] ulawFrame) {
        outgoing.add(ulawFrame);
    }

    /**
     * Queues audio of any length (a brief, another leg's frames) in 20 ms frames. A relayed stream whose sender
     * ticks a little faster than ours would grow the queue without end: beyond {@link #MAX_RELAY_BACKLOG} frames the
     * oldest go, which bounds the delay the bridge adds.
     */
    void relay(byte[] ulaw) {
        for (int at = 0; at + FRAME_BYTES <= ulaw.length; at += FRAME_BYTES) {
            outgoing.add(Arrays.copyOfRange(ulaw, at, at + FRAME_BYTES));
        }
        while (outgoing.size() > MAX_RELAY_BACKLOG && ulaw.length == FRAME_BYTES) {
            outgoing.poll();
        }
    }

    /** A key press to send as telephone-events (the peer negotiated them). */
    void digit(String digit) {
        digits.add(new DigitEvent(digit));
    }

    void mark(String name) {
        outgoing.add(new Mark(name));
    }

    void clear() {
        Object item;
        while ((item = outgoing.poll()) != null) {
            if (item instanceof Mark m) {
                played.accept(m.name());
            }
        }
    }

    /** The next frame, to {@code host:port} as {@code media} says; nothing goes out on hold or to a null host. */
    void sendNext(SdpMedia media, String host, int port) {
        if (!digits.isEmpty() && media.telephoneEvent() < 0) {
            // A re-INVITE took telephone-events away: the keys not yet sent go as their tones in the audio instead,
            // ahead of the audio queued after them, as the events would have gone.
            while (!digits.isEmpty()) {
                byte[] tones = DtmfTones.ulaw(digits.pollLast().digit());
                for (int at = tones.length - FRAME_BYTES; at >= 0; at -= FRAME_BYTES) {
                    outgoing.addFirst(Arrays.copyOfRange(tones, at, at + FRAME_BYTES));
                }
            }
        }
        if (!digits.isEmpty()) {
            sendDigitFrame(digits.peek(), media, host, port);
            return;
        }
        Object item;
        while ((item = outgoing.peek()) instanceof Mark m) {
            outgoing.poll();
            played.accept(m.name());
        }
        byte[] frame = (byte[]) outgoing.poll();
        boolean speech = frame != null;
        if (frame == null || frame.length != FRAME_BYTES) {
            frame = SILENCE;
        }
        if (media.sending() && host != null) {
            byte[] payload = media.alaw() ? ALaw.fromMuLaw(frame) : frame;
            RtpPacket packet = new RtpPacket(media.payloadType(), speech && talkspurt, sequence, timestamp, ssrc,
                    payload);
            socket.send(Buffer.buffer(packet.toBytes()), port, host);
        }
        talkspurt = !speech;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + FRAME_BYTES) & 0xFFFFFFFFL;
    }

    /** One frame's telephone-event packet instead of audio; the stream's clock runs on as for audio. */
    private void sendDigitFrame(DigitEvent event, SdpMedia media, String host, int port) {
        boolean starting = event.starting();
        if (starting) {
            digitTimestamp = timestamp;
        }
        byte[] payload = event.next();
        if (media.sending() && host != null) {
            RtpPacket packet = new RtpPacket(media.telephoneEvent(), starting, sequence, digitTimestamp, ssrc,
                    payload);
            socket.send(Buffer.buffer(packet.toBytes()), port, host);
        }
        if (event.done()) {
            digits.poll();
        }
        talkspurt = true;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + FRAME_BYTES) & 0xFFFFFFFFL;
    }
}
