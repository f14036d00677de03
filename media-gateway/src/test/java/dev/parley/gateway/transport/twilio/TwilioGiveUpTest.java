package dev.parley.gateway.transport.twilio;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.OutboundCall;
import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.outbound.OutboundLimits;
import dev.parley.gateway.outbound.RecordedEvents;
import dev.parley.gateway.session.CallSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Twilio dial the gateway gives up on is ended at Twilio's REST API ({@link FakeTwilio} keeps Twilio's view of each
 * call): one Twilio never reports on again is cancelled once the ring timeout, the API timeout and the grace for
 * Twilio's news have passed (5 + 2 + 1 s here); when the gateway stops, a ringing dial is cancelled and an answered
 * one completed. The gateway is {@link TwilioScreenedDialTest}'s.
 */
@QuarkusTest
@TestProfile(TwilioScreenedDialTest.Screening.class)
class TwilioGiveUpTest {
    @Inject
    TwilioDialer dialer;
    @Inject
    CallSessions sessions;
    @Inject
    CallAdmission admission;
    @Inject
    RecordedEvents events;
    @Inject
    OutboundLimits limits;

    @Test
    void aDialTwilioNeverReportsOnAgainIsCancelledThere() throws Exception {
        String callId = dial("+15551110005");
        TwilioScreenedDialTest.awaitTrue(() -> statuses(callId).contains("ringing"), "ringing");
        long ringing = System.nanoTime();
        TwilioScreenedDialTest.awaitTrue(() -> statuses(callId).contains("failed"), "given up");
        assertTrue((System.nanoTime() - ringing) / 1_000_000 >= 5_000, "not before the ring timeout");
        assertTrue(last(callId).reason().startsWith("Twilio reported no answer within 8 s"), last(callId).reason());
        TwilioScreenedDialTest.awaitTrue(() -> FakeTwilio.UPDATES.contains(
                "+15551110005 Status=canceled: ringing -> canceled"), "cancelled at Twilio: " + FakeTwilio.UPDATES);
        TwilioScreenedDialTest.awaitTrue(() -> FakeTwilio.CALLBACKS.contains("canceled=204"),
                "Twilio's news of the cancelled call is taken and dropped");
        assertEquals(List.of("dialing", "ringing", "failed"), statuses(callId));
        lineIsFree();
    }

    @Test
    void stoppingCancelsARingingDialAndCompletesAnAnsweredOne() throws Exception {
        byte[] silence = new byte[160 * 250];
        Arrays.fill(silence, (byte) 0xFF);
        FakeTwilio.SAYS.put("+15551110201", silence);
        String answered = dial("+15551110201");
        TwilioScreenedDialTest.awaitTrue(() -> events.of(answered).stream().anyMatch(e -> e instanceof CallStarted),
                "the answered call runs");
        String ringing = dial("+15551110005");
        TwilioScreenedDialTest.awaitTrue(() -> statuses(ringing).contains("ringing"), "ringing");
        FakeTwilio.UPDATES.clear();

        dialer.stopping();

        assertTrue(FakeTwilio.UPDATES.contains("+15551110005 Status=canceled: ringing -> canceled"),
                "the ringing dial is cancelled before the gateway goes: " + FakeTwilio.UPDATES);
        assertTrue(FakeTwilio.UPDATES.contains("+15551110201 Status=completed: in-progress -> completed"),
                "the answered one is completed: " + FakeTwilio.UPDATES);
        assertEquals("failed", last(ringing).status());
        assertEquals("the gateway is stopping", last(ringing).reason());
        TwilioScreenedDialTest.awaitTrue(() -> events.of(answered).stream().anyMatch(e -> e instanceof CallEnded),
                "the answered call ends as Twilio ends it");
        lineIsFree();
    }

    private static String dial(String to) {
        return given().contentType(ContentType.JSON).header("X-Api-Key", "plain-key")
                .body("{\"to\":\"" + to + "\"}").post("/tenants/plain/calls").then().statusCode(202).extract()
                .path("callId");
    }

    private List<String> statuses(String callId) {
        return events.of(callId).stream().filter(e -> e instanceof OutboundCall).map(e -> ((OutboundCall) e).status())
                .toList();
    }

    private OutboundCall last(String callId) {
        List<OutboundCall> all = events.of(callId).stream().filter(e -> e instanceof OutboundCall)
                .map(e -> (OutboundCall) e).toList();
        return all.get(all.size() - 1);
    }

    private void lineIsFree() throws InterruptedException {
        TwilioScreenedDialTest.awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0
                && limits.live("plain", "twilio") == 0, "no session, no slot, no outbound call of the tenant");
    }
}
