package dev.parley.gateway.transport.sip.media;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdpNegotiationTest {

    /** What sipp's uac scenario sends. */
    static final String SIPP = """
            v=0
            o=user1 53655765 2353687637 IN IP4 127.0.1.1
            s=-
            c=IN IP4 127.0.1.1
            t=0 0
            m=audio 6000 RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            """;

    /** What baresip sends with its default codecs and a video stream, CRLF-terminated. */
    static final String BARESIP = String.join("\r\n",
            "v=0",
            "o=- 1477455925 2145765520 IN IP4 192.168.1.20",
            "s=-",
            "c=IN IP4 192.168.1.20",
            "t=0 0",
            "m=audio 10000 RTP/AVP 96 9 0 8 101",
            "b=AS:128",
            "a=rtpmap:96 opus/48000/2",
            "a=fmtp:96 stereo=1;sprop-stereo=1",
            "a=rtpmap:9 G722/8000",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=sendrecv",
            "a=label:1",
            "a=rtcp-rsize",
            "a=ssrc:1834566 cname:baresip",
            "a=ptime:20",
            "m=video 10002 RTP/AVP 97",
            "c=IN IP4 10.9.9.9",
            "a=rtpmap:97 H264/90000",
            "a=sendonly",
            "") + "\r\n";

    @Test
    void sippOfferIsAnsweredWithPcmu() {
        SdpOffer offer = SdpOffer.parse(SIPP);
        assertEquals("127.0.1.1", offer.connectionAddress());
        assertEquals(6000, offer.audioPort());
        assertEquals(List.of(0), offer.payloadTypes());
        assertEquals(MediaDirection.SENDRECV, offer.direction());
        assertFalse(offer.onHold());
        SdpNegotiation n = SdpNegotiation.of(offer);
        assertTrue(n.accepted());
        assertEquals(G711.PCMU, n.codec());
        assertEquals(0, n.payloadType());
        assertFalse(n.hasTelephoneEvents());
        assertEquals("v=0\r\n"
                + "o=parley 7 1 IN IP4 203.0.113.5\r\n"
                + "s=parley\r\n"
                + "c=IN IP4 203.0.113.5\r\n"
                + "t=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n", SdpAnswer.build(n, "203.0.113.5", 40000, 7, 1));
    }

    @Test
    void baresipOfferGetsPcmuAndTelephoneEventsWhateverItsOrder() {
        SdpOffer offer = SdpOffer.parse(BARESIP);
        assertEquals("192.168.1.20", offer.connectionAddress(), "the video section's c= is not the audio's");
        assertEquals(10000, offer.audioPort());
        assertEquals(List.of(96, 9, 0, 8, 101), offer.payloadTypes());
        assertEquals("opus/48000/2", offer.rtpmaps().get(96));
        assertEquals(20, offer.ptime());
        assertEquals(MediaDirection.SENDRECV, offer.direction(), "the video's sendonly does not leak into audio");
        SdpNegotiation n = SdpNegotiation.of(offer);
        assertEquals(G711.PCMU, n.codec());
        assertEquals(101, n.telephoneEventPayloadType());
        String answer = SdpAnswer.build(n, "198.51.100.1", 40002, 99, 2);
        assertTrue(answer.contains("\r\nm=audio 40002 RTP/AVP 0 101\r\n"), answer);
        assertTrue(answer.contains("\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n"), answer);
        assertFalse(answer.replace("\r\n", "").contains("\n"), "every line ends in CRLF");
    }

    @Test
    void pcmaIsTakenWhenPcmuIsNotOffered() {
        SdpNegotiation n = SdpNegotiation.of(SdpOffer.parse(SIPP.replace("RTP/AVP 0", "RTP/AVP 8 96")
                .replace("a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000\na=rtpmap:96 telephone-event/8000")));
        assertEquals(G711.PCMA, n.codec());
        assertEquals(8, n.payloadType());
        assertEquals(96, n.telephoneEventPayloadType());
        assertEquals((byte) 0xD5, n.codec().silence());
        assertTrue(SdpAnswer.build(n, "10.0.0.1", 4000, 1, 1).contains("m=audio 4000 RTP/AVP 8 96\r\na=rtpmap:8 PCMA/8000\r\n"));
    }

    @Test
    void staticPayloadTypesNeedNoRtpmap() {
        SdpNegotiation n = SdpNegotiation.of(SdpOffer.parse(SIPP.replace("RTP/AVP 0", "RTP/AVP 8 0")
                .replace("a=rtpmap:0 PCMU/8000\n", "")));
        assertEquals(G711.PCMU, n.codec());
        assertEquals(0, n.payloadType());
    }

    @Test
    void anOfferWithoutG711IsRejectedWithTheReasonFor488() {
        SdpNegotiation n = SdpNegotiation.of(SdpOffer.parse(BARESIP.replace("RTP/AVP 96 9 0 8 101", "RTP/AVP 96 9 101")));
        assertFalse(n.accepted());
        assertNull(n.codec());
        assertEquals("no common codec: the offer has opus/48000/2, G722/8000, telephone-event/8000;"
                + " only PCMU or PCMA is accepted", n.rejection());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SdpAnswer.build(n, "10.0.0.1", 4000, 1, 1));
        assertTrue(e.getMessage().contains("no common codec"));
    }

    @Test
    void srtpAndDisabledStreamsAreRejected() {
        assertTrue(SdpNegotiation.of(SdpOffer.parse(SIPP.replace("RTP/AVP", "RTP/SAVP"))).rejection()
                .contains("only RTP/AVP"));
        assertTrue(SdpNegotiation.of(SdpOffer.parse(SIPP.replace("audio 6000", "audio 0"))).rejection()
                .contains("port 0"));
    }

    @Test
    void holdOffersAreRecognisedAndAnswered() {
        SdpOffer sendonly = SdpOffer.parse(SIPP + "a=sendonly\n");
        assertTrue(sendonly.onHold());
        assertTrue(answer(sendonly).endsWith("a=recvonly\r\n"));

        SdpOffer inactive = SdpOffer.parse(SIPP + "a=inactive\n");
        assertTrue(inactive.onHold());
        assertTrue(answer(inactive).endsWith("a=inactive\r\n"));

        SdpOffer sessionLevel = SdpOffer.parse(SIPP.replace("t=0 0\n", "t=0 0\na=sendonly\n"));
        assertEquals(MediaDirection.SENDONLY, sessionLevel.direction());

        SdpOffer oldStyle = SdpOffer.parse(SIPP.replace("c=IN IP4 127.0.1.1", "c=IN IP4 0.0.0.0"));
        assertTrue(oldStyle.onHold(), "RFC 2543 hold: c=0.0.0.0");
        assertTrue(answer(oldStyle).endsWith("a=sendrecv\r\n"));

        SdpOffer resumed = SdpOffer.parse(SIPP + "a=sendrecv\n");
        assertFalse(resumed.onHold());

        SdpOffer recvonly = SdpOffer.parse(SIPP + "a=recvonly\n");
        assertFalse(recvonly.onHold());
        assertTrue(answer(recvonly).endsWith("a=sendonly\r\n"), "RFC 3264 §6.1: recvonly is answered sendonly");
    }

    @Test
    void mediaLevelConnectionOverridesTheSessionOne() {
        SdpOffer offer = SdpOffer.parse(SIPP + "c=IN IP4 10.1.2.3\n");
        assertEquals("10.1.2.3", offer.connectionAddress());
        SdpOffer onlyMedia = SdpOffer.parse(SIPP.replace("c=IN IP4 127.0.1.1\n", "") + "c=IN IP4 10.1.2.4\n");
        assertEquals("10.1.2.4", onlyMedia.connectionAddress());
    }

    @Test
    void malformedOffersAreRefusedWithAClearMessage() {
        assertMalformed(null, "empty");
        assertMalformed("  \r\n", "empty");
        assertMalformed(SIPP.replace("v=0\n", ""), "v=0");
        assertMalformed(SIPP.replace("s=-", "s-"), "<type>=<value>");
        assertMalformed(SIPP.replace("m=audio 6000 RTP/AVP 0", "m=video 6000 RTP/AVP 0"), "no m=audio");
        assertMalformed(SIPP.replace("c=IN IP4 127.0.1.1\n", ""), "no c=");
        assertMalformed(SIPP.replace("audio 6000", "audio sixty"), "port is not a number");
        assertMalformed(SIPP.replace("audio 6000", "audio 70000"), "port out of range");
        assertMalformed(SIPP.replace("RTP/AVP 0", "RTP/AVP 0 200"), "above 127");
        assertMalformed(SIPP.replace("RTP/AVP 0", "RTP/AVP"), "needs a port");
        assertMalformed(SIPP.replace("a=rtpmap:0 PCMU/8000", "a=rtpmap:0"), "a=rtpmap");
        assertMalformed(SIPP.replace("c=IN IP4 127.0.1.1", "c=IN 127.0.1.1"), "c= must be");
        assertMalformed(SIPP + "a=ptime:twenty\n", "a=ptime");
    }

    private static String answer(SdpOffer offer) {
        return SdpAnswer.build(SdpNegotiation.of(offer), "10.0.0.1", 4000, 1, 1);
    }

    private static void assertMalformed(String sdp, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SdpOffer.parse(sdp));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
