package dev.parley.dialogue.session;

import com.google.protobuf.ByteString;
import dev.parley.contracts.dialogue.v1.UserTurn;
import dev.parley.contracts.dialogue.v1.WordConfidence;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.resume.StateCodec;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state a done carries stays bounded however long the call: the history is a window (Conversation.MAX_HISTORY
 * entries) and every brain state is bounded too, so a 200-turn call's state is no bigger than a 100-turn one's.
 */
class FailoverStateSizeTest {

    /** Well above what was measured (README: Failover), well below what a gateway should keep per call. */
    static final int MAX_STATE_BYTES = 16 * 1024;
    static final List<String> SAID = List.of("where is my order", "it's one two three four",
            "what are your opening hours", "and do you charge for shipping", "how do returns work",
            "check order five six seven eight please", "thank you", "sorry, what was that about returns",
            "the purple elephant dances", "can you tell me what you can do");
    /** Words around the requests, so that no two caller turns are alike (deflate would flatter repeated ones). */
    static final List<String> AROUND = List.of("um", "so", "actually", "I was wondering", "my sister said",
            "yesterday", "on the website", "it's for a birthday", "the blue one", "I think", "you know", "again",
            "sorry about the noise", "I'm in the car", "quick question", "before I forget", "last week", "maybe",
            "the tracking page", "a gift for my dad", "at the office", "this morning", "hang on", "right");

    @Test
    void aTwoHundredTurnCallsStateIsBounded() throws Exception {
        GatewayStream call = new GatewayStream(GatewayStream.directory(
                Tenants.load("acme", new RecordingEventPublisher())), new DialogueMetrics(new SimpleMeterRegistry()))
                .start("acme", "c-long");
        Map<Integer, Integer> size = new TreeMap<>();
        size.put(0, GatewayStream.state(call.turn(0)).size());
        ByteString state = null;
        for (int turn = 1; turn <= 200; turn++) {
            String text = varied(turn);
            state = GatewayStream.state(call.say(spoken(turn, text)));
            if (turn % 50 == 0 || turn == 10) {
                size.put(turn, state.size());
            }
        }
        Conversation restored = StateCodec.decode(state.toByteArray(), "acme", "c-long");
        int json = restored.write().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        long started = System.nanoTime();
        int rounds = 200;
        for (int i = 0; i < rounds; i++) {
            StateCodec.encode(restored);
        }
        double encodeMs = (System.nanoTime() - started) / 1e6 / rounds;
        List<String> shown = new ArrayList<>();
        size.forEach((turn, bytes) -> shown.add(String.format(Locale.ROOT, "turn %d: %.1f KB", turn, bytes / 1024.0)));
        System.out.printf(Locale.ROOT, "Failover state size: %s; after 200 turns %d history entries, %.1f KB of JSON "
                + "deflated to %.1f KB, encoded in %.2f ms%n", String.join(", ", shown), restored.history().size(),
                json / 1024.0, state.size() / 1024.0, encodeMs);

        assertEquals(200, restored.history().size(), "the history window is full");
        assertTrue(state.size() <= MAX_STATE_BYTES, "state after 200 turns: " + state.size() + " bytes");
        assertTrue(size.get(200) <= size.get(100) * 1.2, "no growth once the window is full: " + size);
        assertTrue(size.get(100) > size.get(10), "the state does hold the call: " + size);
    }

    /** A request with a few of the words callers wrap around it, different for every turn (seeded: repeatable). */
    static String varied(int turn) {
        java.util.Random random = new java.util.Random(turn);
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(3); i >= 0; i--) {
            text.append(AROUND.get(random.nextInt(AROUND.size()))).append(' ');
        }
        text.append(SAID.get(random.nextInt(SAID.size())));
        for (int i = random.nextInt(3); i > 0; i--) {
            text.append(' ').append(AROUND.get(random.nextInt(AROUND.size())));
        }
        return text.toString();
    }

    static UserTurn spoken(long turnId, String text) {
        UserTurn.Builder turn = UserTurn.newBuilder().setTurnId(turnId).setText(text).setConfidence(0.88f);
        for (String word : text.split(" ")) {
            turn.addWords(WordConfidence.newBuilder().setText(word).setConfidence(0.8f + (word.length() % 5) / 50f));
        }
        return turn.build();
    }
}
