package dev.parley.gateway.recording;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Where a recording is bleeped, collected on the call's context while the call runs. PII is known only after its
 * audio was placed (the recognizer's words come with a final transcript, an agent phrase is known to carry digits
 * once its turn's text is whole), so the intervals are kept here and toned out in the file when the call ends.
 * <ul>
 * <li>Caller: the recognizer counts the caller's audio as the gateway received it. Where each piece was placed is
 * kept as anchors, one per jump in placement (a stream that paused, late audio moved up), so a count of caller
 * samples maps onto recording frames.
 * <li>Agent: frames of the phrases the session numbers are kept as runs where they will play, minus what a clear took
 * back; the runs of a phrase found to carry PII become bleeps.
 * </ul>
 * Primitive lists that grow by doubling: nothing is allocated per frame. Used from the call's context only.
 */
final class RecordingRedaction {
    static final int CALLER = 0;
    static final int AGENT = 1;

    private final int padFrames;
    private final Longs anchorSample = new Longs();
    private final Longs anchorFrame = new Longs();
    private long expectedFrame = -1;
    private final Longs runPhrase = new Longs();
    private final Longs runFrom = new Longs();
    private final Longs runTo = new Longs();
    private final BitSet redactedPhrases = new BitSet();
    private final Longs bleepChannel = new Longs();
    private final Longs bleepFrom = new Longs();
    private final Longs bleepTo = new Longs();

    /** @param padFrames added on each side of a caller interval: recognizer word times are approximate */
    RecordingRedaction(int padFrames) {
        this.padFrames = padFrames;
    }

    /** {@code n} caller samples, the first being caller sample {@code sample} of the call, placed at {@code frame}. */
    void callerPlaced(long sample, long frame, int n) {
        if (frame != expectedFrame) {
            anchorSample.add(sample);
            anchorFrame.add(frame);
        }
        expectedFrame = frame + n;
    }

    /** Caller samples {@code [from, to)} (8 kHz, counted as received) carry PII. */
    void redactCaller(long fromSample, long toSample) {
        if (anchorSample.size() == 0 || toSample <= fromSample) {
            return;
        }
        add(CALLER, Math.max(0, callerFrame(fromSample) - padFrames), callerFrame(toSample) + padFrames);
    }

    /** The recording frame where caller sample {@code sample} was (or would have been) placed. */
    long callerFrame(long sample) {
        int lo = 0;
        int hi = anchorSample.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (anchorSample.get(mid) <= sample) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return anchorFrame.get(lo) + sample - anchorSample.get(lo);
    }

    /** {@code n} frames of agent phrase {@code phrase} (0: not a tracked phrase) placed at {@code frame}. */
    void agentPlaced(int phrase, long frame, int n) {
        if (phrase == 0) {
            return;
        }
        int last = runPhrase.size() - 1;
        if (last >= 0 && runPhrase.get(last) == phrase && runTo.get(last) == frame) {
            runTo.set(last, frame + n);
            return;
        }
        runPhrase.add(phrase);
        runFrom.add(frame);
        runTo.add(frame + n);
    }

    /** The line dropped the agent audio from {@code frame} on: the caller never heard it, nothing to bleep there. */
    void cleared(long frame) {
        for (int i = runTo.size() - 1; i >= 0 && runTo.get(i) > frame; i--) {
            runTo.set(i, Math.max(runFrom.get(i), frame));
        }
    }

    void redactAgentPhrase(int phrase) {
        redactedPhrases.set(phrase);
    }

    /**
     * Phrases up to {@code phrase} are over (their turn ended): their runs become bleeps if they carry PII and are
     * forgotten either way, so the runs kept are the current turn's only.
     */
    void agentPhrasesSettled(int phrase) {
        int kept = 0;
        for (int i = 0; i < runPhrase.size(); i++) {
            int p = (int) runPhrase.get(i);
            if (p > phrase) {
                runPhrase.set(kept, p);
                runFrom.set(kept, runFrom.get(i));
                runTo.set(kept, runTo.get(i));
                kept++;
            } else if (redactedPhrases.get(p)) {
                add(AGENT, runFrom.get(i), runTo.get(i));
            }
        }
        runPhrase.truncate(kept);
        runFrom.truncate(kept);
        runTo.truncate(kept);
    }

    /** Every interval to tone out, overlapping ones of a track merged; computed once, as the call ends. */
    List<RecordingStore.Bleep> bleeps() {
        agentPhrasesSettled(Integer.MAX_VALUE);
        List<RecordingStore.Bleep> all = new ArrayList<>();
        for (int i = 0; i < bleepFrom.size(); i++) {
            if (bleepTo.get(i) > bleepFrom.get(i)) {
                all.add(new RecordingStore.Bleep((int) bleepChannel.get(i), bleepFrom.get(i), bleepTo.get(i)));
            }
        }
        all.sort(Comparator.comparingInt(RecordingStore.Bleep::channel).thenComparingLong(RecordingStore.Bleep::from));
        List<RecordingStore.Bleep> merged = new ArrayList<>();
        for (RecordingStore.Bleep b : all) {
            RecordingStore.Bleep last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last.channel() == b.channel() && b.from() <= last.to()) {
                merged.set(merged.size() - 1, new RecordingStore.Bleep(b.channel(), last.from(),
                        Math.max(last.to(), b.to())));
            } else {
                merged.add(b);
            }
        }
        return merged;
    }

    private void add(int channel, long from, long to) {
        bleepChannel.add(channel);
        bleepFrom.add(from);
        bleepTo.add(to);
    }
}
