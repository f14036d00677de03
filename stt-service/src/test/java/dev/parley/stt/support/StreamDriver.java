package dev.parley.stt.support;

import dev.parley.stt.recognizer.Recognition;
import dev.parley.stt.recognizer.RecognitionStream;

import java.util.ArrayList;
import java.util.List;

/** Feeds audio to an engine stream in 20 ms chunks and keeps what it answers. */
public final class StreamDriver {
    public final List<Recognition> partials = new ArrayList<>();
    public final List<Recognition> finals = new ArrayList<>();
    private final RecognitionStream stream;

    public StreamDriver(RecognitionStream stream) {
        this.stream = stream;
    }

    public StreamDriver feed(short[] pcm, int rate) {
        int n = rate / 50;
        for (int off = 0; off < pcm.length; off += n) {
            short[] chunk = java.util.Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + n));
            Recognition r = stream.accept(chunk);
            (r.isFinal() ? finals : partials).add(r);
        }
        return this;
    }

    public StreamDriver finish() {
        finals.add(stream.finish());
        return this;
    }

    public String text() {
        return String.join(" ", finals.stream().map(Recognition::text).filter(t -> !t.isEmpty()).toList());
    }
}
