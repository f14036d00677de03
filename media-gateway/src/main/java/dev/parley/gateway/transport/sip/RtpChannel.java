package dev.parley.gateway.transport.sip;

import dev.parley.audio.ALaw;
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

import java.time.Duration;

/**
 * One call's RTP over UDP, on the call's context. Every 20 ms it plays one frame out of the jitter buffer to the
 * caller's side of the session and sends one frame of the agent's audio ({@link RtpSender}: silence when there is
 * none, marks, key presses). Symmetric RTP ({@code parley.sip.symmetric-rtp}): once the caller's packets arrive,
 * replies go where they come from, which is what reaches a caller behind NAT.
 */
final class RtpChannel {
    private static final Logger LOG = Logger.getLogger(RtpChannel.class);
    private static final long FRAME_NANOS = 20_000_000L;
    /** After a stall of the event loop, at most this many frames are caught up at once; older ticks are skipped. */
    private static final int MAX_CATCH_UP = 10;
    private static final Counter IGNORED_MALFORMED = ignored("malformed");
    private static final Counter IGNORED_SOURCE = ignored("unexpected-source");

    interface Listener {
        void audio(byte[] ulawFrame);

        void dtmf(String digit);

        void markPlayed(String name);

        void mediaLost(long silentMs);
    }

    private final Vertx vertx;
    private final DatagramSocket socket;
    private final int localPort;
    private final long mediaTimeoutNanos;
    private final boolean symmetric;
    private final RtpSender sender;
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
    private boolean closed;
    private long malformed;

    private RtpChannel(Vertx vertx, DatagramSocket socket, int localPort, Duration mediaTimeout, boolean symmetric) {
        this.vertx = vertx;
        this.symmetric = symmetric;
        this.socket = socket;
        this.localPort = localPort;
        this.mediaTimeoutNanos = mediaTimeout.toNanos();
        this.sender = new RtpSender(socket, name -> {
            if (listener != null) {
                listener.markPlayed(name);
            }
        });
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
        sender.send(ulawFrame);
    }

    /** Queues audio of any length (a brief, another leg's frames) in 20 ms frames: {@link RtpSender#relay}. */
    void relay(byte[] ulaw) {
        sender.relay(ulaw);
    }

    /**
     * A key press to pass on (from the other leg of a bridge): as RFC 4733 telephone-events when this side negotiated
     * them, else as the key's tones in the audio.
     */
    void sendDigit(String digit) {
        if (media != null && media.telephoneEvent() >= 0) {
            sender.digit(digit);
        } else {
            sender.relay(DtmfTones.ulaw(digit));
        }
    }

    void mark(String name) {
        sender.mark(name);
    }

    void clear() {
        sender.clear();
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
            sender.sendNext(media, remoteHost, remotePort);
        }
        if (!media.onHold() && now - lastHeardNanos > mediaTimeoutNanos && !closed) {
            listener.mediaLost((now - lastHeardNanos) / 1_000_000);
        }
    }
}
