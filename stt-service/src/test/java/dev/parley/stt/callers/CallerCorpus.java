package dev.parley.stt.callers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A dialogue-service paraphrase corpus read as caller requests to speak (format: dialogue-service's
 * acme-heldout.txt), and written back with what the recognizer heard so its paraphrase runner can score it.
 */
public record CallerCorpus(String tenant, List<String> header, List<Request> requests) {
    private static final String[] DIGITS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine"};

    /** One request: whether it continues the call above, its expected outcome, and what the caller says. */
    public record Request(boolean continues, String expected, String text) {
        /** The words spoken: numbers digit by digit, as callers read order and patient numbers. */
        public String spoken() {
            StringBuilder out = new StringBuilder();
            for (String token : text.split("\\s+")) {
                String digits = token.replaceAll("[^0-9]", "");
                if (!digits.isEmpty() && digits.length() == token.replaceAll("[^0-9a-zA-Z]", "").length()) {
                    for (char c : digits.toCharArray()) {
                        out.append(DIGITS[c - '0']).append(' ');
                    }
                } else {
                    out.append(token).append(' ');
                }
            }
            return out.toString().strip();
        }

        /** The reference for word error rate: lower case, words only, no quoting apostrophes. */
        public String reference() {
            String clean = spoken().toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]", " ");
            return clean.replaceAll("(^|\\s)'+|'+(\\s|$)", " ").replaceAll("\\s+", " ").strip();
        }
    }

    /** Reads {@code dir/<tenant>-tuning.txt}: the header (sections) is kept as is, confidences are dropped. */
    public static CallerCorpus read(Path dir, String tenant) throws IOException {
        List<String> header = new ArrayList<>();
        List<Request> requests = new ArrayList<>();
        boolean cases = false;
        for (String raw : Files.readAllLines(dir.resolve(tenant + "-tuning.txt"))) {
            String line = raw.strip();
            if (line.equals("[cases]")) {
                cases = true;
                continue;
            }
            if (!cases) {
                if (!line.startsWith("#") && !line.isEmpty()) {
                    header.add(line);
                }
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean continues = line.startsWith("+");
            String body = continues ? line.substring(1).strip() : line;
            int bar = body.indexOf('|');
            String said = body.substring(bar + 1).strip();
            int tilde = said.lastIndexOf(" ~");
            requests.add(new Request(continues, body.substring(0, bar).strip(),
                    tilde < 0 ? said : said.substring(0, tilde).strip()));
        }
        return new CallerCorpus(tenant, List.copyOf(header), List.copyOf(requests));
    }

    /**
     * Writes the same calls with the recognized text (and its mean word confidence) in place of what was said;
     * {@code heard} and {@code confidence} are in request order.
     */
    public Path write(Path dir, String part, List<String> heard, List<Float> confidence, String note)
            throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# " + tenant + " tuning requests as Vosk heard them: " + note);
        lines.add("# Written by stt-service's NoiseBenchmark; format: dialogue-service paraphrases/acme-heldout.txt.");
        lines.addAll(header);
        lines.add("[cases]");
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            String text = heard.get(i);
            String said = text.isEmpty() ? "" : text + String.format(Locale.ROOT, " ~%.2f", confidence.get(i));
            lines.add((r.continues() ? "+ " : "") + r.expected() + " | " + said);
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(tenant + "-" + part + ".txt");
        Files.write(file, lines);
        return file;
    }
}
