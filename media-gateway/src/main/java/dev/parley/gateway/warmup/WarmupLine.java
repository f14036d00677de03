package dev.parley.gateway.warmup;

import dev.parley.gateway.transport.CallTransport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The phone line of the warm-up call: nobody listens. It tells when the agent's first audio arrived, or that the call
 * ended first, and counts the frames sent.
 */
final class WarmupLine implements CallTransport {
    /** Completes with null on the first agent frame, or with the end reason if the call ended before any. */
    private final CompletableFuture<String> firstAudioOrEnd = new CompletableFuture<>();
    private final AtomicInteger frames = new AtomicInteger();

    CompletableFuture<String> firstAudioOrEnd() {
        return firstAudioOrEnd;
    }

    int frames() {
        return frames.get();
    }

    @Override
    public String name() {
        return "warm-up";
    }

    @Override
    public void sendAudio(byte[] ulawFrame) {
        frames.incrementAndGet();
        firstAudioOrEnd.complete(null);
    }

    @Override
    public void sendMark(String name) {
    }

    @Override
    public void clear() {
    }

    @Override
    public void hangUp(String reason) {
        firstAudioOrEnd.complete(reason);
    }
}
