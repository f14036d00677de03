package dev.parley.dialogue.session;

import com.google.protobuf.ByteString;
import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.Dtmf;
import dev.parley.contracts.dialogue.v1.UserTurn;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantDirectory;
import dev.parley.dialogue.tracing.DialogueTracing;
import io.grpc.Status;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One Converse stream as the gateway drives it, on a {@link CallSession} of its own: several of them on different
 * directories (each loading its tenants itself) stand for the instances a call moves between.
 */
final class GatewayStream {

    final AssertSubscriber<DialogueResponse> gateway;
    private CallSession session;

    GatewayStream(TenantDirectory tenants, DialogueMetrics metrics) {
        gateway = Multi.createFrom().<DialogueResponse>emitter(out -> {
            session = new CallSession(out, tenants, metrics, new DialogueTracing(OpenTelemetry.noop()));
            out.onTermination(session::close);
        }).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    /** An instance's tenants. */
    static TenantDirectory directory(Tenant... tenants) {
        Map<String, Tenant> byId = Arrays.stream(tenants).collect(Collectors.toMap(Tenant::id, Function.identity()));
        return new TenantDirectory() {
            @Override
            public Optional<Tenant> find(String id) {
                return Optional.ofNullable(byId.get(id));
            }

            @Override
            public Optional<String> failure(String id) {
                return Optional.empty();
            }
        };
    }

    GatewayStream start(String tenant, String callId) {
        return send(DialogueRequest.newBuilder().setStart(CallStart.newBuilder().setTenantId(tenant)
                .setCallId(callId).setFrom("+15550001111").setTo("+15550100100")).build());
    }

    GatewayStream resume(String tenant, String callId, ByteString state) {
        return send(DialogueRequest.newBuilder().setStart(CallStart.newBuilder().setTenantId(tenant)
                .setCallId(callId).setFrom("+15550001111").setTo("+15550100100").setResumeState(state)).build());
    }

    GatewayStream send(DialogueRequest request) {
        session.onRequest(request);
        return this;
    }

    List<DialogueResponse> say(long turnId, String text) {
        return say(UserTurn.newBuilder().setTurnId(turnId).setText(text).build());
    }

    List<DialogueResponse> say(UserTurn turn) {
        send(DialogueRequest.newBuilder().setUserTurn(turn).build());
        return turn(turn.getTurnId());
    }

    List<DialogueResponse> keys(long turnId, String digits) {
        send(DialogueRequest.newBuilder().setDtmf(Dtmf.newBuilder().setTurnId(turnId).setDigits(digits)).build());
        return turn(turnId);
    }

    /** Everything of a turn, once its done is there. */
    List<DialogueResponse> turn(long turnId) {
        eventually(() -> ofTurn(turnId).stream().anyMatch(DialogueResponse::hasDone));
        return ofTurn(turnId);
    }

    List<DialogueResponse> ofTurn(long turnId) {
        return gateway.getItems().stream().filter(r -> r.getTurnId() == turnId).toList();
    }

    /** The state of the newest done, as the gateway keeps it. */
    ByteString lastState() {
        List<DialogueResponse> items = gateway.getItems();
        for (int i = items.size() - 1; i >= 0; i--) {
            if (items.get(i).hasDone()) {
                return items.get(i).getDone().getState();
            }
        }
        throw new AssertionError("no done yet");
    }

    Status failure() {
        gateway.awaitFailure(Duration.ofSeconds(10));
        return Status.fromThrowable(gateway.getFailure());
    }

    void hangUp() {
        session.onCallerDone();
    }

    static ByteString state(List<DialogueResponse> turn) {
        return turn.get(turn.size() - 1).getDone().getState();
    }

    static String text(List<DialogueResponse> turn) {
        StringBuilder sb = new StringBuilder();
        turn.stream().filter(DialogueResponse::hasTextDelta).forEach(r -> sb.append(r.getTextDelta()));
        return sb.toString();
    }

    /** The turn as the caller gets it: its text, actions and done, without the state. */
    static List<DialogueResponse> withoutState(List<DialogueResponse> turn) {
        return turn.stream().map(r -> r.hasDone()
                ? r.toBuilder().setDone(r.getDone().toBuilder().clearState()).build() : r).toList();
    }

    private static void eventually(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "gave up waiting");
            LockSupport.parkNanos(1_000_000);
        }
    }
}
