package dev.parley.gateway.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.audio.MuLaw;
import dev.parley.contracts.recordings.RecordingFileNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call played through a recorder on a simulated clock: the caller sends a frame every 20 ms for 2 s; the agent
 * speaks from 0.5 s, sent 80 ms ahead as playout does, and the caller barges in at 1.0 s.
 */
class CallRecorderTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 5_000 * MS;
    private static final int FRAME = 160;
    private static final int CALL_MS = 2_000;
    private static final int AGENT_FROM_MS = 500;
    private static final int BARGE_IN_MS = 1_000;
    private static final int LEAD_MS = 80;
    private static final byte AGENT_BYTE = 0x10;

    @TempDir
    Path root;
    private final AtomicLong now = new AtomicLong(T0);
    private final RecordingMetrics metrics = new RecordingMetrics(new SimpleMeterRegistry());
    private final ByteArrayOutputStream callerSent = new ByteArrayOutputStream();

    /** Caller frame {@code i}: a distinct pattern, so a shifted or dropped frame shows. */
    private static byte[] callerFrame(int i) {
        byte[] frame = new byte[FRAME];
        for (int j = 0; j < FRAME; j++) {
            frame[j] = (byte) (i * 7 + j);
        }
        return frame;
    }

    private CallRecorder recorder(RecordingStore store, Executor writer) {
        return new CallRecorder(store, "brightsmile", "CA42", new byte[]{1}, now::get, writer, metrics, false);
    }

    /** Runs the call up to its end (not included); returns the recorder. */
    private CallRecorder playCall(CallRecorder recorder) {
        int agentFrame = 0;
        for (int t = 20; t <= CALL_MS; t += 20) {
            now.set(T0 + t * MS);
            byte[] frame = callerFrame(t / 20 - 1);
            callerSent.writeBytes(frame);
            recorder.callerMuLaw(frame);
            if (t == BARGE_IN_MS) {
                recorder.lineCleared();
            }
            // Playout: frames go out LEAD_MS before they play, until the barge-in stops the agent.
            while (t < BARGE_IN_MS && AGENT_FROM_MS + agentFrame * 20 - LEAD_MS <= t) {
                byte[] agent = new byte[FRAME];
                Arrays.fill(agent, AGENT_BYTE);
                recorder.agentAudio(agent, T0 + (AGENT_FROM_MS + agentFrame * 20L) * MS, 0);
                agentFrame++;
            }
        }
        return recorder;
    }

    @Test
    void bothSidesAsTheCallerHeardThemOnOneTimeline() throws Exception {
        LocalRecordingStore store = new LocalRecordingStore(root);
        CallRecorder recorder = playCall(recorder(store, Runnable::run));
        Path folder = root.resolve("brightsmile");
        assertTrue(Files.exists(folder.resolve("CA42.wav.part")), "written as .part during the call");
        assertFalse(Files.exists(folder.resolve("CA42.wav")));
        assertFalse(Files.exists(folder.resolve("CA42.json")));

        recorder.end(now.get());

        assertFalse(Files.exists(folder.resolve("CA42.wav.part")));
        WavFile wav = WavFile.read(folder.resolve("CA42.wav"));
        assertEquals(2, wav.channels());
        assertEquals(8_000, wav.sampleRate());
        assertEquals(CALL_MS * 8, wav.left().length, "2 s at 8 kHz");
        assertArrayEquals(MuLaw.decode(callerSent.toByteArray()), wav.left(), "the caller as received");

        short agentSample = MuLaw.decode(AGENT_BYTE);
        for (int i = 0; i < wav.right().length; i++) {
            int ms = i / 8;
            short expected = ms >= AGENT_FROM_MS && ms < BARGE_IN_MS ? agentSample : 0;
            assertEquals(expected, wav.right()[i], "agent sample " + i + " (" + ms + " ms): only what played before"
                    + " the barge-in, where it played; the 80 ms sent ahead and cleared is silence");
        }

        JsonNode sidecar = new ObjectMapper().readTree(folder.resolve("CA42.json").toFile());
        assertEquals("CA42", sidecar.path("callId").asText());
        assertEquals("brightsmile", sidecar.path("tenantId").asText());
        assertDoesNotThrow(() -> Instant.parse(sidecar.path("startedAt").asText()));
        assertEquals(CALL_MS, sidecar.path("durationMs").asLong());
        assertEquals("[\"caller\",\"agent\"]", sidecar.path("channels").toString());
        assertEquals(8_000, sidecar.path("sampleRate").asInt());
        assertEquals(0.0, metrics.droppedFrames());
        assertEquals(0.0, metrics.writeFailures());
    }

    @Test
    void tenantIdsThatCouldEscapeTheirFolderAreRefusedAndAnyCallIdStaysInItsFolder() throws Exception {
        LocalRecordingStore store = new LocalRecordingStore(root);
        for (String bad : new String[]{"../x", "a/b", "", "a.b", "CA1\n", "..", "C:x"}) {
            assertThrows(IllegalArgumentException.class, () -> store.open(bad, "CA1", Instant.now()), bad);
            assertThrows(IllegalArgumentException.class, () -> new CallRecorder(store, bad, "CA1", null, now::get,
                    Runnable::run, metrics, false), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> store.open("acme", "", Instant.now()));
        assertTrue(RecordingIds.valid("CA0123abc_-Z"));
        // Call ids come from carriers: whatever they hold, the file is named by the id's stem, in the tenant's folder.
        for (String odd : new String[]{"../x", "a/b", "a.b", "CA1\n", "..", "C:x", "v3:abc"}) {
            RecordingStore.Recording recording = store.open("acme", odd, Instant.now());
            assertTrue(Files.exists(root.resolve("acme").resolve(RecordingFileNames.stem(odd) + ".wav.part")), odd);
            recording.abandon();
        }
        try (var inRoot = Files.list(root)) {
            assertEquals(List.of(root.resolve("acme")), inRoot.toList(), "nothing outside the tenant's folder");
        }
    }

    @Test
    void aStoreThatCannotWriteCostsTheRecordingNotTheCall() throws Exception {
        boolean[] abandoned = {false};
        RecordingStore failing = new RecordingStore() {
            @Override
            public Recording open(String tenantId, String callId, Instant startedAt) {
                return new Recording() {
                    @Override
                    public void write(long frame, short[] stereo) throws IOException {
                        throw new IOException("No space left on device");
                    }

                    @Override
                    public void finish(long frames, List<Bleep> bleeps) throws IOException {
                        throw new IOException("No space left on device");
                    }

                    @Override
                    public void abandon() {
                        abandoned[0] = true;
                    }
                };
            }

            @Override
            public int deleteOlderThan(String tenantId, Instant cutoff) {
                return 0;
            }
        };
        CallRecorder recorder = assertDoesNotThrow(() -> playCall(recorder(failing, Runnable::run)));
        assertDoesNotThrow(() -> recorder.end(now.get()));
        assertEquals(1.0, metrics.writeFailures(), "counted once, then the recording is given up");
        assertTrue(abandoned[0]);
    }

    @Test
    void aStoreThatCannotOpenCostsTheRecordingNotTheCall() {
        Path notADirectory = root.resolve("file");
        assertDoesNotThrow(() -> Files.writeString(notADirectory, "x"));
        CallRecorder recorder = assertDoesNotThrow(() -> playCall(recorder(new LocalRecordingStore(notADirectory),
                Runnable::run)));
        assertDoesNotThrow(() -> recorder.end(now.get()));
        assertEquals(1.0, metrics.writeFailures());
    }

    @Test
    void aWriterThatFallsBehindDropsFramesNotTheCallAndKeepsTheTracksAligned() throws Exception {
        ArrayDeque<Runnable> stalled = new ArrayDeque<>();
        CallRecorder recorder = recorder(new LocalRecordingStore(root), stalled::add);
        // A disk that answers nothing for 60 s: the call goes on, the recorder keeps at most its queue.
        int seconds = 60;
        for (int t = 20; t <= seconds * 1000; t += 20) {
            now.set(T0 + t * MS);
            recorder.callerMuLaw(callerFrame(t / 20 - 1));
        }
        assertTrue(stalled.size() <= CallRecorder.MAX_QUEUED_BLOCKS + 1, "bounded: " + stalled.size());
        assertTrue(metrics.droppedFrames() > 0, "the frames that did not fit are counted");
        recorder.end(now.get());
        while (!stalled.isEmpty()) {
            stalled.poll().run();
        }
        WavFile wav = WavFile.read(root.resolve("brightsmile/CA42.wav"));
        assertEquals(seconds * 8_000, wav.left().length, "full length: dropped blocks are silence, not gaps");
        short[] expectedStart = MuLaw.decode(callerFrame(0));
        assertArrayEquals(expectedStart, Arrays.copyOf(wav.left(), FRAME), "what was queued is where it belongs");
        long dropped = (long) metrics.droppedFrames();
        long silent = 0;
        for (short s : wav.left()) {
            silent += s == 0 ? 1 : 0;
        }
        assertTrue(silent >= dropped, "the dropped frames are silent in the file");
    }
}
