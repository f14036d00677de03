package dev.parley.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Minimal RIFF/WAVE reader and writer for mono PCM16 and G.711 μ-law. */
public final class Wav {
    private static final short FORMAT_PCM = 1;
    private static final short FORMAT_MULAW = 7;

    /** Mono PCM16 samples with their rate. */
    public record Clip(short[] samples, int sampleRate) {
        public long durationMs() {
            return Pcm16.millis(samples.length, sampleRate);
        }
    }

    private Wav() {
    }

    public static Clip read(Path path) throws IOException {
        return read(Files.readAllBytes(path));
    }

    /** Reads PCM16 or μ-law WAV; multi-channel audio is mixed down to mono. */
    public static Clip read(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        int pos = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (pos + 8 <= bytes.length) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14);
            } else if (id == 0x61746164) { // "data"
                if (format < 0) {
                    throw new IllegalArgumentException("WAV data chunk before fmt chunk");
                }
                int len = Math.min(size < 0 ? Integer.MAX_VALUE : size, bytes.length - body);
                return new Clip(decodeData(bytes, body, len, format, channels, bits), rate);
            }
            pos = body + size + (size & 1);
        }
        throw new IllegalArgumentException("WAV file has no data chunk");
    }

    private static short[] decodeData(byte[] bytes, int off, int len, int format, int channels, int bits) {
        short[] interleaved;
        if (format == FORMAT_PCM && bits == 16) {
            interleaved = Pcm16.fromBytes(bytes, off, len - (len & 1));
        } else if (format == FORMAT_MULAW && bits == 8) {
            interleaved = new short[len];
            for (int i = 0; i < len; i++) {
                interleaved[i] = MuLaw.decode(bytes[off + i]);
            }
        } else {
            throw new IllegalArgumentException("unsupported WAV format " + format + " with " + bits + " bits");
        }
        if (channels <= 1) {
            return interleaved;
        }
        short[] mono = new short[interleaved.length / channels];
        for (int i = 0; i < mono.length; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += interleaved[i * channels + c];
            }
            mono[i] = (short) (sum / channels);
        }
        return mono;
    }

    public static byte[] pcm16(short[] samples, int sampleRate) {
        byte[] data = Pcm16.toBytes(samples);
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x46464952).putInt(36 + data.length).putInt(0x45564157);
        h.putInt(0x20746d66).putInt(16).putShort(FORMAT_PCM).putShort((short) 1).putInt(sampleRate)
                .putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        h.putInt(0x61746164).putInt(data.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(44 + data.length);
        out.writeBytes(h.array());
        out.writeBytes(data);
        return out.toByteArray();
    }

    public static void write(Path path, Clip clip) throws IOException {
        Files.write(path, pcm16(clip.samples(), clip.sampleRate()));
    }
}
