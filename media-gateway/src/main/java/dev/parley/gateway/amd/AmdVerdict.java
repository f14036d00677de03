package dev.parley.gateway.amd;

/**
 * What answered an outbound call. {@code atMs} is the time since answer at which the detector decided (call time, from
 * the number of frames fed); {@code reason} says which cue decided, for logs and call records.
 */
public record AmdVerdict(Kind kind, long atMs, String reason) {
    public enum Kind {
        /** A person: talk to them. */
        HUMAN,
        /** A voicemail greeting: wait for {@link AnsweringMachineDetector#greetingEndMs()}, then leave the message. */
        MACHINE,
        /** No decision (nobody spoke, or still speaking when the window closed): treat like a listening person. */
        UNKNOWN
    }
}
