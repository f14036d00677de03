package dev.parley.dialogue.brain;

import org.jboss.logging.Logger;

/**
 * The agent's first line when whoever placed the call chose it: an outbound call's {@code openingLine} reaches the
 * brain as the CallStart parameter {@value #KEY} (set by media-gateway; callers' own parameters may not use the
 * reserved {@value #RESERVED_PREFIX} prefix), and every brain greets with it instead of the tenant's greeting. It is
 * turn 0 like the greeting, so history, the flow's state and what the LLM reads afterwards are the same either way.
 */
public final class OpeningLine {
    /** CallStart parameter keys the platform sets, not a tenant's. */
    public static final String RESERVED_PREFIX = "parley.";
    public static final String KEY = RESERVED_PREFIX + "opening_line";
    /** As media-gateway bounds it: two or three sentences. */
    static final int MAX_LENGTH = 500;

    private static final Logger LOG = Logger.getLogger(OpeningLine.class);

    private OpeningLine() {
    }

    /**
     * The call's opening line, else {@code greeting}. A line the gateway would not have sent (blank, too long, with
     * control characters) is ignored with a warning: the callee still hears the tenant's greeting, not silence.
     */
    public static String or(Conversation conversation, String greeting) {
        String line = conversation.parameters().get(KEY);
        if (line == null) {
            return greeting;
        }
        if (line.isBlank() || line.length() > MAX_LENGTH || line.chars().anyMatch(Character::isISOControl)) {
            LOG.warnf("tenant=%s call=%s: ignoring an opening line of %d characters (blank, over %d, or with control "
                    + "characters): greeting instead", conversation.tenantId(), conversation.callId(), line.length(),
                    MAX_LENGTH);
            return greeting;
        }
        return line.strip();
    }
}
