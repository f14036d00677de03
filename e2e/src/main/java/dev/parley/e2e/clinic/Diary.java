package dev.parley.e2e.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The clinic's appointment diary, in memory: the registered patients and the open check-up slots of the demo data
 * (clinic/appointments.json). A patient gets the first open slot, once: asking again returns the slot they have.
 */
final class Diary {
    private static final String DEMO_DATA = "/clinic/appointments.json";

    private final Map<String, String> patients = new HashMap<>();
    private final Deque<Map<String, String>> openSlots = new ArrayDeque<>();
    private final Map<String, Map<String, String>> bookings = new HashMap<>();

    /** The demo diary: three patients (482913 Maria, 550012 Tom, 731104 Priya), three open slots. */
    static Diary demo() {
        try (InputStream in = Diary.class.getResourceAsStream(DEMO_DATA)) {
            if (in == null) {
                throw new IllegalStateException("no " + DEMO_DATA + " on the classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Diary diary = new Diary();
            root.get("patients").fields().forEachRemaining(e -> diary.patients.put(e.getKey(),
                    e.getValue().path("name").asText()));
            for (JsonNode slot : root.get("openSlots")) {
                Map<String, String> s = new LinkedHashMap<>();
                s.put("day", slot.get("day").asText());
                s.put("time", slot.get("time").asText());
                s.put("dentist", slot.get("dentist").asText());
                diary.openSlots.add(Map.copyOf(s));
            }
            return diary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEMO_DATA, e);
        }
    }

    /** A patient's appointment (name, day, time, dentist), and whether this request made it. */
    record Appointment(Map<String, String> fields, boolean isNew) {
    }

    /**
     * The patient's appointment: the one they have, else the first open slot; empty for an unknown patient or a full
     * diary.
     */
    synchronized Optional<Appointment> book(String patient) {
        String name = patients.get(patient);
        if (name == null) {
            return Optional.empty();
        }
        Map<String, String> booking = bookings.get(patient);
        if (booking != null) {
            return Optional.of(new Appointment(booking, false));
        }
        Map<String, String> slot = openSlots.pollFirst();
        if (slot == null) {
            return Optional.empty();
        }
        booking = new LinkedHashMap<>(slot);
        booking.put("name", name);
        booking = Map.copyOf(booking);
        bookings.put(patient, booking);
        return Optional.of(new Appointment(booking, true));
    }

    synchronized int openSlots() {
        return openSlots.size();
    }
}
