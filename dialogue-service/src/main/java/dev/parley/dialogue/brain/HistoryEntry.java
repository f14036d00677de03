package dev.parley.dialogue.brain;

/**
 * One turn of the conversation. For agent turns {@code text} is what the caller heard (the generated text until the
 * gateway reports otherwise) and {@code generatedText} what the brain produced.
 */
public record HistoryEntry(Speaker speaker, long turnId, String text, String generatedText, boolean interrupted) {

    public enum Speaker { CALLER, AGENT }

    public static HistoryEntry caller(long turnId, String text) {
        return new HistoryEntry(Speaker.CALLER, turnId, text, text, false);
    }

    public static HistoryEntry agent(long turnId, String generated) {
        return new HistoryEntry(Speaker.AGENT, turnId, generated, generated, false);
    }

    HistoryEntry heard(String heardText, boolean wasInterrupted) {
        return new HistoryEntry(speaker, turnId, heardText, generatedText, wasInterrupted);
    }
}
