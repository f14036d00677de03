package dev.parley.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a tenant's agent can say, each line labelled with what it means, read from the tenant's own files (flow.yaml,
 * knowledge/*.md): an intent's answer or slot question ({@code order_status}), a knowledge answer
 * ({@code knowledge:hours}), a clarifying question ({@code ?knowledge:hours}), the fallback or options ({@code none}).
 * A reply the caller heard is labelled by the line it shares most words with — so a benchmark can tell whether the
 * agent understood without asking the agent.
 */
final class ExpectedReplies {

    record Line(String label, List<String> words) {
    }

    /** The label of a transcript and how many of its line's words were heard (0..1). */
    record Verdict(String label, double overlap) {
    }

    private static final String[] UNITS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
        "ninety"};
    /** Words every line has: they tell nothing apart. */
    private static final Set<String> COMMON = Set.of("a", "an", "the", "and", "or", "to", "of", "you", "your", "i",
            "is", "it", "we", "our", "can", "for", "on", "in", "that", "s", "re", "ll", "m", "what", "do", "be");

    private final List<Line> lines = new ArrayList<>();

    static ExpectedReplies of(Path tenantDir) {
        ExpectedReplies out = new ExpectedReplies();
        try {
            JsonNode flow = new ObjectMapper(new YAMLFactory()).readTree(tenantDir.resolve("flow.yaml").toFile());
            out.add("none", flow.path("fallback").asText());
            out.add("none", flow.path("repair").path("options").asText());
            String clarify = flow.path("repair").path("clarify").asText("{topic}");
            for (JsonNode intent : flow.path("intents")) {
                String name = intent.path("name").asText();
                out.add(name, intent.path("say").asText());
                for (JsonNode slot : intent.path("slots")) {
                    out.add(name, flow.path("slots").path(slot.asText()).path("ask").asText());
                }
                String topic = intent.has("topic") ? intent.path("topic").asText()
                        : "Do you mean: " + intent.path("examples").path(0).asText();
                out.add("?" + name, clarify.replace("{topic}", topic));
            }
            Path knowledge = tenantDir.resolve("knowledge");
            if (Files.isDirectory(knowledge)) {
                try (Stream<Path> files = Files.list(knowledge)) {
                    for (Path md : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                        out.addSections(Files.readAllLines(md), clarify);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tenantDir, e);
        }
        return out;
    }

    /** Knowledge sections under "## heading", labelled by the heading's first question ("knowledge:<word>"). */
    private void addSections(List<String> md, String clarify) {
        String heading = null;
        StringBuilder text = new StringBuilder();
        for (String line : md) {
            if (line.startsWith("## ") || line.startsWith("# ")) {
                section(heading, text.toString(), clarify);
                heading = line.startsWith("## ") ? line.substring(3).strip() : null;
                text.setLength(0);
            } else {
                text.append(line).append(' ');
            }
        }
        section(heading, text.toString(), clarify);
    }

    private void section(String heading, String text, String clarify) {
        if (heading == null || text.isBlank()) {
            return;
        }
        String label = "knowledge:" + heading;
        add(label, text);
        String first = heading.split("(?<=[?.!])\\s+")[0];
        add("?" + label, clarify.replace("{topic}", "Is your question: " + first));
    }

    private void add(String label, String text) {
        if (text != null && !text.isBlank()) {
            lines.add(new Line(label, words(text.replaceAll("\\{[^}]*}", " "))));
        }
    }

    /** The label of the line whose words the transcript holds most of. */
    Verdict label(String transcript) {
        Set<String> heard = new LinkedHashSet<>(words(transcript));
        Verdict best = new Verdict("unheard", 0);
        for (Line line : lines) {
            List<String> telling = line.words().stream().filter(w -> !COMMON.contains(w)).toList();
            if (telling.isEmpty()) {
                continue;
            }
            double overlap = telling.stream().filter(heard::contains).count() / (double) telling.size();
            if (overlap > best.overlap()) {
                best = new Verdict(line.label(), overlap);
            }
        }
        return best;
    }

    /** Whether a held-out file's label ("knowledge:hours") names this line's label ("knowledge:When are you open?…"). */
    static boolean sameThing(String expected, String label) {
        String bare = label.startsWith("?") ? label.substring(1) : label;
        if (!expected.startsWith("knowledge:") || !bare.startsWith("knowledge:")) {
            return expected.equals(bare);
        }
        String key = expected.substring("knowledge:".length()).toLowerCase(Locale.ROOT);
        String stem = key.length() > 5 ? key.substring(0, 5) : key;
        return bare.toLowerCase(Locale.ROOT).contains(stem);
    }

    /** Lower-case words, numbers spelled out as the recognizer writes them ("9 am" → "nine am"). */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (w.isEmpty()) {
                continue;
            }
            if (w.chars().allMatch(Character::isDigit) && w.length() <= 2) {
                out.addAll(Arrays.asList(spelled(Integer.parseInt(w)).split(" ")));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    private static String spelled(int n) {
        if (n < 20) {
            return UNITS[n];
        }
        return n % 10 == 0 ? TENS[n / 10] : TENS[n / 10] + " " + UNITS[n % 10];
    }
}
