package dev.parley.dialogue.brain;

/** What the caller did in one turn: said {@code text}, or keyed {@code dtmfDigits} on the phone. */
public record TurnInput(long turnId, String text, String dtmfDigits) {

    public static TurnInput speech(long turnId, String text) {
        return new TurnInput(turnId, text, null);
    }

    public static TurnInput dtmf(long turnId, String digits) {
        return new TurnInput(turnId, null, digits);
    }

    public boolean isDtmf() {
        return dtmfDigits != null;
    }
}
