package dev.parley.tracing;

import dev.parley.contracts.trace.v1.TraceContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;

/**
 * Starts the span of a stage a service runs for a call's turn on the gateway's request (STT final, brain, TTS): a
 * child of the turn span named by the request's {@link TraceContext}, with the call's attributes and the RPC
 * attributes of the OpenTelemetry semantic conventions for the gRPC stream the request came on.
 */
public final class StageSpans {
    static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");

    private StageSpans() {
    }

    /**
     * @param rpcService the full gRPC service name, e.g. {@code parley.stt.v1.SpeechToText}
     * @param turnId     the turn, or a negative number when the request does not say
     */
    public static Span start(Tracer tracer, String name, TraceContext parent, String rpcService, String rpcMethod,
                             String tenantId, String callId, long turnId) {
        var builder = tracer.spanBuilder(name)
                .setParent(TraceContexts.parentOf(parent))
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(RPC_SYSTEM, "grpc")
                .setAttribute(RPC_SERVICE, rpcService)
                .setAttribute(RPC_METHOD, rpcMethod)
                .setAttribute(CallAttributes.TENANT_ID, tenantId)
                .setAttribute(CallAttributes.CALL_ID, callId);
        if (turnId >= 0) {
            builder.setAttribute(CallAttributes.TURN_ID, turnId);
        }
        return builder.startSpan();
    }
}
