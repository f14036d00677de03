package dev.parley.tts.normalize;

import dev.parley.tts.phrasing.Phrase;
import dev.parley.tts.phrasing.Phraser;
import dev.parley.tts.phrasing.PhrasingPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever an LLM streams (digits, symbols, markdown, emoji, huge numbers), phrasing and normalization neither
 * throw nor emit characters an engine cannot take, and every phrase maps back inside its own span.
 */
class NormalizerRobustnessTest {
    private static final String ALPHABET = "abcXYZ 0123456789 .,;:!?-–—$€£%&@#+=/°'\"()*_`~\n\t"
            + "amp AM p.m. Dr. St. Mon Fri Jan March 1st 2nd 🙂 日本 é ü \u2019 ... 555-1234 #42";
    private static final String[] WORDS = ALPHABET.split(" ");

    @Test
    void randomStreamsNeverBreakPhrasingOrNormalization() {
        Random random = new Random(42);
        TextNormalizer normalizer = new TextNormalizer();
        for (int run = 0; run < 400; run++) {
            String text = randomText(random);
            Phraser phraser = new Phraser(new PhrasingPolicy(12, 40, 80));
            List<Phrase> phrases = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                int n = 1 + random.nextInt(9);
                phrases.addAll(phraser.append(text.substring(i, Math.min(text.length(), i + n))));
                i += n;
            }
            phrases.addAll(phraser.finish());
            int expectedStart = 0;
            for (Phrase p : phrases) {
                assertEquals(expectedStart, p.start(), text);
                expectedStart = p.end();
                NormalizedText n = normalizer.normalize(phraser.text(), p.start(), p.end());
                assertTrue(n.spoken().matches("[A-Za-z' .,?!]*"), "unspeakable output for: " + text + " -> "
                        + n.spoken());
                for (NormalizedText.Segment s : n.segments()) {
                    assertTrue(s.sourceStart() >= p.start() && s.sourceEnd() <= p.end(), text);
                }
            }
        }
    }

    @Test
    void hugeNumbersAreReadDigitByDigitInsteadOfOverflowing() {
        TextNormalizer normalizer = new TextNormalizer();
        String nines = "9".repeat(40);
        String spoken = normalizer.normalize("Pay $" + nines + "." + nines + " or " + nines + "th, " + nines + ".")
                .spoken();
        assertTrue(spoken.startsWith("Pay nine nine"), spoken);
        assertTrue(spoken.matches("[A-Za-z' .,?!]*"), spoken);
    }

    private static String randomText(Random random) {
        StringBuilder b = new StringBuilder();
        int words = 1 + random.nextInt(40);
        for (int w = 0; w < words; w++) {
            if (random.nextInt(4) == 0) {
                b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            } else {
                b.append(WORDS[random.nextInt(WORDS.length)]);
            }
            if (random.nextInt(3) != 0) {
                b.append(' ');
            }
        }
        return b.toString();
    }
}
