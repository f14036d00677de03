package dev.parley.gateway.tracing;

import dev.parley.tracing.CallAttributes;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** A span list as an indented tree, for test output a person can read. */
final class SpanTree {
    private SpanTree() {
    }

    static String render(List<SpanData> spans) {
        StringBuilder out = new StringBuilder();
        spans.stream().filter(s -> !s.getParentSpanContext().isValid())
                .forEach(root -> render(spans, root, "", out));
        return out.toString();
    }

    private static void render(List<SpanData> spans, SpanData span, String indent, StringBuilder out) {
        Long turn = span.getAttributes().get(CallAttributes.TURN_ID);
        out.append(indent).append(span.getName()).append(turn == null ? "" : " " + turn).append('\n');
        List<SpanData> children = spans.stream().filter(s -> s.getParentSpanId().equals(span.getSpanId()))
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).collect(Collectors.toList());
        children.forEach(child -> render(spans, child, indent + "  ", out));
    }
}
