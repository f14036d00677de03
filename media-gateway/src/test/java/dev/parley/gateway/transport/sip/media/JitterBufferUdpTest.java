package dev.parley.gateway.transport.sip.media;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three seconds of real RTP over loopback UDP through a relay that loses, delays and reorders packets. */
class JitterBufferUdpTest {

    @Test
    void everyFrameThatArrivedInTimeIsPlayedInOrder() throws Exception {
        RtpRelay.Network bad = new RtpRelay.Network("bad", 30, 0.10, 0.05, 0.01, 120);
        JitterBuffer buffer = new JitterBuffer(Frames.SILENCE);
        UdpStream.Result result = UdpStream.run(bad, 4733, 150, List.of(buffer));
        UdpStream.Playout playout = result.playouts().get(0);

        assertTrue(result.relayDropped() > 0 && result.relayReordered() > 0,
                "the relay must have lost and reordered packets: " + result.relayDropped() + " lost, "
                        + result.relayReordered() + " reordered");
        List<Integer> expected = playout.inTime.stream().sorted().toList();
        assertEquals(expected, playout.played, "frames taken in time, played once each, in order");
        assertTrue(playout.played.size() >= 120, "played " + playout.played.size() + " of 150: " + buffer.stats());
        assertEquals(150 - result.relayDropped(), buffer.stats().received(), "every forwarded packet reached the buffer");
    }
}
