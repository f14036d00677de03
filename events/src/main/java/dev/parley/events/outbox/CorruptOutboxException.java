package dev.parley.events.outbox;

import java.io.IOException;

/** Records {@code [firstLostSeq, resumeSeq)} cannot be read back from disk; reading can go on at resumeSeq. */
public final class CorruptOutboxException extends IOException {
    private final long firstLostSeq;
    private final long resumeSeq;

    public CorruptOutboxException(String message, long firstLostSeq, long resumeSeq) {
        super(message);
        this.firstLostSeq = firstLostSeq;
        this.resumeSeq = resumeSeq;
    }

    public long firstLostSeq() {
        return firstLostSeq;
    }

    public long resumeSeq() {
        return resumeSeq;
    }
}
