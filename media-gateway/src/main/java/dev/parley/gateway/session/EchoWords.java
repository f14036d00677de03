package dev.parley.gateway.session;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Recognized words that are mostly words of the agent's own utterance: the line carried the agent back. "Mostly",
 * because the recognizer hears the spoken form ("we are", "nine") of what was written ("we're", "9").
 */
final class EchoWords {
    private static final double SHARE = 0.6;

    private EchoWords() {
    }

    static boolean within(String heard, String agentText) {
        Set<String> spoken = words(agentText);
        Set<String> recognized = words(heard);
        if (recognized.isEmpty()) {
            return false;
        }
        long shared = recognized.stream().filter(spoken::contains).count();
        return shared >= SHARE * recognized.size();
    }

    private static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9']+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
