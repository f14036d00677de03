package dev.parley.dialogue.support;

import java.util.ArrayList;
import java.util.List;

/** Messages-API stream events exactly as Anthropic documents them (`event: name` + `data: {json}` + blank line). */
public final class AnthropicWire {

    private AnthropicWire() {
    }

    public static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    public static String messageStart() {
        return event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-haiku\",\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}");
    }

    public static String textStart(int index) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    }

    public static String text(int index, String text) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"text_delta\",\"text\":" + OpenAiWire.quote(text) + "}}");
    }

    public static String blockStop(int index) {
        return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    public static String toolStart(int index, String id, String name) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name
                + "\",\"input\":{}}}");
    }

    public static String inputJson(int index, String partial) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + OpenAiWire.quote(partial) + "}}");
    }

    public static String ping() {
        return event("ping", "{\"type\": \"ping\"}");
    }

    public static String messageDelta(String stopReason) {
        return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}");
    }

    public static String messageStop() {
        return event("message_stop", "{\"type\":\"message_stop\"}");
    }

    public static String error(String type, String message) {
        return event("error", "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\""
                + message + "\"}}");
    }

    public static List<String> answer(String text) {
        List<String> out = new ArrayList<>(List.of(messageStart(), textStart(0), ping()));
        for (String w : text.split("(?<= )")) {
            out.add(text(0, w));
        }
        out.addAll(List.of(blockStop(0), messageDelta("end_turn"), messageStop()));
        return out;
    }
}
