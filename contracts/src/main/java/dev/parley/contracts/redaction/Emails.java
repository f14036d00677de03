package dev.parley.contracts.redaction;

import java.util.List;
import java.util.Set;

/**
 * Finds e-mail addresses written ("john.smith@example.com") or spoken the way a recognizer writes them ("john dot
 * smith at example dot com"). Hand-written scans rather than a regular expression: each character is looked at a
 * bounded number of times, so no transcript can make the live path backtrack.
 */
final class Emails {

    private static final Set<String> CONNECTORS = Set.of("dot", "underscore", "dash", "hyphen", "period");
    /** A spoken domain must end in one of these, so "look at the dot matrix" is not an address. */
    private static final Set<String> TLDS = Set.of("com", "net", "org", "edu", "gov", "io", "co", "uk", "us", "ca",
            "au", "de", "fr", "nl", "es", "it", "ie", "nz", "in", "info", "biz", "me", "app", "dev", "ai", "mil", "ch",
            "be", "se", "no", "dk", "fi", "pl", "br", "mx", "jp");

    private Emails() {
    }

    /** Written addresses: around each '@', the local part to the left and a dotted domain to the right. */
    static void written(String text, List<Redactor.Span> out) {
        int n = text.length();
        int at = text.indexOf('@');
        while (at >= 0) {
            int start = at;
            while (start > 0 && isLocal(text.charAt(start - 1))) {
                start--;
            }
            while (start < at && text.charAt(start) == '.') {
                start++;
            }
            int end = at + 1;
            while (end < n && isDomain(text.charAt(end))) {
                end++;
            }
            int scanned = end;
            while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
                end--;
            }
            int lastDot = end - 1;
            while (lastDot > at && text.charAt(lastDot) != '.') {
                lastDot--;
            }
            if (start < at && lastDot > at + 1 && end - lastDot > 2 && lettersOnly(text, lastDot + 1, end)) {
                out.add(new Redactor.Span(start, end));
            }
            at = text.indexOf('@', Math.max(scanned, at + 1));
        }
    }

    /** Spoken addresses: "at" preceded by a name (its parts joined by "dot", "underscore"…) and followed by a domain. */
    static void spoken(String text, List<Token> tokens, List<Redactor.Span> out) {
        for (int a = 1; a + 1 < tokens.size(); a++) {
            if (!tokens.get(a).word().equals("at") || isConnector(tokens.get(a - 1))) {
                continue;
            }
            int end = domainEnd(text, tokens, a + 1);
            if (end < 0) {
                continue;
            }
            int first = a - 1;
            while (first >= 2 && isConnector(tokens.get(first - 1)) && !isConnector(tokens.get(first - 2))) {
                first -= 2;
            }
            while (first >= 1 && joinedByPunctuation(text, tokens.get(first - 1), tokens.get(first))) {
                first--;
            }
            out.add(new Redactor.Span(tokens.get(first).start(), tokens.get(end).end()));
            a = end;
        }
    }

    /** Index of the domain's last token ("example dot com" → the "com"), or -1 when no known TLD ends it. */
    private static int domainEnd(String text, List<Token> tokens, int from) {
        if (isConnector(tokens.get(from)) || tokens.get(from).word().equals("at")) {
            return -1;
        }
        int end = -1;
        int i = from;
        while (i + 1 < tokens.size()) {
            Token label = tokens.get(i + 1);
            int next;
            if (tokens.get(i + 1).word().equals("dot") && i + 2 < tokens.size()
                    && Tokens.gapOnly(text, tokens.get(i), label, "")) {
                next = i + 2;
            } else if (Tokens.gap(text, tokens.get(i), label).equals(".")) {
                next = i + 1;
            } else {
                break;
            }
            Token part = tokens.get(next);
            if (isConnector(part) || part.word().equals("at")) {
                break;
            }
            if (TLDS.contains(part.word())) {
                end = next;
            }
            i = next;
        }
        return end;
    }

    private static boolean isConnector(Token t) {
        return !t.digits() && CONNECTORS.contains(t.word());
    }

    /** "john.smith at …", "john_smith at …": a local part written with punctuation but spoken around the "at". */
    private static boolean joinedByPunctuation(String text, Token left, Token right) {
        String gap = Tokens.gap(text, left, right);
        return gap.equals(".") || gap.equals("_") || gap.equals("-");
    }

    private static boolean isLocal(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomain(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-';
    }

    private static boolean lettersOnly(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isLetter(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
