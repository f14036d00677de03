package dev.parley.gateway.transport.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.gateway.admission.CallAdmission;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What a broken peer sends costs it an error answer or nothing, never the trunk: after garbage, a request with a
 * broken header and an oversized body, a well-formed call from sipp is still answered and hung up as usual.
 */
@QuarkusTest
@TestProfile(SipTrunkTest.Trunk.class)
class SipMalformedTest {
    @Inject
    SipServer server;
    @Inject
    CallAdmission admission;

    private String exchange(String message) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(1500);
            byte[] bytes = message.replace("PORT", Integer.toString(socket.getLocalPort()))
                    .getBytes(StandardCharsets.ISO_8859_1);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), server.port()));
            byte[] buffer = new byte[65536];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(reply);
                return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.ISO_8859_1);
            } catch (SocketTimeoutException e) {
                return "";
            }
        }
    }

    private static String invite(String cseq, String body) {
        return "INVITE sip:+15550100100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "From: <sip:+15550001111@127.0.0.1>;tag=1\r\n"
                + "To: <sip:+15550100100@127.0.0.1>\r\n"
                + "Call-ID: broken-" + System.nanoTime() + "@test\r\n"
                + "CSeq: " + cseq + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "Contact: <sip:caller@127.0.0.1:PORT>\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void garbageBrokenHeadersAndOversizedBodiesLeaveTheTrunkServing() throws Exception {
        assertEquals("", exchange("\u0000\u0001 this is not SIP at all \r\n\r\n"), "garbage gets no answer");
        String broken = exchange(invite("not-a-number INVITE", ""));
        assertTrue(broken.isEmpty() || broken.startsWith("SIP/2.0 400"),
                "a broken CSeq is refused with 400 or dropped, never answered as a call: " + broken);
        String huge = exchange(invite("1 INVITE", "v=0\r\n" + "a=x:" + "y".repeat(30_000) + "\r\n"));
        assertTrue(!huge.startsWith("SIP/2.0 200") && !huge.startsWith("SIP/2.0 180"),
                "an oversized offer is not answered as a call: " + huge);
        assertEquals(0, admission.used(), "nothing took a line");

        String pcmu = "m=audio 40000 RTP/AVP 0";
        Sipp.Run run = Sipp.run(server.port(), "+15550100100", Sipp.scenario(Sipp.invite(pcmu, "      a=rtpmap:0 PCMU/8000\n"),
                "  <recv response=\"100\" optional=\"true\"/>\n  <recv response=\"180\" optional=\"true\"/>\n",
                "  <recv response=\"200\" rrs=\"true\"/>\n", Sipp.request("ACK", 1), "  <pause milliseconds=\"500\"/>\n",
                Sipp.request("BYE", 2), "  <recv response=\"200\"/>\n"), Path.of("target", "sipp"));
        assertEquals(0, run.exitCode(), "a well-formed call after all that:\n" + run.output());
    }
}
