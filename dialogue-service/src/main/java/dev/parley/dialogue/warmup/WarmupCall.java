package dev.parley.dialogue.warmup;

import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.UserTurn;
import dev.parley.dialogue.session.CallSession;
import dev.parley.dialogue.session.DialogueMetrics;
import dev.parley.dialogue.tenant.TenantDirectory;
import dev.parley.dialogue.tracing.DialogueTracing;
import io.smallrye.mutiny.Multi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One warm-up call: a {@link CallSession} fed the same protobuf messages the gRPC stream would carry (start, then
 * user turns), answered by the tenant's real brain. Its meters go to a throwaway registry and its spans nowhere, so
 * no dashboard or trace shows a call that never happened; the session is closed at the end, leaving nothing behind.
 */
final class WarmupCall {
    private final TenantDirectory tenants;

    WarmupCall(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    /** Plays the script; returns what the agent said, the greeting first, one entry per turn. */
    List<String> play(TenantScript script, String callId, long deadlineNanos)
            throws InterruptedException, TimeoutException {
        LinkedBlockingQueue<DialogueResponse> answers = new LinkedBlockingQueue<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        AtomicReference<CallSession> session = new AtomicReference<>();
        DialogueMetrics metrics = DialogueMetrics.unrecorded();
        Multi.createFrom().<DialogueResponse>emitter(out -> {
            CallSession s = new CallSession(out, tenants, metrics, DialogueTracing.NONE);
            out.onTermination(s::close);
            session.set(s);
        }).subscribe().with(answers::add, failed::set);
        try {
            List<String> said = new ArrayList<>();
            session.get().onRequest(DialogueRequest.newBuilder().setStart(CallStart.newBuilder()
                    .setTenantId(script.tenantId()).setCallId(callId).setFrom("warmup").setTo("warmup")).build());
            said.add(awaitDone(answers, failed, 0, deadlineNanos));
            long turnId = 0;
            for (String text : script.turns()) {
                turnId++;
                session.get().onRequest(DialogueRequest.newBuilder().setUserTurn(UserTurn.newBuilder()
                        .setTurnId(turnId).setText(text).setConfidence(0.95f)).build());
                said.add(awaitDone(answers, failed, turnId, deadlineNanos));
            }
            return said;
        } finally {
            session.get().onCallerDone();
        }
    }

    private static String awaitDone(LinkedBlockingQueue<DialogueResponse> answers, AtomicReference<Throwable> failed,
                                    long turnId, long deadlineNanos) throws InterruptedException, TimeoutException {
        StringBuilder text = new StringBuilder();
        while (true) {
            DialogueResponse r = answers.poll(10, TimeUnit.MILLISECONDS);
            if (failed.get() != null) {
                throw new IllegalStateException("the warm-up call failed: " + failed.get().getMessage(), failed.get());
            }
            if (r == null) {
                if (System.nanoTime() > deadlineNanos) {
                    throw new TimeoutException("turn " + turnId + " not answered in time");
                }
                continue;
            }
            if (r.getTurnId() != turnId) {
                continue;
            }
            if (r.hasTextDelta()) {
                text.append(r.getTextDelta());
            } else if (r.hasDone()) {
                return text.toString();
            }
        }
    }
}
