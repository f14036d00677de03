package dev.parley.gateway.transport.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import javax.sip.SipFactory;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a REFER names and what a NOTIFY says, with the SIP stack's own parsers: the targets a brain gives (sip:, tel:,
 * bare E.164) and the sipfrag status lines peers send. The exchange itself is {@link SipReferTest}, against sipp.
 */
class SipTransfersTest {
    private static SipMessages messages;
    private static Address carrier;

    @BeforeAll
    static void factories() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        messages = new SipMessages(factory.createMessageFactory(), factory.createHeaderFactory(),
                factory.createAddressFactory(), "198.51.100.7", 5060);
        carrier = messages.addresses().createAddress("<sip:trunk@203.0.113.10:5070;transport=tcp>");
    }

    @Test
    void aSipTargetIsReferredAsItIs() throws ParseException {
        assertEquals("sip:support@acme.example",
                SipTransfers.referTo(" sip:support@acme.example ", carrier, messages).toString());
    }

    @Test
    void aNumberIsReferredAsASipUriAtThePeer() throws ParseException {
        for (String target : new String[]{"+15550199999", "tel:+1-555-019-9999", "tel:+1 (555) 019.9999"}) {
            SipURI uri = (SipURI) SipTransfers.referTo(target, carrier, messages);
            assertEquals("+15550199999", uri.getUser(), target);
            assertEquals("203.0.113.10", uri.getHost());
            assertEquals(5070, uri.getPort());
            assertEquals("tcp", uri.getTransportParam());
            assertEquals("phone", uri.getUserParam());
        }
    }

    @Test
    void anythingElseIsNoTarget() {
        for (String target : new String[]{"support", "tel:5550199", "+0123", "mailto:help@acme.example", "", null}) {
            assertThrows(ParseException.class, () -> SipTransfers.referTo(target, carrier, messages), target);
        }
    }

    @Test
    void theSipfragsStatusLineIsTheTargetsAnswer() {
        assertEquals(200, SipTransfers.sipfragStatus(bytes("SIP/2.0 200 OK\r\n")));
        assertEquals(100, SipTransfers.sipfragStatus(bytes("SIP/2.0 100 Trying")));
        assertEquals(486, SipTransfers.sipfragStatus(bytes("  SIP/2.0 486 Busy Here\r\nContent-Length: 0\r\n")));
        assertEquals(-1, SipTransfers.sipfragStatus(bytes("INVITE sip:x@y SIP/2.0")));
        assertEquals(-1, SipTransfers.sipfragStatus(bytes("SIP/2.0 2000 OK")));
        assertEquals(-1, SipTransfers.sipfragStatus(null));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
