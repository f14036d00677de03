package dev.parley.tts.session;

import com.google.protobuf.ByteString;
import dev.parley.audio.Pcm16;
import dev.parley.contracts.tts.v1.AudioChunk;

import java.util.ArrayList;
import java.util.List;

/** Splits one phrase's audio into chunks of at most {@code maxChunkMs}, each carrying the phrase's text span. */
final class AudioChunks {
    private AudioChunks() {
    }

    static List<AudioChunk> of(short[] pcm, int sampleRate, int maxChunkMs, int textStart, int textEnd,
                               int phraseIndex, String engine) {
        int perChunk = Math.max(1, (int) ((long) sampleRate * maxChunkMs / 1000));
        List<AudioChunk> chunks = new ArrayList<>(pcm.length / perChunk + 1);
        for (int off = 0; off < pcm.length; off += perChunk) {
            int len = Math.min(perChunk, pcm.length - off);
            chunks.add(AudioChunk.newBuilder()
                    .setPcm(ByteString.copyFrom(Pcm16.toBytes(pcm, off, len)))
                    .setSampleRateHz(sampleRate)
                    .setTextStart(textStart)
                    .setTextEnd(textEnd)
                    .setPhraseIndex(phraseIndex)
                    .setEngine(engine)
                    .build());
        }
        return chunks;
    }
}
