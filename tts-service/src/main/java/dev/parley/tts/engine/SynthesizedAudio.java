package dev.parley.tts.engine;

import dev.parley.audio.Pcm16;

/** Mono PCM16 audio of one phrase, at the rate the engine produced it, and which engine produced it. */
public record SynthesizedAudio(short[] samples, int sampleRate, String engine) {

    public SynthesizedAudio {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
    }

    public long durationMs() {
        return Pcm16.millis(samples.length, sampleRate);
    }
}
