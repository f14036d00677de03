package dev.parley.dialogue.flow.paraphrase;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's paraphrase corpus (src/test/resources/paraphrases/&lt;tenant&gt;-&lt;part&gt;.txt): knowledge section
 * aliases, then calls of one or more requests, each with the outcome it should get. Format: see acme-heldout.txt.
 */
record ParaphraseCorpus(String tenant, String part, Map<String, String> sections, List<List<Request>> calls) {

    /** One caller turn and what it should get; {@code confidence} null when the line gives none (typed text). */
    record Request(String expected, String text, Float confidence) {
    }

    static ParaphraseCorpus load(String tenant, String part) {
        String name = "/paraphrases/" + tenant + "-" + part + ".txt";
        try (InputStream in = ParaphraseCorpus.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus " + name);
            }
            return parse(tenant, part, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ParaphraseCorpus parse(String tenant, String part, String text) {
        Map<String, String> sections = new LinkedHashMap<>();
        List<List<Request>> calls = new ArrayList<>();
        String block = "";
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                block = line;
                continue;
            }
            if (block.equals("[sections]")) {
                int eq = line.indexOf('=');
                sections.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                continue;
            }
            boolean continues = line.startsWith("+");
            String body = continues ? line.substring(1).strip() : line;
            int bar = body.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException(tenant + "-" + part + ": no '|' in: " + raw);
            }
            String said = body.substring(bar + 1).strip();
            Float confidence = null;
            int tilde = said.lastIndexOf(" ~");
            if (tilde >= 0) {
                confidence = Float.parseFloat(said.substring(tilde + 2));
                said = said.substring(0, tilde).strip();
            }
            Request request = new Request(body.substring(0, bar).strip(), said, confidence);
            if (continues) {
                if (calls.isEmpty()) {
                    throw new IllegalArgumentException(tenant + "-" + part + ": '+' line with no call before it");
                }
                calls.get(calls.size() - 1).add(request);
            } else {
                calls.add(new ArrayList<>(List.of(request)));
            }
        }
        return new ParaphraseCorpus(tenant, part, sections, calls);
    }

    int requests() {
        return calls.stream().mapToInt(List::size).sum();
    }
}
