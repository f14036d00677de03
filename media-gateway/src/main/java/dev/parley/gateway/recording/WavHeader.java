package dev.parley.gateway.recording;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static java.nio.charset.StandardCharsets.US_ASCII;

/** The 44-byte RIFF header of a PCM16 WAV file. */
final class WavHeader {
    static final int BYTES = 44;

    private WavHeader() {
    }

    static ByteBuffer of(int channels, int sampleRate, long frames) {
        long dataBytes = frames * channels * 2;
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(US_ASCII)).putInt((int) (36 + dataBytes))
                .put("WAVE".getBytes(US_ASCII))
                .put("fmt ".getBytes(US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16)
                .put("data".getBytes(US_ASCII)).putInt((int) dataBytes);
        return b.flip();
    }
}
