package dev.parley.gateway.warmup;

import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.session.CallSession;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.tenant.Tenant;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One call nobody made ({@link CallSessions#warmUp}): a tenant's greeting through the real session code and the real
 * dialogue and speech services, until its first audio reached the line and a little of it played; then the caller
 * "hangs up". A fresh gateway's first call otherwise paid ~170 ms more than later ones before its greeting was heard
 * (the session, dialogue and speech streams' first run), which the separate warm-ups above do not reach. A greeting
 * is the tenant's configured text (no brain calls an LLM to greet), so the call costs no tenant anything.
 */
final class WarmupCall {
    /** Whether the warm-up call's greeting reached the line, and what happened (when, or why not). */
    record Outcome(boolean greeted, String detail) {
    }

    /** How long the greeting plays before the hang-up: the playout's pacing and marks run a few times. */
    private static final long PLAY_MS = 300;

    private WarmupCall() {
    }

    static Outcome run(CallSessions sessions, Vertx vertx, Tenant tenant, long timeoutMs)
            throws InterruptedException {
        WarmupLine line = new WarmupLine();
        Context context = vertx.getOrCreateContext();
        AtomicReference<CallSession> session = new AtomicReference<>();
        CallInfo info = new CallInfo(tenant.id(), "warm-up-" + UUID.randomUUID(), "warm-up", "warm-up",
                tenant.voice());
        long started = System.nanoTime();
        context.runOnContext(v -> session.set(sessions.warmUp(info, line)));
        String endedFirst = line.firstAudioOrEnd()
                .completeOnTimeout("no greeting within " + timeoutMs + " ms", timeoutMs, TimeUnit.MILLISECONDS).join();
        long greetingMs = (System.nanoTime() - started) / 1_000_000;
        if (endedFirst == null) {
            Thread.sleep(PLAY_MS);
        }
        context.runOnContext(v -> {
            if (session.get() != null) {
                session.get().onCallerHangup();
            }
        });
        return endedFirst == null
                ? new Outcome(true, "warm-up call to " + tenant.id() + " greeted in " + greetingMs + " ms")
                : new Outcome(false, "warm-up call to " + tenant.id() + " not greeted (" + endedFirst
                        + "): the first call runs cold");
    }
}
