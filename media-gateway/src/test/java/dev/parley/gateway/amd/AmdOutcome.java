package dev.parley.gateway.amd;

/**
 * How the detector did on one greeting: its verdict; for a HUMAN or UNKNOWN verdict, when the agent would start
 * speaking (-1 if never); for a MACHINE verdict, when it said the greeting ended; next to where the clip's speech
 * and beep really ended.
 */
record AmdOutcome(Greeting greeting, AmdVerdict verdict, long agentStartMs, long greetingEndMs,
                  String greetingEndReason,
                  long speechEndMs, long beepEndMs, String words) {

    boolean right() {
        return verdict.kind() == greeting.label();
    }

    /** Where the message should start: after the beep, or after the greeting when there is none. */
    long trueGreetingEndMs() {
        return beepEndMs >= 0 ? beepEndMs : speechEndMs;
    }

    /**
     * The message starts after the greeting (and its beep) and soon enough: within 300 ms of a beep's end (the tone
     * must be heard to stop), or within the settings' silence wait plus 500 ms of the last word when there is no beep.
     */
    boolean greetingEndRight(AmdSettings settings) {
        if (greetingEndMs < 0) {
            return false;
        }
        long lag = greetingEndMs - trueGreetingEndMs();
        return beepEndMs >= 0 ? lag >= 0 && lag <= 300 : lag >= 0 && lag <= settings.greetingSilenceMs() + 500;
    }

    String line() {
        String start = agentStartMs < 0 || agentStartMs == verdict.atMs() ? ""
                : String.format(" agent starts %d ms", agentStartMs);
        String end = greetingEndMs < 0 ? "" : String.format(" greeting end %d ms (true %d ms, %s)", greetingEndMs,
                trueGreetingEndMs(), greetingEndReason);
        String heard = words.isEmpty() ? "" : " [heard: " + words + "]";
        return String.format("%-8s→ %-8s %5d ms  %s — %s%s%s%s", greeting.label(), verdict.kind(), verdict.atMs(),
                greeting.name(), verdict.reason(), start, end, heard);
    }
}
