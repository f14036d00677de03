package dev.parley.gateway.turntaking;

import dev.parley.contracts.stt.v1.Word;

import java.util.List;

/**
 * A caller's finished turn as the agent gets it.
 *
 * @param source        "speech" or "dtmf"
 * @param words         what the recognizer heard word by word with confidences; empty when not known
 * @param endOfSpeechMs the last frame the caller was heard speaking (the event clock)
 * @param decidedMs     when the turn was declared over
 */
public record UserTurn(String source, String text, float confidence, List<Word> words, long endOfSpeechMs,
                       long decidedMs) {

    static UserTurn dtmf(String digits, long nowMs) {
        return new UserTurn("dtmf", digits, 1f, List.of(), nowMs, nowMs);
    }
}
