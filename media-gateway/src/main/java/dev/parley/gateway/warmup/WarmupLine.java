package dev.parley.gateway.warmup;

import dev.parley.gateway.transport.CallTransport;

import java.util.concurrent.CompletableFuture;

/**
 * The phone line of the warm-up call: nobody listens. It tells when the agent's first audio arrived, or that the call
 * ended first.
 */
final class WarmupLine implements CallTransport {
    /** Completes with null on the first agent frame, or with the end reason if the call ended before any. */
    private final CompletableFuture<String> firstAudioOrEnd = new CompletableFuture<>();

    CompletableFuture<String> firstAudioOrEnd() {
        return firstAudioOrEnd;
    }

    @Override
    public String name() {
        return "warm-up";
    }

    @Override
    public void sendAudio(byte[] ulawFrame) {
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
