package dev.parley.gateway.transport.sip.media;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpPacketTest {

    @Test
    void packetSurvivesWriteThenRead() {
        byte[] payload = {1, 2, 3, (byte) 0xFF};
        RtpPacket sent = new RtpPacket(101, true, 65535, 0xFFFFFFFFL, 0xDEADBEEFL, payload);
        byte[] wire = sent.toBytes();
        assertEquals(16, wire.length);
        assertEquals((byte) 0x80, wire[0], "version 2, no padding, extension or CSRC");
        RtpPacket read = RtpPacket.parse(wire);
        assertEquals(101, read.payloadType());
        assertTrue(read.marker());
        assertEquals(65535, read.sequence());
        assertEquals(0xFFFFFFFFL, read.timestamp());
        assertEquals(0xDEADBEEFL, read.ssrc());
        assertArrayEquals(payload, read.payload());
    }

    @Test
    void csrcsExtensionAndPaddingAreSkipped() {
        byte[] wire = {
                (byte) 0xB2, 0x08, 0x12, 0x34, 0, 0, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44, // V=2 P X CC=2, PCMA
                0, 0, 0, 1, 0, 0, 0, 2,                                                // two CSRCs
                (byte) 0xBE, (byte) 0xDE, 0, 1, 9, 9, 9, 9,                            // one-word extension
                (byte) 0xD5, (byte) 0xD5, 0x55,                                        // payload
                0, 0, 3};                                                              // three bytes of padding
        byte[] datagram = new byte[wire.length + 7];
        System.arraycopy(wire, 0, datagram, 5, wire.length);
        RtpPacket p = RtpPacket.parse(datagram, 5, wire.length);
        assertEquals(8, p.payloadType());
        assertFalse(p.marker());
        assertEquals(0x1234, p.sequence());
        assertEquals(256, p.timestamp());
        assertEquals(0x11223344L, p.ssrc());
        assertArrayEquals(new byte[]{(byte) 0xD5, (byte) 0xD5, 0x55}, p.payload());
    }

    @Test
    void malformedPacketsAreRefusedWithAClearMessage() {
        byte[] ok = new RtpPacket(0, false, 1, 2, 3, new byte[160]).toBytes();
        assertRefused(null, 0, 0, "null");
        assertRefused(new byte[11], 0, 11, "too short");
        assertRefused(ok, 10, ok.length, "outside a buffer");
        assertRefused(ok, -1, 12, "outside a buffer");
        byte[] v1 = ok.clone();
        v1[0] = 0x40;
        assertRefused(v1, 0, v1.length, "version must be 2");
        byte[] csrc = new byte[20];
        csrc[0] = (byte) 0x83;
        assertRefused(csrc, 0, csrc.length, "CSRCs");
        byte[] ext = new byte[20];
        ext[0] = (byte) 0x90;
        ext[14] = 0x10;
        assertRefused(ext, 0, ext.length, "extension");
        byte[] shortExt = new byte[14];
        shortExt[0] = (byte) 0x90;
        assertRefused(shortExt, 0, shortExt.length, "extension");
        byte[] zeroPad = new RtpPacket(0, false, 1, 2, 3, new byte[4]).toBytes();
        zeroPad[0] = (byte) 0xA0;
        assertRefused(zeroPad, 0, zeroPad.length, "padding");
        byte[] bigPad = zeroPad.clone();
        bigPad[bigPad.length - 1] = 5;
        assertRefused(bigPad, 0, bigPad.length, "padding");
    }

    @Test
    void randomBytesAreParsedOrRefusedNeverAnotherException() {
        Random random = new Random(3550);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            if (data.length > 0 && random.nextBoolean()) {
                data[0] = (byte) (0x80 | (data[0] & 0x3F));
            }
            try {
                RtpPacket.parse(data, 0, data.length);
                parsed++;
            } catch (IllegalArgumentException expected) {
                assertFalse(expected.getMessage().isBlank());
            }
        }
        assertTrue(parsed > 0, "some random version-2 headers are valid packets");
    }

    @Test
    void fieldsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RtpPacket(128, false, 0, 0, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new RtpPacket(0, false, 65536, 0, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new RtpPacket(0, false, 0, 1L << 32, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new RtpPacket(0, false, 0, 0, -1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new RtpPacket(0, false, 0, 0, 0, null));
    }

    @Test
    void sequenceComparisonWrapsAt65536() {
        assertEquals(1, RtpPacket.sequenceDistance(65535, 0));
        assertEquals(-1, RtpPacket.sequenceDistance(0, 65535));
        assertEquals(10, RtpPacket.sequenceDistance(65530, 4));
        assertTrue(RtpPacket.isNewer(0, 65535));
        assertTrue(RtpPacket.isNewer(100, 65500));
        assertFalse(RtpPacket.isNewer(65535, 0));
        assertFalse(RtpPacket.isNewer(7, 7));
        assertEquals(0x20, RtpPacket.timestampDistance(0xFFFFFFF0L, 0x10));
        assertEquals(-0x20, RtpPacket.timestampDistance(0x10, 0xFFFFFFF0L));
    }

    private static void assertRefused(byte[] data, int offset, int length, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RtpPacket.parse(data, offset, length));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
