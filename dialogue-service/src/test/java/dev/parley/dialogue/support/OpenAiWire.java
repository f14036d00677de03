package dev.parley.dialogue.support;

import java.util.ArrayList;
import java.util.List;

/** Chat-completion stream chunks exactly as the OpenAI-compatible servers send them (`data: {json}` + blank line). */
public final class OpenAiWire {

    private static final String HEAD = "{\"id\":\"chatcmpl-9x\",\"object\":\"chat.completion.chunk\",\"created\":1731000000,"
            + "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,";

    private OpenAiWire() {
    }

    public static String role() {
        return data(HEAD + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}");
    }

    public static String text(String content) {
        return data(HEAD + "\"delta\":{\"content\":" + quote(content) + "},\"logprobs\":null,\"finish_reason\":null}]}");
    }

    /** The first piece of a tool call: index, id, name, empty arguments. */
    public static String toolStart(int index, String id, String name) {
        return data(HEAD + "\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":" + index
                + ",\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name
                + "\",\"arguments\":\"\"}}]},\"logprobs\":null,\"finish_reason\":null}]}");
    }

    /** A later piece: a fragment of the arguments string. */
    public static String toolArgs(int index, String fragment) {
        return data(HEAD + "\"delta\":{\"tool_calls\":[{\"index\":" + index + ",\"function\":{\"arguments\":"
                + quote(fragment) + "}}]},\"logprobs\":null,\"finish_reason\":null}]}");
    }

    public static String finish(String reason) {
        return data(HEAD + "\"delta\":{},\"logprobs\":null,\"finish_reason\":\"" + reason + "\"}]}");
    }

    public static String done() {
        return "data: [DONE]\n\n";
    }

    /** A whole spoken answer, one chunk per word, as a model streams it. */
    public static List<String> answer(String text) {
        List<String> out = new ArrayList<>();
        out.add(role());
        String[] words = text.split("(?<= )");
        for (String w : words) {
            out.add(text(w));
        }
        out.add(finish("stop"));
        out.add(done());
        return out;
    }

    /** A tool call whose arguments arrive in the given fragments, then finish_reason tool_calls. */
    public static List<String> toolCall(String id, String name, String... argumentFragments) {
        List<String> out = new ArrayList<>();
        out.add(toolStart(0, id, name));
        for (String f : argumentFragments) {
            out.add(toolArgs(0, f));
        }
        out.add(finish("tool_calls"));
        out.add(done());
        return out;
    }

    static String data(String json) {
        return "data: " + json + "\n\n";
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
