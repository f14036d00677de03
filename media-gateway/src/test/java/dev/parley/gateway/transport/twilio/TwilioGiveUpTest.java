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
import dev.parley.gateway.transport.MediaStreams;
import dev.parley.gateway.transport.sip.ScriptedBackends;
import io.micrometer.core.instrument.MeterRegistry;
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
 * one completed. A cancel that finds the call already in progress at Twilio (its answer crossed our give-up; Twilio
 * documents that canceled leaves such a call as it is) is followed by completed, and the late news of that answer,
 * its status callback and its media stream, gets no session. A call Twilio only creates once the gateway has begun
 * to stop is cancelled before the stop is over; one Twilio creates after our request for it timed out is cancelled
 * once its first status callback names it. The gateway is {@link TwilioScreenedDialTest}'s.
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
    @Inject
    MeterRegistry registry;

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
        TwilioScreenedDialTest.awaitTrue(() -> FakeTwilio.CALLBACKS.contains("+15551110005 canceled=204"),
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

    @Test
    void aCancelThatFindsTheCallInProgressIsFollowedByCompletedAndTheLateAnswerIsDropped() throws Exception {
        String to = FakeTwilio.ANSWERS_LATE;
        double failed = outcomes("failed");
        String callId = dial(to);
        TwilioScreenedDialTest.awaitTrue(() -> statuses(callId).contains("failed"), "given up: " + events.of(callId));
        TwilioScreenedDialTest.awaitTrue(() -> FakeTwilio.CALLBACKS.contains(to + " completed=204"),
                "Twilio's news of the end, taken and dropped: " + FakeTwilio.CALLBACKS);
        assertEquals(List.of(to + " Status=canceled: in-progress -> in-progress",
                        to + " Status=completed: in-progress -> completed"), updatesOf(to),
                "canceled did nothing to the call in progress, so it was completed, once");
        assertTrue(FakeTwilio.CALLBACKS.contains(to + " in-progress=204"), "the late answer was taken and dropped: "
                + FakeTwilio.CALLBACKS);
        assertGivenUpOnce(callId, failed);
    }

    @Test
    void aMediaStreamThatComesAfterTheGiveUpIsRefusedAndGetsNoSession() throws Exception {
        String to = FakeTwilio.STREAMS_LATE;
        double failed = outcomes("failed");
        String callId = dial(to);
        TwilioScreenedDialTest.awaitTrue(() -> statuses(callId).contains("failed"), "given up: " + events.of(callId));
        TwilioScreenedDialTest.awaitTrue(() -> FakeTwilio.CALLBACKS.contains(to + " completed=204"),
                "Twilio's news of the end, taken and dropped: " + FakeTwilio.CALLBACKS);
        assertEquals(List.of(to + " close " + MediaStreams.CLOSE_POLICY), FakeTwilio.STREAM_CLOSES.stream()
                .filter(r -> r.startsWith(to + " ")).toList(), "the late stream is refused");
        assertEquals(List.of(to + " Status=canceled: completed -> completed"), updatesOf(to),
                "the refused stream ended the call at Twilio: nothing more to end");
        assertGivenUpOnce(callId, failed);
    }

    @Test
    void aCallTwilioCreatesAfterOurRequestTimedOutIsCancelledOnItsFirstNews() throws Exception {
        String to = FakeTwilio.LATE_CREATE;
        double failed = outcomes("failed");
        String callId = dial(to);
        TwilioScreenedDialTest.awaitTrue(() -> statuses(callId).contains("failed"), "given up: " + events.of(callId));
        assertTrue(last(callId).reason().startsWith("Twilio's API did not answer"), last(callId).reason());
        TwilioScreenedDialTest.awaitTrue(() -> FakeTwilio.CALLBACKS.contains(to + " canceled=204"),
                "Twilio's news of the cancelled call: " + FakeTwilio.CALLBACKS + " " + FakeTwilio.UPDATES);
        List<String> updates = updatesOf(to);
        assertEquals(1, updates.size(), "ended once: " + updates);
        assertTrue(updates.get(0).matches("\\+15551110009 Status=canceled: (queued|initiated|ringing) -> canceled"),
                updates.get(0));
        assertEquals(List.of("failed"), statuses(callId), "one outcome; Twilio's late news added nothing");
        assertTrue(events.of(callId).stream().noneMatch(e -> e instanceof CallStarted || e instanceof CallEnded));
        assertEquals(failed + 1, outcomes("failed"), "counted once");
        lineIsFree();
    }

    /** The dial's events end with our give-up, once: the late answer added nothing, and no session ran. */
    private void assertGivenUpOnce(String callId, double failedBefore) throws InterruptedException {
        assertEquals(List.of("dialing", "ringing", "failed"), statuses(callId), "one outcome, nothing after it");
        assertTrue(last(callId).reason().startsWith("Twilio reported no answer"), last(callId).reason());
        assertTrue(events.of(callId).stream().noneMatch(e -> e instanceof CallStarted || e instanceof CallEnded),
                "no session: " + events.of(callId));
        assertTrue(ScriptedBackends.STARTS.stream().noneMatch(s -> s.getCallId().equals(callId)), "no brain");
        assertEquals(failedBefore + 1, outcomes("failed"), "counted once");
        lineIsFree();
    }

    private static List<String> updatesOf(String to) {
        return FakeTwilio.UPDATES.stream().filter(u -> u.startsWith(to + " ")).toList();
    }

    @Test
    void aCallTwilioCreatesOnceTheGatewayIsStoppingIsCancelledBeforeTheStopIsOver() throws Exception {
        String to = FakeTwilio.SLOW_CREATE;
        long asked = System.nanoTime();
        String callId = dial(to);
        assertTrue((System.nanoTime() - asked) / 1_000_000 < FakeTwilio.SLOW_CREATE_MS / 2,
                "the stop begins while Twilio is still creating the call");

        dialer.stopping();

        assertTrue(FakeTwilio.UPDATES.contains(to + " Status=canceled: queued -> canceled"),
                "cancelled as soon as Twilio named it, before the gateway goes: " + FakeTwilio.UPDATES);
        TwilioScreenedDialTest.awaitTrue(() -> FakeTwilio.CALLBACKS.contains(to + " canceled=204"),
                "Twilio's news of the cancelled call, taken and dropped: " + FakeTwilio.CALLBACKS);
        assertEquals(List.of("failed"), statuses(callId), "its creation after the give-up publishes no dialing");
        assertEquals("the gateway is stopping", last(callId).reason());
        assertEquals(1, updatesOf(to).size(), "ended once");
        assertTrue(events.of(callId).stream().noneMatch(e -> e instanceof CallStarted || e instanceof CallEnded));
        lineIsFree();
    }

    private double outcomes(String outcome) {
        var counter = registry.find("parley.outbound.calls").tag("outcome", outcome).tag("via", "twilio").counter();
        return counter == null ? 0 : counter.count();
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
