package dev.parley.e2e.tracing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The spans of one call's trace as a tree: the root {@code call} span and everything under it. */
public final class CallTraceTree {
    private final ReceivedSpan root;
    private final List<ReceivedSpan> spans;

    private CallTraceTree(ReceivedSpan root, List<ReceivedSpan> spans) {
        this.root = root;
        this.spans = spans;
    }

    /** The trace whose root {@code call} span has {@code callId}, if that span has arrived. */
    public static Optional<CallTraceTree> of(List<ReceivedSpan> received, String callId) {
        return received.stream()
                .filter(s -> s.name().equals("call") && callId.equals(s.tag("parley.call.id")))
                .findFirst()
                .map(root -> new CallTraceTree(root, received.stream()
                        .filter(s -> s.traceId().equals(root.traceId())).collect(Collectors.toList())));
    }

    public ReceivedSpan root() {
        return root;
    }

    public List<ReceivedSpan> spans() {
        return spans;
    }

    public List<ReceivedSpan> named(String name) {
        return spans.stream().filter(s -> s.name().equals(name)).collect(Collectors.toList());
    }

    public List<ReceivedSpan> children(ReceivedSpan parent) {
        return spans.stream().filter(s -> parent.id().equals(s.parentId()))
                .sorted(Comparator.comparingLong(ReceivedSpan::timestampMicros)).collect(Collectors.toList());
    }

    public List<ReceivedSpan> children(ReceivedSpan parent, String name) {
        return children(parent).stream().filter(s -> s.name().equals(name)).collect(Collectors.toList());
    }

    public List<ReceivedSpan> descendants(ReceivedSpan parent) {
        List<ReceivedSpan> all = new ArrayList<>();
        for (ReceivedSpan child : children(parent)) {
            all.add(child);
            all.addAll(descendants(child));
        }
        return all;
    }

    /** Spans whose parent is not in the trace (lost, or not yet exported). */
    public List<ReceivedSpan> orphans() {
        return spans.stream().filter(s -> s != root && spans.stream().noneMatch(p -> p.id().equals(s.parentId())))
                .collect(Collectors.toList());
    }

    /** One line per span, indented under its parent: name, service, start offset and duration in ms, key tags. */
    public String render() {
        StringBuilder out = new StringBuilder("trace ").append(root.traceId()).append('\n');
        render(root, "", out);
        return out.toString();
    }

    private void render(ReceivedSpan span, String indent, StringBuilder out) {
        out.append(String.format("%-44s %-17s +%6.0f ms %7.1f ms%s%n", indent + span.name()
                        + (span.tag("parley.turn.id") != null && span.name().equals("turn")
                        ? " " + span.tag("parley.turn.id") : ""),
                span.service(), (span.timestampMicros() - root.timestampMicros()) / 1000.0,
                span.durationMicros() / 1000.0, notable(span)));
        for (ReceivedSpan child : children(span)) {
            render(child, indent + "  ", out);
        }
    }

    private static String notable(ReceivedSpan span) {
        StringBuilder tags = new StringBuilder();
        for (String key : List.of("parley.turn.source", "parley.turn.interrupted", "parley.turn.brain",
                "parley.turn.endpointing_ms", "parley.stt.engine", "parley.tts.engine", "gen_ai.tool.name")) {
            if (span.tag(key) != null) {
                tags.append("  ").append(key.substring(key.lastIndexOf('.') + 1)).append('=').append(span.tag(key));
            }
        }
        return tags.toString();
    }
}
