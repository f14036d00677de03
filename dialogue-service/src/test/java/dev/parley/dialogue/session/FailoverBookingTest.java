package dev.parley.dialogue.session;

import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.dialogue.resume.StateCodec;
import dev.parley.dialogue.support.ClinicWebhook;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import dev.parley.dialogue.support.WebhookServer;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantDirectory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No tool runs twice when a call moves: a BrightSmile check-up booked through the clinic's (signed, real HTTP)
 * webhook on instance A is in the state of that turn's done, so the same turn re-sent to instance B gets the booking
 * A made without a second request; a booking whose done never reached the gateway is sent again by B with the same
 * Idempotency-Key, which lets the clinic drop the repeat.
 */
class FailoverBookingTest {

    static final String FILLER = "Let me check the diary for you. ";
    static final String BOOK = "I'd like to book an appointment";
    static final String PATIENT = "five five zero zero one two";

    final ClinicWebhook clinic;
    final TenantDirectory instanceA;
    final TenantDirectory instanceB;
    final DialogueMetrics metrics = new DialogueMetrics(new SimpleMeterRegistry());

    FailoverBookingTest() throws Exception {
        clinic = new ClinicWebhook();
        Tenant onA = Tenants.load("brightsmile", new RecordingEventPublisher(), clinic.env());
        Tenant onB = Tenants.load("brightsmile", new RecordingEventPublisher(), clinic.env());
        instanceA = GatewayStream.directory(onA);
        instanceB = GatewayStream.directory(onB);
    }

    @AfterEach
    void stop() {
        clinic.close();
    }

    /** The answer past the tool's filler, which a slow answer of the local clinic on a busy machine may add. */
    static String pastFiller(List<DialogueResponse> turn) {
        String said = GatewayStream.text(turn);
        return said.startsWith(FILLER) ? said.substring(FILLER.length()) : said;
    }

    @Test
    void aBookingDoneOnOneInstanceIsNotMadeAgainWhenItsTurnIsReSentToAnother() throws Exception {
        GatewayStream a = new GatewayStream(instanceA, metrics).start("brightsmile", "c-booked");
        a.turn(0);
        a.say(1, BOOK);
        List<DialogueResponse> booked = a.say(2, PATIENT);
        assertTrue(pastFiller(booked).startsWith("Wonderful, Tom! You're booked for"), GatewayStream.text(booked));
        assertEquals(1, clinic.bookingRequests.get());

        GatewayStream b = new GatewayStream(instanceB, metrics)
                .resume("brightsmile", "c-booked", GatewayStream.state(booked));
        List<DialogueResponse> again = b.say(2, PATIENT);
        assertEquals(pastFiller(booked), pastFiller(again), "B answers with the booking A made");
        assertEquals(1, clinic.bookingRequests.get(), "the clinic's webhook was not called a second time");
        assertEquals(1, clinic.server().received().size());
        var history = StateCodec.decode(GatewayStream.state(again).toByteArray(), "brightsmile", "c-booked")
                .history();
        assertEquals(5, history.size(), "greeting, two questions, two answers: " + history);
        String answer = history.get(4).text();
        assertTrue(answer.endsWith(pastFiller(booked)) && answer.indexOf("Wonderful") == answer.lastIndexOf(
                "Wonderful"), "turn 2's new answer replaced the old one: " + answer);

        // Asked for once more later in the call on B: still the one booking.
        List<DialogueResponse> later = b.say(3, "can I make an appointment, my patient number is 550012");
        assertEquals(pastFiller(booked), pastFiller(later));
        assertEquals(1, clinic.bookingRequests.get());
    }

    @Test
    void aBookingInFlightWhenTheInstanceDiedIsSentAgainWithTheSameIdempotencyKey() throws Exception {
        GatewayStream a = new GatewayStream(instanceA, metrics).start("brightsmile", "c-in-flight");
        a.turn(0);
        // The gateway's newest state: the one before the booking turn, whose done A never sent.
        List<DialogueResponse> asked = a.say(1, BOOK);
        a.say(2, PATIENT);
        assertEquals(1, clinic.bookingRequests.get());

        GatewayStream b = new GatewayStream(instanceB, metrics)
                .resume("brightsmile", "c-in-flight", GatewayStream.state(asked));
        List<DialogueResponse> booked = b.say(2, PATIENT);
        assertTrue(pastFiller(booked).startsWith("Wonderful, Tom! You're booked for"), GatewayStream.text(booked));
        List<WebhookServer.Received> requests = clinic.server().received();
        assertEquals(2, requests.size(), "B could not know A's request had reached the clinic");
        assertEquals(requests.get(0).header("Idempotency-Key"), requests.get(1).header("Idempotency-Key"),
                "the repeat carries A's Idempotency-Key, so the clinic can drop it");
    }
}
