package dev.parley.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Span attributes every service puts on the spans of a call, so a trace backend can find all spans of a tenant or a
 * call. Namespaced {@code parley.*} as the OpenTelemetry semantic conventions ask of attributes they do not define.
 */
public final class CallAttributes {
    public static final AttributeKey<String> TENANT_ID = AttributeKey.stringKey("parley.tenant.id");
    public static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("parley.call.id");
    /** The turn a span belongs to: 0 is the greeting, then one per caller turn (ids as on the wire and in events). */
    public static final AttributeKey<Long> TURN_ID = AttributeKey.longKey("parley.turn.id");

    private CallAttributes() {
    }
}
