package dev.parley.gateway.session;

import dev.parley.contracts.dialogue.v1.Action;
import dev.parley.gateway.tts.Utterance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One agent turn in flight: the utterance being synthesized, the marks that tell how much of it the caller
 * has heard, and the actions to run once it has been heard in full.
 */
final class AgentTurn {
    final long turnId;
    final TurnTimeline timeline;
    final List<Action> pendingActions = new ArrayList<>();
    /** The phrases sent, kept only when the recording bleeps PII: which of them to bleep is known at the turn's end. */
    final List<Phrase> phrases = new ArrayList<>();
    /** Mark name -> end offset (in the utterance text) of the audio before it. */
    private final Map<String, Integer> markEnds = new HashMap<>();
    Utterance utterance;
    String brain = "";
    boolean brainDone;
    boolean speechDone;
    private int heardEnd;

    /** A phrase of TTS audio: its number for the recording and its span in the utterance text. */
    record Phrase(int number, int textStart, int textEnd) {
    }

    AgentTurn(long turnId, TurnTimeline timeline) {
        this.turnId = turnId;
        this.timeline = timeline;
    }

    void expectMark(String name, int textEnd) {
        markEnds.put(name, textEnd);
    }

    /** Returns false if the mark is not one of this turn's. */
    boolean markPlayed(String name) {
        Integer end = markEnds.remove(name);
        if (end == null) {
            return false;
        }
        heardEnd = Math.max(heardEnd, end);
        return true;
    }

    boolean allMarksPlayed() {
        return markEnds.isEmpty();
    }

    String generatedText() {
        return utterance == null ? "" : utterance.text();
    }

    String heardText() {
        String text = generatedText();
        return text.substring(0, Math.min(heardEnd, text.length())).trim();
    }

    /** Fully generated, synthesized and played. */
    boolean complete() {
        return brainDone && speechDone && allMarksPlayed();
    }
}
