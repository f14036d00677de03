package dev.parley.gateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * From {@code from} (inclusive) to {@code to} (exclusive) in {@code zone}, the callees'; a range past midnight wraps.
 */
public record CallingHours(ZoneId zone, LocalTime from, LocalTime to) {
    public boolean allows(LocalTime time) {
        return from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to)
                : !time.isBefore(from) || time.isBefore(to);
    }

    /** Reads {@code {zone, from, to}}; null when absent, an error naming {@code block} when malformed. */
    static CallingHours parse(JsonNode hours, String block) {
        if (hours.isMissingNode() || hours.isNull()) {
            return null;
        }
        try {
            return new CallingHours(ZoneId.of(hours.path("zone").asText("")),
                    LocalTime.parse(hours.path("from").asText("")), LocalTime.parse(hours.path("to").asText("")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(block + ".callingHours from/to must be HH:mm: " + e.getMessage());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(block + ".callingHours.zone must be a time zone id such as "
                    + "America/New_York: " + e.getMessage());
        }
    }
}
