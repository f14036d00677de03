package dev.parley.dialogue.llm;

import dev.parley.dialogue.llm.http.SseDecoder;
import dev.parley.dialogue.llm.http.SseEvent;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SseDecoderTest {

    @Test
    void decodesEventsSplitAnywhereIncludingInsideAUtf8Character() {
        byte[] wire = ("event: content_block_delta\r\ndata: {\"text\":\"caf\u00e9\"}\r\n\r\n"
                + ": keep-alive\n\ndata: line one\ndata: line two\n\n").getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < wire.length; cut++) {
            SseDecoder decoder = new SseDecoder();
            List<SseEvent> events = new ArrayList<>();
            events.addAll(decoder.feed(List.of(ByteBuffer.wrap(wire, 0, cut))));
            events.addAll(decoder.feed(List.of(ByteBuffer.wrap(wire, cut, wire.length - cut))));
            assertEquals(List.of(new SseEvent("content_block_delta", "{\"text\":\"caf\u00e9\"}"),
                    new SseEvent(null, "line one\nline two")), events, "cut at byte " + cut);
        }
    }
}
