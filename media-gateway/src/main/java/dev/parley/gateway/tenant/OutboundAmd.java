package dev.parley.gateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's answering-machine detection on one outbound route's calls (tenant.yaml {@code sip.outbound.amd},
 * {@code twilio.outbound.amd}, the same shape): the callee is listened to before the agent speaks; a person gets the
 * agent, a voicemail box gets {@code voicemail} after its beep, or, without a message, a hang-up.
 *
 * @param voicemail what the agent leaves on a machine; empty: hang up on machines
 */
public record OutboundAmd(Optional<String> voicemail) {
    /** About a minute of speech; dialogue-service bounds the message the same way. */
    public static final int MAX_VOICEMAIL = 1000;
    private static final Set<String> KEYS = Set.of("enabled", "voicemail");

    /**
     * Reads the {@code amd} mapping of the route block {@code route} ({@code sip.outbound}, {@code twilio.outbound});
     * empty when absent or not enabled, an error naming the field when malformed.
     */
    static Optional<OutboundAmd> parse(JsonNode outbound, String route) {
        String block = route + ".amd";
        JsonNode n = outbound.path("amd");
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(block + " must be a mapping such as {enabled: true, "
                    + "voicemail: \"...\"}");
        }
        // A misspelt "voicemail" would silently turn messages into hang-ups: unknown keys are refused.
        for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException(block + " has an unknown key '" + name
                        + "' (known: enabled, voicemail)");
            }
        }
        JsonNode enabled = n.path("enabled");
        if (!enabled.isBoolean()) {
            throw new IllegalArgumentException(block + ".enabled must be true or false");
        }
        JsonNode voicemail = n.path("voicemail");
        Optional<String> message = Optional.empty();
        if (!voicemail.isMissingNode() && !voicemail.isNull()) {
            if (!voicemail.isTextual()) {
                throw new IllegalArgumentException(block + ".voicemail must be a string");
            }
            // A YAML block scalar (> or |) brings line breaks; the message is spoken as one paragraph anyway.
            String text = voicemail.asText().strip().replaceAll("\\s+", " ");
            if (text.isEmpty() || text.length() > MAX_VOICEMAIL || text.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(block + ".voicemail must be a message of 1 to "
                        + MAX_VOICEMAIL + " characters without control characters (leave it out to hang up on "
                        + "answering machines), got " + text.length() + " characters");
            }
            message = Optional.of(text);
        }
        return enabled.asBoolean() ? Optional.of(new OutboundAmd(message)) : Optional.empty();
    }
}
