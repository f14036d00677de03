package dev.parley.e2e.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stand-in speaks OpenAI's documented chat-completions stream, which dialogue-service's openai provider reads. */
class StandInLlmTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void streamsTheAnswerWordByWordAsServerSentEventsEndingInDone() throws Exception {
        try (StandInLlm llm = new StandInLlm(0, 10, 200)) {
            String body = "{\"model\":\"stand-in\",\"stream\":true,\"messages\":[{\"role\":\"system\",\"content\":\"x\"},"
                    + "{\"role\":\"user\",\"content\":\"what are your opening hours\"}]}";
            HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + llm.port() + "/v1/chat/completions"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            List<String> events = response.body().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6))
                    .toList();
            assertEquals("[DONE]", events.get(events.size() - 1));
            StringBuilder text = new StringBuilder();
            String finish = null;
            for (String e : events.subList(0, events.size() - 1)) {
                JsonNode choice = JSON.readTree(e).path("choices").get(0);
                text.append(choice.path("delta").path("content").asText(""));
                if (!choice.path("finish_reason").isNull()) {
                    finish = choice.path("finish_reason").asText();
                }
            }
            assertEquals(StandInLlm.SHORT_ANSWER, text.toString());
            assertEquals("stop", finish);
            assertTrue(events.size() > StandInLlm.SHORT_ANSWER.split(" ").length, "one event per word at least");
            assertEquals(1, llm.streams());
        }
    }

    @Test
    void aQuestionAboutShippingOrReturnsGetsTheLongAnswer() {
        assertEquals(StandInLlm.LONG_ANSWER, StandInLlm.answerTo("Tell me about shipping and returns"));
        assertEquals(StandInLlm.SHORT_ANSWER, StandInLlm.answerTo("when do you open"));
    }
}
