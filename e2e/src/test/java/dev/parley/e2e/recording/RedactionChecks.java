package dev.parley.e2e.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.audio.MuLaw;
import dev.parley.e2e.caller.TurnTranscriber;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A call of a tenant that redacts (brightsmile: digit runs, its patient slot and the patient's name the clinic returns):
 * the record and the recording analytics serves carry no patient number and no name — neither what the caller said nor
 * the agent's read-back — checked by reading the record's text, by transcribing both tracks of the recording, and by
 * looking for the bleep where the caller's own words of the number were said.
 */
public final class RedactionChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> DIGIT_WORDS = Map.ofEntries(Map.entry("zero", "0"), Map.entry("oh", "0"),
            Map.entry("one", "1"), Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"),
            Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"),
            Map.entry("nine", "9"));
    private static final int RATE = 8000;

    private final URI analytics;
    private final String adminKey;

    public RedactionChecks(URI analytics, String adminKey) {
        this.analytics = analytics;
        this.adminKey = adminKey;
    }

    /**
     * The record's transcript and tools hold no part of {@code number} and none of {@code names}, and show where
     * something was masked.
     */
    public void recordHoldsNoPii(String tenant, String callId, String number, List<String> names) throws Exception {
        JsonNode record = awaitJson("/tenants/" + tenant + "/calls/" + callId,
                r -> r.path("endReason").isTextual(), Duration.ofSeconds(30));
        List<String> texts = new ArrayList<>();
        collectText(record.path("turns"), texts);
        collectText(record.path("tools"), texts);
        String all = String.join(" | ", texts);
        System.out.println("[redaction] record texts: " + all);
        assertFalse(leaks(all, number), "the record of " + callId + " holds the patient number: " + all);
        for (String name : names) {
            assertFalse(saysWord(all, name), "the record of " + callId + " holds the name " + name + ": " + all);
        }
        assertTrue(all.contains("[redacted]"), "nothing was masked in the record of " + callId + ": " + all);
    }

    /**
     * The recording: both tracks transcribed hold no part of {@code number} while the rest of what was said is there,
     * and each of the caller's number words — timed by recognizing the caller's own utterance, placed where the
     * caller sent it — is covered by the 1 kHz bleep.
     */
    public void recordingHoldsNoPii(String tenant, String callId, String number, List<String> names,
                                    TurnTranscriber transcriber, byte[] numberUtterance, long utteranceStartMs,
                                    String... callerWordsKept)
            throws Exception {
        JsonNode link = awaitJson("/tenants/" + tenant + "/calls/" + callId + "/recording",
                r -> r.path("url").isTextual(), Duration.ofSeconds(30));
        HttpResponse<byte[]> wav = HTTP.send(HttpRequest.newBuilder(analytics.resolve(link.path("url").asText()))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, wav.statusCode(), "the signed recording URL");
        short[][] tracks = stereo(wav.body());
        String caller = transcriber.transcribe(MuLaw.encode(tracks[0]));
        String agent = transcriber.transcribe(MuLaw.encode(tracks[1]));
        System.out.printf("[redaction] recording %.1f s; caller track: \"%s\"; agent track: \"%s\"%n",
                tracks[0].length / (double) RATE, caller, agent);
        assertFalse(leaks(caller, number), "the caller's track still says the number: " + caller);
        assertFalse(leaks(agent, number), "the agent's track still reads the number back: " + agent);
        for (String name : names) {
            assertFalse(saysWord(agent, name), "the agent's track still says the name " + name + ": " + agent);
        }
        for (String word : callerWordsKept) {
            assertTrue(caller.contains(word), "the caller's track lost \"" + word + "\" too: " + caller);
        }

        List<TurnTranscriber.Word> words = transcriber.words(numberUtterance);
        int checked = 0;
        for (TurnTranscriber.Word word : words) {
            if (!DIGIT_WORDS.containsKey(word.word())) {
                continue;
            }
            // The core of the word: recognizer times are approximate at both edges.
            long from = utteranceStartMs + word.startMs() + 40;
            long to = utteranceStartMs + word.endMs() - 40;
            double toneShare = toneShare(tracks[0], from, to);
            System.out.printf("[redaction] caller said \"%s\" at %d-%d ms: %.0f %% of it is the bleep%n", word.word(),
                    from, to, 100 * toneShare);
            assertTrue(toneShare >= 0.8, "\"" + word.word() + "\" at " + from + "-" + to + " ms is not bleeped ("
                    + Math.round(100 * toneShare) + " % tone)");
            checked++;
        }
        assertTrue(checked >= 4, "the caller's number words were not recognized in their own audio: " + words);
    }

    /** Whether {@code text} holds {@code word} as a whole word, in any case. */
    static boolean saysWord(String text, String word) {
        String wanted = word.toLowerCase(Locale.ROOT);
        return List.of(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")).contains(wanted);
    }

    /** Whether {@code text} holds four digits of {@code number} in a row, written or spoken. */
    static boolean leaks(String text, String number) {
        StringBuilder run = new StringBuilder();
        List<String> runs = new ArrayList<>();
        for (String token : text.toLowerCase(Locale.ROOT).split("[\\s,.;!?\"]+")) {
            String digits = DIGIT_WORDS.getOrDefault(token, token.replace("-", ""));
            if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
                run.append(digits);
            } else if (run.length() > 0) {
                runs.add(run.toString());
                run.setLength(0);
            }
        }
        runs.add(run.toString());
        for (String found : runs) {
            for (int i = 0; i + 4 <= number.length(); i++) {
                if (found.contains(number.substring(i, i + 4))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The share of 20 ms frames in [fromMs, toMs) whose energy is mostly at 1 kHz. */
    static double toneShare(short[] track, long fromMs, long toMs) {
        int frame = RATE / 50;
        int tone = 0;
        int frames = 0;
        for (long at = fromMs * RATE / 1000; at + frame <= Math.min(track.length, toMs * RATE / 1000); at += frame) {
            double total = 0;
            for (int i = 0; i < frame; i++) {
                total += (double) track[(int) at + i] * track[(int) at + i];
            }
            double atKhz = goertzel(track, (int) at, frame, 1000);
            // Goertzel power of a pure tone is (N/2)^2 A^2/... ; normalised against the frame's energy it nears 1.
            if (total > 0 && atKhz / (total * frame / 2.0) > 0.5) {
                tone++;
            }
            frames++;
        }
        return frames == 0 ? 0 : tone / (double) frames;
    }

    private static double goertzel(short[] samples, int from, int length, int frequency) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / RATE);
        double previous = 0;
        double beforePrevious = 0;
        for (int i = 0; i < length; i++) {
            double current = samples[from + i] + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
    }

    /** A 16-bit stereo WAV's two channels (left: the caller, right: the agent). */
    static short[][] stereo(byte[] wav) {
        ByteBuffer buffer = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int at = 12;
        while (at + 8 <= wav.length) {
            String chunk = new String(wav, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int size = buffer.getInt(at + 4);
            if (chunk.equals("fmt ")) {
                assertEquals(2, buffer.getShort(at + 10), "channels");
                assertEquals(RATE, buffer.getInt(at + 12), "sample rate");
            } else if (chunk.equals("data")) {
                int frames = Math.min(size, wav.length - at - 8) / 4;
                short[][] tracks = new short[2][frames];
                for (int i = 0; i < frames; i++) {
                    tracks[0][i] = buffer.getShort(at + 8 + 4 * i);
                    tracks[1][i] = buffer.getShort(at + 10 + 4 * i);
                }
                return tracks;
            }
            at += 8 + size + (size & 1);
        }
        throw new AssertionError("no data chunk in the recording's WAV (" + wav.length + " bytes)");
    }

    private static void collectText(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> collectText(child, texts));
    }

    private JsonNode awaitJson(String path, java.util.function.Predicate<JsonNode> ready, Duration wait)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        String last = "nothing";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(analytics.resolve(path))
                    .timeout(Duration.ofSeconds(10)).header("X-Api-Key", adminKey).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                JsonNode body = JSON.readTree(response.body());
                if (ready.test(body)) {
                    return body;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError(path + " did not answer within " + wait + "; last: " + last);
    }
}
