package dev.parley.tts.session;

import dev.parley.audio.Pcm16;
import dev.parley.contracts.events.SpeechSynthesized;
import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.contracts.tts.v1.SynthesisDone;
import dev.parley.contracts.tts.v1.SynthesizeResponse;
import dev.parley.tts.intelligibility.Transcriber;
import dev.parley.tts.intelligibility.WordErrorRate;
import dev.parley.tts.normalize.TextNormalizer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Synthesize stream over real gRPC, with the real engines behind it. */
@QuarkusTest
class TextToSpeechServiceTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL url;
    @Inject
    RecordingEventPublisher events;

    private ManagedChannel channel;

    @BeforeEach
    void connect() throws Exception {
        AwaitReady.await(url, Duration.ofSeconds(120));
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    @Test
    void speaksTheFirstPhraseBeforeTheTextEndsAndReportsWhatEachChunkCarries() throws Exception {
        String call = UUID.randomUUID().toString();
        TtsClient tts = TtsClient.open(channel).config(call, 8000, "");
        tts.text("Your or").text("der 1234 has shi").text("pped. ");

        AudioChunk first = tts.nextAudio(WAIT); // EndOfText has not been sent
        assertEquals(0, first.getTextStart());
        assertEquals("Your order 1234 has shipped.".length(), first.getTextEnd());
        assertEquals(0, first.getPhraseIndex());
        assertEquals(8000, first.getSampleRateHz());
        assertEquals("festival", first.getEngine());

        tts.text("It will arrive on Fri").text("day, between 9 am and 6 pm. Tha").text("nks for calling!").end();
        assertNull(tts.awaitEnd(WAIT));
        String text = "Your order 1234 has shipped. It will arrive on Friday, between 9 am and 6 pm. "
                + "Thanks for calling!";

        List<AudioChunk> chunks = new ArrayList<>();
        for (SynthesizeResponse r : tts.responses.subList(0, tts.responses.size() - 1)) {
            chunks.add(r.getAudio());
        }
        SynthesisDone done = tts.responses.get(tts.responses.size() - 1).getDone();
        assertTrue(tts.responses.get(tts.responses.size() - 1).hasDone(), "SynthesisDone comes last");
        assertCoversContiguously(chunks, text.length());
        assertEquals(chunks.get(chunks.size() - 1).getPhraseIndex() + 1, done.getPhrases());
        long samples = chunks.stream().mapToLong(c -> c.getPcm().size() / 2).sum();
        assertEquals(samples * 1000 / 8000, done.getAudioMs(), done.getPhrases());

        SpeechSynthesized usage = events.await(SpeechSynthesized.class, call, e -> true, WAIT);
        assertFalse(usage.cancelled());
        assertEquals("acme", usage.tenantId());
        assertEquals(7, usage.turnId());
        assertEquals("festival", usage.engine());
        assertEquals(text.length(), usage.characters());
        assertEquals(done.getAudioMs(), usage.audioMs());
        assertTrue(usage.firstAudioMs() >= 0);

        try (Transcriber transcriber = new Transcriber()) {
            String heard = transcriber.transcribePhone(concat(chunks));
            String said = new TextNormalizer().normalize(text).spoken();
            double wer = WordErrorRate.of(said, heard);
            System.out.printf("MEASURED end-to-end (gRPC, 8 kHz) WER %.1f%% | said: %s | heard: %s%n",
                    100 * wer, said, heard);
            assertTrue(wer <= 0.25, "WER " + wer);
        }
    }

    @Test
    void speaksAt16kHzWithTheRequestedFliteVoice() throws Exception {
        String call = UUID.randomUUID().toString();
        TtsClient tts = TtsClient.open(channel).config(call, 16000, "kal16").text("That's $50.").end();
        assertNull(tts.awaitEnd(WAIT));
        AudioChunk chunk = tts.responses.get(0).getAudio();
        assertEquals("flite", chunk.getEngine());
        assertEquals(16000, chunk.getSampleRateHz());
        assertEquals("That's $50.".length(), chunk.getTextEnd());
        assertEquals("flite", events.await(SpeechSynthesized.class, call, e -> true, WAIT).engine());
    }

    @Test
    void splitsALongPhraseIntoChunksOfAtMostOneSecondWithTheSameSpan() throws Exception {
        String text = "This sentence keeps going without any punctuation at all so that the phrase it makes is long "
                + "enough to need several seconds of speech when it is read out loud to the caller";
        TtsClient tts = TtsClient.open(channel).config(UUID.randomUUID().toString(), 8000, "").text(text).end();
        assertNull(tts.awaitEnd(WAIT));
        List<AudioChunk> chunks = new ArrayList<>();
        tts.responses.stream().filter(SynthesizeResponse::hasAudio).forEach(r -> chunks.add(r.getAudio()));
        assertTrue(chunks.size() >= 3, "chunks: " + chunks.size());
        for (AudioChunk c : chunks) {
            assertTrue(c.getPcm().size() / 2 <= 8000, "chunk of " + c.getPcm().size() / 2 + " samples");
            assertEquals(0, c.getPhraseIndex());
            assertEquals(0, c.getTextStart());
            assertEquals(text.length(), c.getTextEnd());
        }
    }

    @Test
    void rejectsAnUnsupportedSampleRate() throws Exception {
        String call = UUID.randomUUID().toString();
        TtsClient tts = TtsClient.open(channel).config(call, 44100, "").text("Hello.").end();
        assertStatus(tts, Status.Code.INVALID_ARGUMENT, "sample_rate_hz must be 8000 or 16000, got 44100");
        Thread.sleep(200);
        assertTrue(events.of(SpeechSynthesized.class, call).isEmpty(), "a rejected config costs nothing");
    }

    @Test
    void rejectsTextBeforeConfigAnUnknownVoiceAndAnOverlongUtterance() throws Exception {
        TtsClient noConfig = TtsClient.open(channel).text("Hello.").end();
        assertStatus(noConfig, Status.Code.INVALID_ARGUMENT, "the first message must be a SynthesisConfig");

        TtsClient badVoice = TtsClient.open(channel).config(UUID.randomUUID().toString(), 8000, "hal9000");
        badVoice.text("Hello.").end();
        assertStatus(badVoice, Status.Code.INVALID_ARGUMENT, "unknown voice 'hal9000'");

        TtsClient tooLong = TtsClient.open(channel).config(UUID.randomUUID().toString(), 8000, "");
        tooLong.text("a".repeat(3000)).text("b".repeat(3000));
        assertStatus(tooLong, Status.Code.INVALID_ARGUMENT, "utterance longer than 5000 characters");

        // the service is unharmed: the next stream works
        TtsClient ok = TtsClient.open(channel).config(UUID.randomUUID().toString(), 8000, "").text("Fine.").end();
        assertNull(ok.awaitEnd(WAIT));
    }

    @Test
    void cancellingMidUtteranceStopsBeforeTheNextPhraseAndReportsTheCancelledUsage() throws Exception {
        String call = UUID.randomUUID().toString();
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
            text.append("This is sentence number ").append(i).append(" of a long answer. ");
        }
        TtsClient tts = TtsClient.open(channel).config(call, 8000, "").text(text.toString());
        tts.nextAudio(WAIT);
        tts.cancel();

        SpeechSynthesized usage = events.await(SpeechSynthesized.class, call, e -> true, WAIT);
        assertTrue(usage.cancelled());
        assertTrue(usage.audioMs() > 0);
        assertTrue(usage.characters() < text.length(), "stopped early: " + usage.characters());
        Throwable end = tts.awaitEnd(WAIT);
        assertInstanceOf(StatusRuntimeException.class, end);
        assertEquals(Status.Code.CANCELLED, ((StatusRuntimeException) end).getStatus().getCode());
        int received = tts.responses.size();
        Thread.sleep(1000);
        assertEquals(received, tts.responses.size(), "no output after the cancel");
        assertEquals(1, events.of(SpeechSynthesized.class, call).size(), "usage is published once");
    }

    private static void assertStatus(TtsClient tts, Status.Code code, String message) throws Exception {
        Throwable t = tts.awaitEnd(WAIT);
        assertInstanceOf(StatusRuntimeException.class, t, "stream should fail with " + code);
        Status status = ((StatusRuntimeException) t).getStatus();
        assertEquals(code, status.getCode());
        assertTrue(status.getDescription().contains(message), status.getDescription());
    }

    /** Phrases follow each other without gap from offset 0 to the end of the text; chunks of a phrase agree. */
    static void assertCoversContiguously(List<AudioChunk> chunks, int textLength) {
        int expectedStart = 0;
        int phrase = -1;
        int phraseEnd = 0;
        for (AudioChunk c : chunks) {
            if (c.getPhraseIndex() != phrase) {
                assertEquals(phrase + 1, c.getPhraseIndex());
                assertEquals(expectedStart, c.getTextStart(), "phrase " + c.getPhraseIndex() + " start");
                phrase = c.getPhraseIndex();
                phraseEnd = c.getTextEnd();
                expectedStart = phraseEnd;
            }
            assertEquals(phraseEnd, c.getTextEnd());
            assertTrue(c.getPcm().size() / 2 <= c.getSampleRateHz(), "chunk longer than one second");
        }
        assertEquals(textLength, expectedStart, "the phrases cover the text");
    }

    static short[] concat(List<AudioChunk> chunks) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(c -> all.writeBytes(c.getPcm().toByteArray()));
        return Pcm16.fromBytes(all.toByteArray());
    }
}
