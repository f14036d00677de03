package dev.parley.gateway.transport.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.gateway.transport.sip.media.G711;
import dev.parley.gateway.transport.sip.media.SdpOffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our offer on a dialled call, the callee's answers we take and refuse, and which final status is which outcome. */
class OutboundSdpTest {

    private static byte[] sdp(String media) {
        return ("v=0\r\no=callee 1 1 IN IP4 192.0.2.7\r\ns=-\r\nc=IN IP4 192.0.2.7\r\nt=0 0\r\n" + media)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theOfferListsWhatTheGatewaySpeaks() {
        SdpOffer offer = SdpOffer.parse(SdpOfferWriter.offer("198.51.100.4", 20002, 7, 1));
        assertEquals("198.51.100.4", offer.connectionAddress());
        assertEquals(20002, offer.audioPort());
        assertEquals(List.of(0, 8, 101), offer.payloadTypes());
        assertEquals("telephone-event/8000", offer.encoding(101));
        assertEquals(20, offer.ptime());
        assertTrue(SdpOfferWriter.offer("2001:db8::1", 20002, 7, 1).contains("c=IN IP6 2001:db8::1"));
    }

    @Test
    void anAnswerPickingPcmaIsTakenAndTellsWhereToSend() {
        SdpMedia media = SdpMedia.ofAnswer(sdp("m=audio 31000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n"));
        assertEquals(G711.PCMA, media.codec());
        assertEquals("192.0.2.7", media.remoteHost());
        assertEquals(31000, media.remotePort());
        assertEquals(101, media.telephoneEvent());
        assertTrue(media.sending());
    }

    @Test
    void aCalleeThatOnlySendsIsNotSentTo() {
        SdpMedia media = SdpMedia.ofAnswer(sdp("m=audio 31000 RTP/AVP 0\r\na=sendonly\r\n"));
        assertFalse(media.sending());
    }

    @Test
    void answersWeCannotUseAreRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> SdpMedia.ofAnswer(null));
        IllegalArgumentException codec = assertThrows(IllegalArgumentException.class,
                () -> SdpMedia.ofAnswer(sdp("m=audio 31000 RTP/AVP 9\r\na=rtpmap:9 G722/8000\r\n")));
        assertTrue(codec.getMessage().contains("G722"), codec.getMessage());
        IllegalArgumentException mapped = assertThrows(IllegalArgumentException.class,
                () -> SdpMedia.ofAnswer(sdp("m=audio 31000 RTP/AVP 96\r\na=rtpmap:96 PCMU/8000\r\n")));
        assertTrue(mapped.getMessage().contains("96"), mapped.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SdpMedia.ofAnswer(sdp("m=audio 0 RTP/AVP 0\r\n")));
    }

    @Test
    void finalStatusesAreBusyNoAnswerOrFailed() {
        for (int busy : new int[] {486, 600, 603}) {
            assertEquals("busy", OutboundDials.outcomeOf(busy), Integer.toString(busy));
        }
        for (int none : new int[] {408, 480, 487}) {
            assertEquals("no-answer", OutboundDials.outcomeOf(none), Integer.toString(none));
        }
        for (int failed : new int[] {403, 404, 488, 500, 503}) {
            assertEquals("failed", OutboundDials.outcomeOf(failed), Integer.toString(failed));
        }
    }
}
