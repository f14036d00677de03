package dev.parley.stt.callers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * dialogue-service's tuning requests (acme and brightsmile) as calls reaching stt: each tenant's requests spoken in
 * turn by the caller voices, then put on a phone line (clean or with office noise) as the gateway hands it over.
 */
public final class CallerCalls {
    public static final List<String> TENANTS = List.of("acme", "brightsmile");
    /** Where dialogue-service keeps them, from stt-service's directory. */
    public static final Path DEFAULT_CORPORA = Path.of("../dialogue-service/src/test/resources/paraphrases");

    /** A tenant's requests and how its callers said them (8 kHz, before the line). */
    public record Call(CallerCorpus corpus, List<short[]> speech) {
    }

    private CallerCalls() {
    }

    /** Every tenant's requests spoken, the voice rotating across all requests; by tenant, in {@link #TENANTS} order. */
    public static Map<String, Call> speak(Path corpora) throws IOException, InterruptedException {
        Map<String, Call> calls = new LinkedHashMap<>();
        int index = 0;
        for (String tenant : TENANTS) {
            CallerCorpus corpus = CallerCorpus.read(corpora, tenant);
            List<short[]> spoken = new ArrayList<>();
            for (CallerCorpus.Request r : corpus.requests()) {
                spoken.add(Voices.speak(Voices.NAMES.get(index++ % Voices.NAMES.size()), r.spoken()));
            }
            calls.put(tenant, new Call(corpus, List.copyOf(spoken)));
        }
        return calls;
    }

    /**
     * Each request as the gateway would hand it to stt (16 kHz after the line's μ-law): noise before the first (3 s,
     * the greeting) and after each (1 s), mixed at {@code snrDb} from a random place in the noise; silence on a clean
     * line ({@code snrDb} null).
     */
    public static List<short[]> line(List<short[]> speech, short[] noise, Double snrDb, Random random) {
        List<short[]> out = new ArrayList<>();
        for (int i = 0; i < speech.size(); i++) {
            int lead = i == 0 ? 3 * NoisyLine.RATE : 0;
            int tail = NoisyLine.RATE;
            short[] s = speech.get(i);
            short[] mixed;
            if (snrDb == null) {
                mixed = new short[lead + s.length + tail];
                System.arraycopy(s, 0, mixed, lead, s.length);
            } else {
                mixed = NoisyLine.mix(s, noise, random.nextInt(noise.length), snrDb, lead, tail);
            }
            out.add(Voices.throughTheLine(mixed));
        }
        return out;
    }
}
