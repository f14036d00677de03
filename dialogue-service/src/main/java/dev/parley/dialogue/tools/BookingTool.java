package dev.parley.dialogue.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Books the first open slot for a known patient, over a clinic's demo data file ({@code patients} by number,
 * {@code openSlots} in order). Idempotent per patient: a retried or repeated request returns the booking already made
 * instead of taking a second slot (a re-run tool after a barge-in must not double-book). State lives in this instance,
 * which belongs to one tenant, and is reset when the service restarts; a real clinic points an HTTP tool at its system.
 */
public final class BookingTool implements Tool {

    private final String name;
    private final String keyArgument;
    private final Map<String, String> patients = new HashMap<>();
    private final Deque<Map<String, String>> openSlots = new ArrayDeque<>();
    private final Map<String, Map<String, String>> bookings = new HashMap<>();

    public BookingTool(String name, Path file, String keyArgument) {
        this.name = name;
        this.keyArgument = keyArgument;
        read(file);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Uni<ToolResult> invoke(Map<String, String> arguments) {
        String patient = arguments.get(keyArgument);
        if (patient == null) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "tool " + name + " needs argument '" + keyArgument + "'"));
        }
        synchronized (this) {
            String patientName = patients.get(patient);
            if (patientName == null) {
                return Uni.createFrom().item(ToolResult.notFound());
            }
            Map<String, String> booking = bookings.get(patient);
            if (booking == null) {
                Map<String, String> slot = openSlots.pollFirst();
                if (slot == null) {
                    return Uni.createFrom().failure(new IllegalStateException("no open slots left"));
                }
                booking = new HashMap<>(slot);
                booking.put("name", patientName);
                bookings.put(patient, Map.copyOf(booking));
            }
            return Uni.createFrom().item(ToolResult.found(bookings.get(patient)));
        }
    }

    private void read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.path("patients").isObject() || !root.path("openSlots").isArray()) {
            throw new IllegalArgumentException(file + " needs 'patients' (object) and 'openSlots' (array)");
        }
        root.get("patients").fields().forEachRemaining(e -> patients.put(e.getKey(),
                e.getValue().path("name").asText(e.getKey())));
        for (JsonNode slot : root.get("openSlots")) {
            for (String field : new String[]{"day", "time", "dentist"}) {
                if (!slot.hasNonNull(field)) {
                    throw new IllegalArgumentException(file + ": every open slot needs '" + field + "'");
                }
            }
            openSlots.add(Map.of("day", slot.get("day").asText(), "time", slot.get("time").asText(),
                    "dentist", slot.get("dentist").asText()));
        }
    }
}
