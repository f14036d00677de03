package dev.parley.dialogue.llm.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental text/event-stream parser. Bytes are split into lines before decoding, so a UTF-8 character cut between
 * two network chunks is decoded whole. Comment lines (": ping") are skipped; a blank line dispatches the event.
 */
public final class SseDecoder {

    /** A provider line is a JSON chunk of a few hundred bytes; a megabyte means the stream is not SSE at all. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private String event;
    private StringBuilder data;

    public List<SseEvent> feed(List<ByteBuffer> buffers) {
        List<SseEvent> out = new ArrayList<>();
        for (ByteBuffer buffer : buffers) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    onLine(out);
                } else {
                    if (line.size() >= MAX_LINE_BYTES) {
                        throw new IllegalStateException("server-sent event line longer than " + MAX_LINE_BYTES);
                    }
                    line.write(b);
                }
            }
        }
        return out;
    }

    private void onLine(List<SseEvent> out) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            if (data != null) {
                out.add(new SseEvent(event, data.toString()));
            }
            event = null;
            data = null;
            return;
        }
        if (text.startsWith(":")) {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if ("event".equals(field)) {
            event = value;
        } else if ("data".equals(field)) {
            if (data == null) {
                data = new StringBuilder(value);
            } else {
                data.append('\n').append(value);
            }
        }
    }
}
