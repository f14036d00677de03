package dev.parley.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;

/**
 * An event of one call, published to Kafka keyed by {@link #callId()} so a call's events stay ordered.
 * Serialized as flat JSON whose {@code type} property names the record (see {@link EventCodec}).
 * A change that removes or retypes a field bumps {@link #SCHEMA_VERSION}; adding a field does not.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type", visible = false)
@JsonSubTypes({
        @JsonSubTypes.Type(value = CallStarted.class, name = CallStarted.TYPE),
        @JsonSubTypes.Type(value = CallEnded.class, name = CallEnded.TYPE),
        @JsonSubTypes.Type(value = UserTurnEvent.class, name = UserTurnEvent.TYPE),
        @JsonSubTypes.Type(value = AgentTurnEvent.class, name = AgentTurnEvent.TYPE),
        @JsonSubTypes.Type(value = TurnLatency.class, name = TurnLatency.TYPE),
        @JsonSubTypes.Type(value = BargeIn.class, name = BargeIn.TYPE),
        @JsonSubTypes.Type(value = ToolInvoked.class, name = ToolInvoked.TYPE),
        @JsonSubTypes.Type(value = TransferRequested.class, name = TransferRequested.TYPE),
        @JsonSubTypes.Type(value = TransferNotReached.class, name = TransferNotReached.TYPE),
        @JsonSubTypes.Type(value = SpeechRecognized.class, name = SpeechRecognized.TYPE),
        @JsonSubTypes.Type(value = SpeechSynthesized.class, name = SpeechSynthesized.TYPE),
        @JsonSubTypes.Type(value = EngineFallback.class, name = EngineFallback.TYPE),
        @JsonSubTypes.Type(value = BackendFailover.class, name = BackendFailover.TYPE),
        @JsonSubTypes.Type(value = CallAnalyzed.class, name = CallAnalyzed.TYPE),
        @JsonSubTypes.Type(value = OutboundCall.class, name = OutboundCall.TYPE),
})
public sealed interface CallEvent permits CallStarted, CallEnded, UserTurnEvent, AgentTurnEvent, TurnLatency,
        BargeIn, ToolInvoked, TransferRequested, TransferNotReached, SpeechRecognized, SpeechSynthesized, EngineFallback,
        BackendFailover, CallAnalyzed, OutboundCall {

    int SCHEMA_VERSION = 1;

    String tenantId();

    String callId();

    /** When it happened (not when it was published). */
    Instant timestamp();

    @JsonProperty("schemaVersion")
    default int schemaVersion() {
        return SCHEMA_VERSION;
    }

    /** The {@code type} written on the wire and in the {@code event-type} header. */
    default String type() {
        return EventTypes.typeOf(this);
    }
}
