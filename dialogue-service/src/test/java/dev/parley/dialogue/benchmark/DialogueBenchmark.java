package dev.parley.dialogue.benchmark;

import dev.parley.dialogue.brain.Brain;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.embedding.Embedder;
import dev.parley.dialogue.knowledge.KnowledgeBase;
import dev.parley.dialogue.knowledge.KnowledgeChunk;
import dev.parley.dialogue.llm.LlmBrain;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.ClinicWebhook;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.OpenAiWire;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.ReplayServer;
import dev.parley.dialogue.support.SharedEmbedder;
import dev.parley.dialogue.support.Tenants;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prints latency figures of the dialogue brains; excluded from the default build (tag "benchmark"). Run with
 * {@code mvn -q test -Dparley.excluded.tests=quarkus -Dgroups=benchmark -Dtest=DialogueBenchmark}. Timings vary
 * run to run (about 2x on a busy 2-core machine), so this prints and never asserts them.
 */
@Tag("benchmark")
class DialogueBenchmark {

    static final int WARMUP = Integer.getInteger("bench.warmup", 20);
    static final int RUNS = 200;
    static final long PROVIDER_FIRST_TOKEN_MS = 20;
    static final String[] ANIMALS = {"penguins", "giraffes", "octopuses", "owls", "llamas", "otters", "pandas"};

    @Test
    void flowBrainTimeToFirstText() {
        Brain acme = Tenants.load("acme", new RecordingEventPublisher()).brain();
        String[] turns = {"where is my order", "what are your opening hours", "how do returns work",
            "can I talk to a person", "one two three four", "do you accept paypal", "thank you"};
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < WARMUP + RUNS; i++) {
            Conversation call = new Conversation("acme", "bench-" + i, Map.of());
            long start = System.nanoTime();
            BrainOutput first = acme.respond(call, TurnInput.speech(1, turns[i % turns.length]))
                    .select().first(o -> o instanceof BrainOutput.Text).toUni().await().atMost(Duration.ofSeconds(10));
            assertTrue(first instanceof BrainOutput.Text);
            if (i >= WARMUP) {
                nanos.add(System.nanoTime() - start);
            }
        }
        print("flow brain: user turn -> first text", nanos);
    }

    /** When the replayed provider received a request, and when it wrote its first content token. */
    static final class ProviderClock {
        final AtomicLong requestReceived = new AtomicLong();
        final AtomicLong firstTokenWritten = new AtomicLong();

        /** Queues one answer that streams its first token {@link #PROVIDER_FIRST_TOKEN_MS} after the request. */
        void answerNext(ReplayServer server) {
            server.then((exchange, srv) -> {
                requestReceived.set(System.nanoTime());
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                // A provider sends its headers at once and its first token once it has read the prompt (tens to
                // hundreds of ms); replayed with 20 ms, so the figure is what the brain adds after the token
                // rather than its handling of the response headers.
                Thread.sleep(PROVIDER_FIRST_TOKEN_MS);
                List<String> pieces = OpenAiWire.answer("Sure. Your question number is being answered now.");
                for (int p = 0; p < pieces.size(); p++) {
                    if (p == 1) {
                        // Piece 0 is the role-only chunk OpenAI sends ahead of any content: the first token is the
                        // first content chunk.
                        firstTokenWritten.set(System.nanoTime());
                    }
                    out.write(pieces.get(p).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            });
        }
    }

    /**
     * When the brain emitted the turn's first text: timed where the gRPC layer takes it, not when this test thread
     * wakes from await() (that wake-up, and select().first() cancelling the turn before handing the item over, cost
     * ~1.3 ms of test harness on this machine, which no caller waits for).
     */
    static long firstTextAt(Brain brain, Conversation call, TurnInput turn) {
        AtomicLong firstTextOut = new AtomicLong();
        brain.respond(call, turn)
                .invoke(o -> {
                    if (o instanceof BrainOutput.Text) {
                        firstTextOut.compareAndSet(0, System.nanoTime());
                    }
                })
                .select().first(o -> o instanceof BrainOutput.Text).toUni().await().atMost(Duration.ofSeconds(10));
        return firstTextOut.get();
    }

    /** Prints the time to the provider's request and the brain's overhead after the provider's first token. */
    static void streamFigures(String brainName, ReplayServer server, Brain brain, String tenant,
                              IntFunction<String> question) {
        ProviderClock provider = new ProviderClock();
        List<Long> overhead = new ArrayList<>();
        List<Long> beforeRequest = new ArrayList<>();
        for (int i = 0; i < WARMUP + RUNS; i++) {
            provider.answerNext(server);
            Conversation call = new Conversation(tenant, "llm-" + i, Map.of());
            long start = System.nanoTime();
            long firstText = firstTextAt(brain, call, TurnInput.speech(1, question.apply(i)));
            assertTrue(provider.requestReceived.get() > start, "'" + question.apply(i) + "' never reached the LLM");
            if (i >= WARMUP) {
                overhead.add(firstText - provider.firstTokenWritten.get());
                beforeRequest.add(provider.requestReceived.get() - start);
            }
        }
        print(brainName + ": user turn -> request at provider", beforeRequest);
        print(brainName + ": provider's first token written -> first text out", overhead);
    }

    @Test
    void llmStreamOverheadAndCacheHits() throws Exception {
        try (ReplayServer server = new ReplayServer()) {
            // Without a cache for the stream figures: similar benchmark questions must all reach the provider.
            Brain acme = LlmTenants.load("acme", LlmTenants.brainYaml("openai", server.baseUrl() + "/v1",
                    "  cache:\n    enabled: false\n"), new RecordingEventPublisher()).brain();
            Brain cached = LlmTenants.load("acme", LlmTenants.brainYaml("openai", server.baseUrl() + "/v1", ""),
                    new RecordingEventPublisher()).brain();
            streamFigures("llm brain (embed + retrieve + context + HTTP)", server, acme, "acme",
                    i -> "question " + i + " about item " + (i * 7919) + " please");

            server.then(ReplayServer.stream(OpenAiWire.answer("You can return any item within 30 days.")));
            Answer.say(cached, new Conversation("acme", "seed", Map.of()), 1, "how do returns work here");
            List<Long> hits = new ArrayList<>();
            for (int i = 0; i < WARMUP + RUNS; i++) {
                long start = System.nanoTime();
                Answer a = Answer.say(cached, new Conversation("acme", "hit-" + i, Map.of()), 1,
                        "How do returns work here?");
                assertEquals(LlmBrain.CACHE, a.brain());
                if (i >= WARMUP) {
                    hits.add(System.nanoTime() - start);
                }
            }
            print("semantic cache hit: user turn -> whole answer (includes the embedding)", hits);
        }
    }

    @Test
    void flowHandingAnOffScriptTurnToTheLlm() throws Exception {
        try (ReplayServer server = new ReplayServer()) {
            Path dir = Tenants.copy("acme");
            Files.writeString(dir.resolve("flow.yaml"), "llm:\n  instructions: \"Only talk about Acme orders.\"\n",
                    StandardOpenOption.APPEND);
            Files.writeString(dir.resolve("brain.yaml"), LlmTenants.brainYaml("[flow]", "openai",
                    server.baseUrl() + "/v1", "  cache:\n    enabled: false\n"));
            Brain acme = Tenants.load(dir, new RecordingEventPublisher(), Map.of(LlmTenants.KEY_ENV, LlmTenants.KEY))
                    .brain();
            streamFigures("flow -> llm hand-off (embed once + match + context + HTTP)", server, acme, "acme",
                    // No numbers: a four-digit one would start the order intent instead.
                    i -> "tell me a joke about " + ANIMALS[i % ANIMALS.length]);
        }
    }

    @Test
    void bookingThroughTheSignedWebhook() throws Exception {
        try (ClinicWebhook clinic = new ClinicWebhook()) {
            Brain dental = Tenants.load("brightsmile", new RecordingEventPublisher(), clinic.env()).brain();
            List<Long> nanos = new ArrayList<>();
            for (int i = 0; i < WARMUP + RUNS; i++) {
                long start = System.nanoTime();
                String said = Answer.say(dental, new Conversation("brightsmile", "book-" + i, Map.of()), 1,
                        "book me in for a check up, patient number 482913").text();
                assertTrue(said.startsWith("Wonderful, Maria!"), said);
                if (i >= WARMUP) {
                    nanos.add(System.nanoTime() - start);
                }
            }
            print("flow brain + webhook tool (sign, POST to a local clinic, parse): user turn -> whole answer", nanos);
        }
    }

    @Test
    void retrievalOverAThousandChunks() {
        Embedder embedder = SharedEmbedder.get();
        String[] things = {"order", "invoice", "parcel", "refund", "account", "password", "gift card", "coupon",
            "subscription", "warranty"};
        String[] actions = {"change", "cancel", "track", "find", "update", "pay for", "return", "reset", "renew",
            "transfer"};
        String[] places = {"online", "in the app", "by phone", "in store", "abroad", "at the weekend", "today",
            "for a business", "for a friend", "after moving"};
        List<KnowledgeChunk> chunks = new ArrayList<>();
        for (String t : things) {
            for (String a : actions) {
                for (String p : places) {
                    chunks.add(new KnowledgeChunk("bench.md", "How do I " + a + " my " + t + " " + p + "?",
                            "To " + a + " your " + t + " " + p + ", open your account page and follow the steps."));
                }
            }
        }
        long buildStart = System.nanoTime();
        KnowledgeBase kb = KnowledgeBase.of(chunks, embedder);
        System.out.printf("BENCH knowledge base: embedded %d chunks in %d ms%n", kb.size(),
                (System.nanoTime() - buildStart) / 1_000_000);
        List<Long> search = new ArrayList<>();
        List<Long> embedAndSearch = new ArrayList<>();
        for (int i = 0; i < WARMUP + RUNS; i++) {
            String question = "how can I " + actions[i % 10] + " my " + things[(i / 10) % 10] + " " + places[i % 7];
            long start = System.nanoTime();
            float[] v = embedder.embed(question);
            long embedded = System.nanoTime();
            assertEquals(3, kb.top(v, 3, 0.0).size());
            if (i >= WARMUP) {
                search.add(System.nanoTime() - embedded);
                embedAndSearch.add(System.nanoTime() - start);
            }
        }
        print("retrieval over 1000 chunks: top-3 search", search);
        print("retrieval over 1000 chunks: embed question + top-3 search", embedAndSearch);
    }

    static void print(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(Long::compare);
        System.out.printf("BENCH %s: p50 %.2f ms, p95 %.2f ms, max %.2f ms (n=%d)%n", what,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.95)) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6, sorted.size());
    }
}
