package dev.parley.tts.normalize;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One normalization rule: reads the original text at a token and says how to speak what it consumes. */
interface Rule {

    /** The spoken form of original[token.start, end), or null when the rule does not apply at this token. */
    Match apply(RuleContext ctx, int index);

    /** {@code end} is an absolute offset into the original text; it must fall on a token end. */
    record Match(int end, String spoken) {
    }

    /** Matches {@code pattern} at the token; {@code speak} may return null to decline (e.g. a month 13). */
    static Match regex(RuleContext ctx, int index, Pattern pattern, Function<Matcher, String> speak) {
        Matcher m = ctx.matcherAt(pattern, index);
        if (!m.lookingAt()) {
            return null;
        }
        String spoken = speak.apply(m);
        return spoken == null ? null : new Match(m.end(), spoken);
    }
}
