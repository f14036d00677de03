package dev.parley.gateway.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A recording's WAV file as read back by a test: its header checked, its two channels apart. */
record WavFile(int channels, int sampleRate, short[] left, short[] right) {

    static WavFile read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", ascii(b, 0));
        assertEquals(b.capacity() - 8, b.getInt(4), "RIFF size");
        assertEquals("WAVE", ascii(b, 8));
        assertEquals("fmt ", ascii(b, 12));
        assertEquals(1, b.getShort(20), "PCM");
        int channels = b.getShort(22);
        int rate = b.getInt(24);
        assertEquals(16, b.getShort(34), "bits per sample");
        assertEquals("data", ascii(b, 36));
        int dataBytes = b.getInt(40);
        assertEquals(b.capacity() - 44, dataBytes, "data size");
        int frames = dataBytes / 4;
        short[] left = new short[frames];
        short[] right = new short[frames];
        for (int i = 0; i < frames; i++) {
            left[i] = b.getShort(44 + 4 * i);
            right[i] = b.getShort(44 + 4 * i + 2);
        }
        return new WavFile(channels, rate, left, right);
    }

    private static String ascii(ByteBuffer b, int at) {
        byte[] four = new byte[4];
        b.get(at, four);
        return new String(four, US_ASCII);
    }
}
