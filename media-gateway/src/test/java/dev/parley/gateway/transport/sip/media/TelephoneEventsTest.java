package dev.parley.gateway.transport.sip.media;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TelephoneEventsTest {
    private static final long SSRC = 42;

    private final TelephoneEvents events = new TelephoneEvents(101);
    private int seq;

    @Test
    void eachKeyPressIsOneDigitDespiteRepeatsAndTheTripleEnd() {
        List<String> digits = new ArrayList<>();
        press(5, 8000, digits);
        press(11, 9600, digits);
        press(5, 11200, digits);
        press(10, 12800, digits);
        press(12, 14400, digits);
        press(15, 16000, digits);
        assertEquals(List.of("5", "#", "5", "*", "A", "D"), digits);
    }

    @Test
    void anEndPacketOfThePreviousKeyArrivingLateIsNoNewDigit() {
        assertEquals(Optional.of("1"), events.digit(event(1, 8000, false, 160)));
        assertEquals(Optional.of("2"), events.digit(event(2, 9600, false, 160)));
        assertEquals(Optional.empty(), events.digit(event(1, 8000, true, 800)));
    }

    @Test
    void otherEventsPayloadTypesAndShortPayloadsAreIgnored() {
        assertEquals(Optional.empty(), events.digit(event(16, 8000, false, 160)), "flash is not a digit");
        assertEquals(Optional.empty(), events.digit(event(40, 9600, false, 160)));
        assertEquals(Optional.empty(), events.digit(new RtpPacket(0, false, 1, 11200, SSRC, new byte[160])));
        assertEquals(Optional.empty(), events.digit(new RtpPacket(101, false, 1, 12800, SSRC, new byte[]{3, 0})));
        assertEquals(Optional.of("3"), events.digit(event(3, 14400, false, 160)));
        assertThrows(IllegalArgumentException.class, () -> new TelephoneEvents(128));
    }

    /** One key press as RFC 4733 §2.5.1 sends it: a start packet, repeats every 50 ms, the end packet three times. */
    private void press(int event, long ts, List<String> digits) {
        List<RtpPacket> packets = new ArrayList<>();
        for (int duration = 400; duration <= 1600; duration += 400) {
            packets.add(event(event, ts, false, duration));
        }
        for (int i = 0; i < 3; i++) {
            packets.add(event(event, ts, true, 1760));
        }
        for (RtpPacket p : packets) {
            events.digit(p).ifPresent(digits::add);
        }
    }

    private RtpPacket event(int event, long ts, boolean end, int duration) {
        byte[] payload = {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
        return new RtpPacket(101, duration == 400, seq++, ts, SSRC, payload);
    }
}
