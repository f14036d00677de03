package dev.parley.e2e.caller;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the phone did, tick by tick, as a caller would measure it: the level of every frame its microphone sent and
 * of every frame its loudspeaker played (or that it played nothing: the buffer ran dry), and when a {@code clear}
 * emptied the buffer. The measuring points of the turn-taking benchmark are read from here, never from the gateway:
 * caller speech is a microphone frame above {@link #SPEECH_DBFS}, agent audio is heard when a played frame is above
 * {@link #AUDIBLE_DBFS}. Written by the phone's clock thread, read by the benchmark.
 */
public final class EarLog {
    /** A played frame quieter than this is not heard (festival's lead-in silence, comfort noise). */
    public static final double AUDIBLE_DBFS = -55;
    /** Caller speech: the level {@link CallerVoice} trims utterances at; line noise is about -70 dBFS. */
    public static final double SPEECH_DBFS = -50;
    /** The level recorded for a tick in which the loudspeaker had nothing to play. */
    public static final float NOTHING_PLAYED = Float.NaN;

    private long[] nanos = new long[1024];
    private float[] mic = new float[1024];
    private float[] played = new float[1024];
    private int size;
    private final List<Long> clears = new ArrayList<>();

    /** One 20 ms tick at {@code tickNanos}: the microphone frame's level, the played frame's (or NOTHING_PLAYED). */
    public synchronized void record(long tickNanos, double micDbfs, double playedDbfs) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
            mic = Arrays.copyOf(mic, size * 2);
            played = Arrays.copyOf(played, size * 2);
        }
        nanos[size] = tickNanos;
        mic[size] = (float) micDbfs;
        played[size] = (float) playedDbfs;
        size++;
    }

    public synchronized void cleared(long atNanos) {
        clears.add(atNanos);
    }

    /** The first tick in [from, to] whose microphone frame carried caller speech, or -1. */
    public synchronized long speechOnset(long fromNanos, long toNanos) {
        for (int i = first(fromNanos); i < size && nanos[i] <= toNanos; i++) {
            if (mic[i] > SPEECH_DBFS) {
                return nanos[i];
            }
        }
        return -1;
    }

    /** The last tick in [from, to] whose microphone frame carried caller speech, or -1. */
    public synchronized long speechEnd(long fromNanos, long toNanos) {
        long last = -1;
        for (int i = first(fromNanos); i < size && nanos[i] <= toNanos; i++) {
            if (mic[i] > SPEECH_DBFS) {
                last = nanos[i];
            }
        }
        return last;
    }

    /** The first tick at or after {@code from} in which the phone played audible agent audio, or -1. */
    public synchronized long firstAudible(long fromNanos) {
        for (int i = first(fromNanos); i < size; i++) {
            if (played[i] > AUDIBLE_DBFS) {
                return nanos[i];
            }
        }
        return -1;
    }

    /** The last tick in [from, to] in which the phone played audible agent audio, or -1. */
    public synchronized long lastAudible(long fromNanos, long toNanos) {
        long last = -1;
        for (int i = first(fromNanos); i < size && nanos[i] <= toNanos; i++) {
            if (played[i] > AUDIBLE_DBFS) {
                last = nanos[i];
            }
        }
        return last;
    }

    /**
     * The last audible tick at or after {@code from} that is followed by at least {@code silenceNanos} without
     * audible audio (the recording must extend that far), or -1 if there is none yet.
     */
    public synchronized long lastAudibleBeforeSilence(long fromNanos, long silenceNanos) {
        long last = -1;
        for (int i = first(fromNanos); i < size; i++) {
            if (played[i] > AUDIBLE_DBFS) {
                last = nanos[i];
            } else if (last >= 0 && nanos[i] - last >= silenceNanos) {
                return last;
            }
        }
        return -1;
    }

    /** The first tick in [from, to] in which the loudspeaker had nothing at all to play, or -1. */
    public synchronized long firstStarved(long fromNanos, long toNanos) {
        for (int i = first(fromNanos); i < size && nanos[i] <= toNanos; i++) {
            if (Float.isNaN(played[i])) {
                return nanos[i];
            }
        }
        return -1;
    }

    /** The first {@code clear} at or after {@code from}, or -1. */
    public synchronized long firstClear(long fromNanos) {
        return clears.stream().filter(t -> t >= fromNanos).findFirst().orElse(-1L);
    }

    /** The time of the last tick recorded, or -1. */
    public synchronized long lastTick() {
        return size == 0 ? -1 : nanos[size - 1];
    }

    private int first(long fromNanos) {
        int i = Arrays.binarySearch(nanos, 0, size, fromNanos);
        return i >= 0 ? i : -i - 1;
    }
}
