package dev.parley.gateway.transport.sip;

import dev.parley.audio.ALaw;
import dev.parley.gateway.transport.sip.media.DigitEvent;
import dev.parley.gateway.transport.sip.media.DtmfTones;
import dev.parley.gateway.transport.sip.media.JitterBuffer;
import dev.parley.gateway.transport.sip.media.RtpPacket;
import dev.parley.gateway.transport.sip.media.TelephoneEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * One call's RTP over UDP, on the call's context. Every 20 ms it plays one frame out of the jitter buffer to the
 * caller's side of the session and sends one frame of the agent's audio (silence when there is none: the stream
 * stays continuous, so the caller's jitter buffer and NAT bindings do too). Marks ride in the outgoing queue and
 * count as played when the audio before them has been sent; {@link #clear} drops what was not sent and reports
 * the marks in it, as Twilio does. Symmetric RTP ({@code parley.sip.symmetric-rtp}): once the caller's packets
 * arrive, replies go where they come from, which is what reaches a caller behind NAT.
 */
final class RtpChannel {
    private static final Logger LOG = Logger.getLogger(RtpChannel.class);
    private static final int FRAME_BYTES = 160;
    private static final long FRAME_NANOS = 20_000_000L;
    /** After a stall of the event loop, at most this many frames are caught up at once; older ticks are skipped. */
    private static final int MAX_CATCH_UP = 10;
    /** Frames a relayed stream may queue (200 ms) before its oldest are dropped. */
    private static final int MAX_RELAY_BACKLOG = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Sent while the agent is quiet; never written to, so one frame serves every call. */
    private static final byte[] SILENCE = silenceFrame();
    private static final Counter IGNORED_MALFORMED = ignored("malformed");
    private static final Counter IGNORED_SOURCE = ignored("unexpected-source");

    interface Listener {
        void audio(byte[] ulawFrame);

        void dtmf(String digit);

        void markPlayed(String name);

        void mediaLost(long silentMs);
    }

    private record Mark(String name) {
    }

    private final Vertx vertx;
    private final DatagramSocket socket;
    private final int localPort;
    private final long mediaTimeoutNanos;
    private final boolean symmetric;
    private final ArrayDeque<Object> outgoing = new ArrayDeque<>();
    /** Key presses to send as telephone-events, ahead of the audio (which waits meanwhile). */
    private final ArrayDeque<DigitEvent> digits = new ArrayDeque<>();
    private long digitTimestamp;
    private final long ssrc = RANDOM.nextInt() & 0xFFFFFFFFL;
    private SdpMedia media;
    private JitterBuffer jitter;
    private TelephoneEvents events;
    private String remoteHost;
    private int remotePort;
    private boolean latched;
    /** host:port the call's RTP comes from: the first sender, again after a re-INVITE that moves the caller. */
    private SocketAddress source;
    private Listener listener;
    private long timer = -1;
    private long startedNanos;
    private long ticks;
    private long lastHeardNanos;
    private int sequence = RANDOM.nextInt(0x10000);
    private long timestamp = RANDOM.nextInt() & 0xFFFFFFFFL;
    private boolean talkspurt = true;
    private boolean closed;
    private long malformed;

    private RtpChannel(Vertx vertx, DatagramSocket socket, int localPort, Duration mediaTimeout, boolean symmetric) {
        this.vertx = vertx;
        this.symmetric = symmetric;
        this.socket = socket;
        this.localPort = localPort;
        this.mediaTimeoutNanos = mediaTimeout.toNanos();
        socket.handler(this::received);
    }

    /** Binds a port from the range on {@code context}, where the channel then lives. */
    static Future<RtpChannel> open(Vertx vertx, Context context, SipConfig config, RtpPorts ports) {
        Promise<RtpChannel> promise = Promise.promise();
        context.runOnContext(v -> bind(vertx, config, ports, Math.min(ports.size(), 64), promise));
        return promise.future();
    }

    private static void bind(Vertx vertx, SipConfig config, RtpPorts ports, int triesLeft,
                             Promise<RtpChannel> promise) {
        int port = ports.next();
        DatagramSocket socket = vertx.createDatagramSocket();
        socket.listen(port, config.bindAddress()).onComplete(ar -> {
            if (ar.succeeded()) {
                promise.complete(new RtpChannel(vertx, socket, port, config.mediaTimeout(), config.symmetricRtp()));
            } else {
                socket.close();
                if (triesLeft <= 1) {
                    promise.fail(new IllegalStateException("no free RTP port (last tried " + port + "): "
                            + ar.cause().getMessage()));
                } else {
                    bind(vertx, config, ports, triesLeft - 1, promise);
                }
            }
        });
    }

    private static Counter ignored(String reason) {
        return Counter.builder("parley.sip.rtp.ignored").description("RTP packets ignored, by reason")
                .tag("reason", reason).register(Metrics.globalRegistry);
    }

    private static byte[] silenceFrame() {
        byte[] frame = new byte[FRAME_BYTES];
        java.util.Arrays.fill(frame, (byte) 0xFF);
        return frame;
    }

    int localPort() {
        return localPort;
    }

    /** Where to send and how to read what comes: from the SDP offer (again on a re-INVITE). */
    void media(SdpMedia negotiated) {
        boolean codecChanged = media == null || media.payloadType() != negotiated.payloadType();
        this.media = negotiated;
        if (!latched || !negotiated.remoteHost().equals(remoteHost)) {
            remoteHost = negotiated.remoteHost();
            remotePort = negotiated.remotePort();
            latched = false;
            source = null;
        }
        if (codecChanged || jitter == null) {
            jitter = new JitterBuffer(negotiated.codec().silence());
        }
        events = negotiated.telephoneEvent() >= 0 ? new TelephoneEvents(negotiated.telephoneEvent()) : null;
    }

    void start(Listener listener) {
        this.listener = listener;
        startedNanos = System.nanoTime();
        lastHeardNanos = startedNanos;
        timer = vertx.setPeriodic(20, id -> tick());
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
            outgoing.add(java.util.Arrays.copyOfRange(ulaw, at, at + FRAME_BYTES));
        }
        while (outgoing.size() > MAX_RELAY_BACKLOG && ulaw.length == FRAME_BYTES) {
            outgoing.poll();
        }
    }

    /**
     * A key press to pass on (from the other leg of a bridge): as RFC 4733 telephone-events when this side negotiated
     * them, else as the key's tones in the audio.
     */
    void sendDigit(String digit) {
        if (media != null && media.telephoneEvent() >= 0) {
            digits.add(new DigitEvent(digit));
        } else {
            relay(DtmfTones.ulaw(digit));
        }
    }

    void mark(String name) {
        outgoing.add(new Mark(name));
    }

    void clear() {
        Object item;
        while ((item = outgoing.poll()) != null) {
            if (item instanceof Mark m && listener != null) {
                listener.markPlayed(m.name());
            }
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        socket.close();
        if (malformed > 0) {
            LOG.debugf("RTP port %d: %d malformed packets ignored", localPort, malformed);
        }
    }

    private void received(DatagramPacket packet) {
        if (closed || media == null) {
            return;
        }
        Buffer data = packet.data();
        RtpPacket rtp;
        try {
            rtp = RtpPacket.parse(data.getBytes());
        } catch (IllegalArgumentException e) {
            malformed++;
            IGNORED_MALFORMED.increment();
            return;
        }
        SocketAddress from = packet.sender();
        if (source == null) {
            source = from;
        } else if (!source.equals(from)) {
            // One stream per call: packets from anyone else (a stray or an injection) are not the caller's audio.
            IGNORED_SOURCE.increment();
            return;
        }
        if (symmetric && !latched) {
            remoteHost = packet.sender().host();
            remotePort = packet.sender().port();
            latched = true;
        }
        lastHeardNanos = System.nanoTime();
        if (rtp.payloadType() == media.payloadType()) {
            jitter.offer(rtp);
        } else if (events != null && rtp.payloadType() == media.telephoneEvent() && listener != null) {
            events.digit(rtp).ifPresent(listener::dtmf);
        }
    }

    private void tick() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long due = (now - startedNanos) / FRAME_NANOS;
        if (due - ticks > MAX_CATCH_UP) {
            ticks = due - MAX_CATCH_UP;
        }
        while (ticks < due && !closed) {
            ticks++;
            byte[] heard = jitter.poll();
            listener.audio(media.alaw() ? ALaw.toMuLaw(heard) : heard);
            sendNext();
        }
        if (!media.onHold() && now - lastHeardNanos > mediaTimeoutNanos && !closed) {
            listener.mediaLost((now - lastHeardNanos) / 1_000_000);
        }
    }

    private void sendNext() {
        if (!digits.isEmpty()) {
            sendDigitFrame(digits.peek());
            return;
        }
        Object item;
        while ((item = outgoing.peek()) instanceof Mark m) {
            outgoing.poll();
            listener.markPlayed(m.name());
        }
        byte[] frame = (byte[]) outgoing.poll();
        boolean speech = frame != null;
        if (frame == null || frame.length != FRAME_BYTES) {
            frame = SILENCE;
        }
        if (media.sending() && remoteHost != null) {
            byte[] payload = media.alaw() ? ALaw.fromMuLaw(frame) : frame;
            RtpPacket packet = new RtpPacket(media.payloadType(), speech && talkspurt, sequence, timestamp, ssrc,
                    payload);
            socket.send(Buffer.buffer(packet.toBytes()), remotePort, remoteHost);
        }
        talkspurt = !speech;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + FRAME_BYTES) & 0xFFFFFFFFL;
    }

    /** One frame's telephone-event packet instead of audio; the stream's clock runs on as for audio. */
    private void sendDigitFrame(DigitEvent event) {
        boolean starting = event.starting();
        if (starting) {
            digitTimestamp = timestamp;
        }
        byte[] payload = event.next();
        if (media.sending() && remoteHost != null) {
            RtpPacket packet = new RtpPacket(media.telephoneEvent(), starting, sequence, digitTimestamp, ssrc,
                    payload);
            socket.send(Buffer.buffer(packet.toBytes()), remotePort, remoteHost);
        }
        if (event.done()) {
            digits.poll();
        }
        talkspurt = true;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + FRAME_BYTES) & 0xFFFFFFFFL;
    }
}
