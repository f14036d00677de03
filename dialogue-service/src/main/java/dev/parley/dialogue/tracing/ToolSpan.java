package dev.parley.dialogue.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * One tool run, as the OpenTelemetry GenAI semantic conventions name it: span {@code execute_tool <tool>} with
 * {@code gen_ai.operation.name} and {@code gen_ai.tool.name}; a failure sets {@code error.type} and an error status.
 */
public final class ToolSpan {
    static final String NAME_PREFIX = "execute_tool ";
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

    private final Span span;

    ToolSpan(Span span) {
        this.span = span;
    }

    /** Makes the tool span current, e.g. while publishing the tool's event, so its Kafka record names the span. */
    public Scope makeCurrent() {
        return span.makeCurrent();
    }

    public void succeeded() {
        span.end();
    }

    /**
     * @param message the error's message as the tenant's redaction leaves it: recorded instead of the exception's own
     *                (and its stack trace, whose first line repeats it), which may quote the arguments the tool got
     */
    public void failed(Throwable error, String message) {
        span.addEvent("exception", Attributes.of(EXCEPTION_TYPE, error.getClass().getName(), EXCEPTION_MESSAGE,
                        message == null ? "" : message))
                .setAttribute(ERROR_TYPE, error.getClass().getName())
                .setStatus(StatusCode.ERROR).end();
    }

    /** The turn was cancelled (barge-in) while the tool ran. */
    public void cancelled() {
        span.setAttribute(ERROR_TYPE, "cancelled").end();
    }
}
