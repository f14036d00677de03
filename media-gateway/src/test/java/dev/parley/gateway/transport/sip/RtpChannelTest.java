package dev.parley.gateway.transport.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.gateway.transport.sip.media.RtpPacket;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One call's RTP stream on real UDP sockets: what a caller's phone sends and receives. */
class RtpChannelTest {
    private static final String OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio %d RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";

    private Vertx vertx;
    private Context context;
    private DatagramSocket advertised;
    private DatagramSocket phone;
    private final List<byte[]> heardByAgent = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        advertised = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        phone = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        advertised.setSoTimeout(3000);
        phone.setSoTimeout(3000);
    }

    @AfterEach
    void tearDown() throws Exception {
        advertised.close();
        phone.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private RtpChannel open(boolean symmetric, Duration mediaTimeout) throws Exception {
        SipConfig config = new TestConfig(symmetric, mediaTimeout);
        RtpChannel rtp = RtpChannel.open(vertx, context, config, new RtpPorts(config))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        SdpMedia media = SdpMedia.of(String.format(OFFER, advertised.getLocalPort()).getBytes(StandardCharsets.US_ASCII));
        // Packets that arrive before media() are dropped by design: the test's first ones must not race it.
        CompletableFuture<Void> started = new CompletableFuture<>();
        context.runOnContext(v -> {
            rtp.media(media);
            started.complete(null);
            rtp.start(new RtpChannel.Listener() {
                @Override
                public void audio(byte[] ulawFrame) {
                    heardByAgent.add(ulawFrame);
                }

                @Override
                public void dtmf(String digit) {
                    events.add("dtmf " + digit);
                }

                @Override
                public void markPlayed(String name) {
                    events.add("mark " + name);
                }

                @Override
                public void mediaLost(long silentMs) {
                    events.add("lost");
                }
            });
        });
        started.get(5, TimeUnit.SECONDS);
        return rtp;
    }

    private void phoneSends(RtpChannel rtp, RtpPacket packet) throws Exception {
        byte[] bytes = packet.toBytes();
        phone.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), rtp.localPort()));
    }

    private static byte[] frame(int value) {
        byte[] f = new byte[160];
        Arrays.fill(f, (byte) value);
        return f;
    }

    private static RtpPacket receive(DatagramSocket socket) throws Exception {
        byte[] buffer = new byte[2048];
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        socket.receive(p);
        return RtpPacket.parse(p.getData(), 0, p.getLength());
    }

    /** The first packet carrying the agent's frame of {@code value}, skipping the silence the stream keeps up. */
    private static Optional<RtpPacket> receiveFrame(DatagramSocket socket, int value) throws Exception {
        long until = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < until) {
            RtpPacket p = receive(socket);
            if (p.payload()[0] == (byte) value) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Test
    void theCallersAudioReachesTheAgentInOrderAndRepliesGoWhereItComesFrom() throws Exception {
        RtpChannel rtp = open(true, Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            phoneSends(rtp, new RtpPacket(0, i == 0, 100 + i, 1000 + 160L * i, 42, frame(10 + i)));
        }
        awaitEvent(() -> heardByAgent.stream().anyMatch(f -> f[0] == 14), "the caller's five frames reach the agent");
        List<Byte> firsts = heardByAgent.stream().map(f -> f[0]).filter(b -> b >= 10 && b <= 14).toList();
        assertEquals(List.of((byte) 10, (byte) 11, (byte) 12, (byte) 13, (byte) 14), firsts);
        assertTrue(heardByAgent.stream().allMatch(f -> f.length == 160), "one 20 ms frame per tick");

        context.runOnContext(v -> {
            rtp.send(frame(0x55));
            rtp.mark("m1");
        });
        RtpPacket reply = receiveFrame(phone, 0x55).orElseThrow();
        assertEquals(0, reply.payloadType());
        assertArrayEquals(frame(0x55), reply.payload());
        awaitEvent(() -> events.contains("mark m1"), "a mark counts as played once the audio before it is sent");
        context.runOnContext(v -> rtp.close());
    }

    @Test
    void keysQueuedWhenAReInviteTakesTelephoneEventsAwayGoAsTonesAndTheStreamGoesOn() throws Exception {
        RtpChannel rtp = open(false, Duration.ofSeconds(30));
        SdpMedia withoutEvents = SdpMedia.of(String.format("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n"
                + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio %d RTP/AVP 0\r\na=sendrecv\r\n",
                advertised.getLocalPort()).getBytes(StandardCharsets.US_ASCII));
        context.runOnContext(v -> {
            rtp.sendDigit("1");
            rtp.sendDigit("2");
            rtp.media(withoutEvents);
            rtp.send(frame(0x44));
        });
        int toneFrames = 0;
        long until = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < until) {
            RtpPacket p = receive(advertised);
            assertEquals(0, p.payloadType(), "no telephone-event after the peer dropped them");
            if (p.payload()[0] == (byte) 0x44) {
                break;
            }
            byte[] payload = p.payload();
            if (IntStream.range(0, payload.length).anyMatch(i -> payload[i] != (byte) 0xFF)) {
                toneFrames++;
            }
        }
        // Two keys of 100 ms tones (5 frames each) came before the audio queued after them.
        assertTrue(toneFrames >= 10, "tone frames " + toneFrames);
        assertTrue(System.nanoTime() < until, "the agent's audio after the keys never came");
        context.runOnContext(v -> rtp.close());
    }

    @Test
    void withoutSymmetricRtpRepliesGoToTheAddressInTheOffer() throws Exception {
        RtpChannel rtp = open(false, Duration.ofSeconds(30));
        phoneSends(rtp, new RtpPacket(0, true, 1, 160, 7, frame(1)));
        context.runOnContext(v -> rtp.send(frame(0x66)));
        assertTrue(receiveFrame(advertised, 0x66).isPresent(), "the offer's c=/m= address gets the agent's audio");
        context.runOnContext(v -> rtp.close());
    }

    @Test
    void clearDropsWhatWasNotSentAndReportsItsMarks() throws Exception {
        RtpChannel rtp = open(true, Duration.ofSeconds(30));
        context.runOnContext(v -> {
            for (int i = 0; i < 50; i++) {
                rtp.send(frame(0x77));
            }
            rtp.mark("end");
            rtp.clear();
        });
        awaitEvent(() -> events.contains("mark end"), "the cleared mark is reported");
        phoneSends(rtp, new RtpPacket(0, true, 1, 160, 7, frame(1)));
        long until = System.nanoTime() + 300_000_000L;
        int agentFrames = 0;
        while (System.nanoTime() < until) {
            try {
                if (receive(phone).payload()[0] == (byte) 0x77) {
                    agentFrames++;
                }
            } catch (SocketTimeoutException e) {
                break;
            }
        }
        assertTrue(agentFrames <= 1, "at most the frame already on the wire is heard after clear: " + agentFrames);
        context.runOnContext(v -> rtp.close());
    }

    @Test
    void aKeyPressIsOneDigitAndGarbageIsIgnored() throws Exception {
        RtpChannel rtp = open(true, Duration.ofSeconds(30));
        byte[] garbage = "not rtp at all".getBytes(StandardCharsets.US_ASCII);
        phone.send(new DatagramPacket(garbage, garbage.length, InetAddress.getLoopbackAddress(), rtp.localPort()));
        for (int i = 0; i < 4; i++) {
            boolean end = i >= 1;
            byte[] event = {5, (byte) (end ? 0x80 | 10 : 10), 0, (byte) (160 * (i + 1))};
            phoneSends(rtp, new RtpPacket(101, i == 0, 10 + i, 8000, 9, event));
        }
        awaitEvent(() -> events.contains("dtmf 5"), "the key press arrives");
        Thread.sleep(200);
        assertEquals(1, events.stream().filter(e -> e.startsWith("dtmf")).count(), events.toString());
        context.runOnContext(v -> rtp.close());
    }

    @Test
    void rtpFromAnotherSourceThanTheCallersIsIgnored() throws Exception {
        RtpChannel rtp = open(true, Duration.ofSeconds(30));
        phoneSends(rtp, new RtpPacket(0, true, 1, 160, 7, frame(20)));
        awaitEvent(() -> heardByAgent.stream().anyMatch(f -> f[0] == 20), "the caller's frame is heard");
        try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] injected = new RtpPacket(0, false, 2, 320, 7, frame(99)).toBytes();
            stranger.send(new DatagramPacket(injected, injected.length, InetAddress.getLoopbackAddress(),
                    rtp.localPort()));
        }
        phoneSends(rtp, new RtpPacket(0, false, 3, 480, 7, frame(21)));
        awaitEvent(() -> heardByAgent.stream().anyMatch(f -> f[0] == 21), "the caller's next frame is heard");
        Thread.sleep(100);
        assertTrue(heardByAgent.stream().noneMatch(f -> f[0] == 99), "a stranger's packet never reaches the agent");
        context.runOnContext(v -> rtp.send(frame(0x44)));
        assertTrue(receiveFrame(phone, 0x44).isPresent(), "replies still go to the caller");
        context.runOnContext(v -> rtp.close());
    }

    @Test
    void aCallerWhoseMediaStopsIsReportedLost() throws Exception {
        RtpChannel rtp = open(true, Duration.ofMillis(300));
        phoneSends(rtp, new RtpPacket(0, true, 1, 160, 7, frame(1)));
        awaitEvent(() -> events.contains("lost"), "no RTP for longer than the media timeout");
        context.runOnContext(v -> rtp.close());
        assertFalse(heardByAgent.isEmpty());
    }

    private static void awaitEvent(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long until = System.nanoTime() + 3_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
    }

    private record TestConfig(boolean symmetricRtp, Duration mediaTimeout) implements SipConfig {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public String bindAddress() {
            return "127.0.0.1";
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public Optional<String> advertisedAddress() {
            return Optional.empty();
        }

        @Override
        public int rtpPortMin() {
            return 41000;
        }

        @Override
        public int rtpPortMax() {
            return 41998;
        }

        @Override
        public Duration ringTimeout() {
            return Duration.ofSeconds(30);
        }

        @Override
        public Duration transferTimeout() {
            return Duration.ofSeconds(30);
        }
    }
}
