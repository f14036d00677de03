package dev.parley.e2e.tracing;

import java.util.Map;

/** A span as Zipkin JSON v2 has it: ids in hex, times in microseconds, attributes as string tags. */
public record ReceivedSpan(String traceId, String id, String parentId, String name, String kind, String service,
                           long timestampMicros, long durationMicros, Map<String, String> tags) {

    public String tag(String key) {
        return tags.get(key);
    }
}
