package dev.parley.stt.grpc;

import dev.parley.contracts.events.SpeechRecognized;
import dev.parley.contracts.stt.v1.Expectation;
import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.contracts.stt.v1.Word;
import dev.parley.stt.callers.Voices;
import dev.parley.stt.support.RecordingEventPublisher;
import dev.parley.stt.support.SttClient;
import dev.parley.stt.support.TestAudio;
import io.grpc.Status;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streams real recordings over a real gRPC channel and checks transcripts, words, partials and flushes. */
@QuarkusTest
class RecognizeStreamTest {
    @TestHTTPResource("/")
    URL server;
    @Inject
    RecordingEventPublisher events;
    private SttClient client;

    @BeforeEach
    void connect() {
        client = new SttClient(server.getPort());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        client.close();
    }

    @Test
    void wideband_goForward_isRecognizedWithOrderedWordTimesAndPartialsFirst() {
        short[] pcm = TestAudio.goForward16k();
        SttClient.Call call = client.open().config("acme", "call-wide", 16000)
                .audio(TestAudio.chunks(pcm, 16000, 20)).flush(7);

        Transcript fin = call.awaitFlushFinal(7);
        call.complete();
        assertEquals(Status.Code.OK, call.awaitEnd().getCode());

        String all = String.join(" ", call.finals().stream().map(Transcript::getText).toList());
        assertEquals(TestAudio.GO_FORWARD_TEXT, all.trim());
        assertEquals("vosk", fin.getEngine());
        assertEquals(TestAudio.millis(pcm, 16000), fin.getAudioEndMs());
        assertWordsInOrderWithin(call.finals(), 0, TestAudio.millis(pcm, 16000));
        assertTrue(fin.getConfidence() > 0.5f && fin.getConfidence() <= 1f, "confidence " + fin.getConfidence());

        List<RecognizeResponse> responses = call.responses();
        int firstPartial = indexOf(responses, true);
        int firstFinal = indexOf(responses, false);
        assertTrue(firstPartial >= 0 && firstPartial < firstFinal, "a partial must come before the final");
        for (int i = 1; i < responses.size(); i++) {
            if (responses.get(i).hasPartial() && responses.get(i - 1).hasPartial()) {
                assertFalse(responses.get(i).getPartial().getText().equals(responses.get(i - 1).getPartial().getText()),
                        "partials are sent only when their text changes");
            }
        }

        List<SpeechRecognized> usage = events.of(SpeechRecognized.class, "call-wide");
        assertEquals(1, usage.size());
        assertEquals("acme", usage.get(0).tenantId());
        assertEquals(TestAudio.millis(pcm, 16000), usage.get(0).audioMs());
        assertEquals(call.finals().size(), usage.get(0).finals());
    }

    @Test
    void aNumberExpected_isHeardByTheDigitsPass_forTheAudioAfterIt() throws Exception {
        // flite awb through the line: the open pass alone hears "my order number is free for".
        short[] line = Voices.throughTheLine(Voices.speak("flite-awb", "my order number is three four"));
        SttClient.Call call = client.open().config("acme", "call-number", 16000)
                .send(RecognizeRequest.newBuilder().setExpectation(Expectation.newBuilder().addDigitCounts(4)).build())
                .audio(TestAudio.chunks(line, 16000, 20)).flush(3);
        Transcript fin = call.awaitFlushFinal(3);
        call.complete();
        assertEquals(Status.Code.OK, call.awaitEnd().getCode());
        assertTrue(fin.getText().endsWith("three four"), fin.getText());
    }

    @Test
    void phoneBand_muLaw8k_isStillRecognized() {
        short[] phone = TestAudio.phoneBand(TestAudio.goForward16k());
        SttClient.Call call = client.open().config("acme", "call-phone", 8000)
                .audio(TestAudio.chunks(phone, 8000, 20)).flush(1);

        Transcript fin = call.awaitFlushFinal(1);
        call.complete();
        call.awaitEnd();

        String all = String.join(" ", call.finals().stream().map(Transcript::getText).toList()).trim();
        assertEquals(TestAudio.GO_FORWARD_TEXT, all);
        assertEquals(TestAudio.millis(phone, 8000), fin.getAudioEndMs());
        assertWordsInOrderWithin(call.finals(), 0, TestAudio.millis(phone, 8000));
    }

    @Test
    void everyFlushIsAnsweredWithItsSeq_emptyWhenNothingWasSaid() {
        short[] speech = TestAudio.goForward16k();
        byte[] silence = new byte[16000 * 2];
        SttClient.Call call = client.open().config("acme", "call-flush", 16000);

        call.flush(1);
        Transcript nothing = call.awaitFlushFinal(1);
        assertEquals("", nothing.getText());
        assertEquals(0, nothing.getWordsCount());
        assertEquals(0f, nothing.getConfidence());

        call.audio(TestAudio.chunks(new short[16000], 16000, 20)).flush(2);
        Transcript quiet = call.awaitFlushFinal(2);
        assertEquals("", quiet.getText());
        assertEquals(0, quiet.getAudioStartMs());
        assertEquals(1000, quiet.getAudioEndMs());

        call.audio(TestAudio.chunks(speech, 16000, 20)).flush(3).flush(4);
        Transcript spoken = call.awaitFlushFinal(3);
        Transcript again = call.awaitFlushFinal(4);
        assertEquals(TestAudio.GO_FORWARD_TEXT, spoken.getText());
        assertEquals(1000, spoken.getAudioStartMs());
        assertEquals(1000 + TestAudio.millis(speech, 16000), spoken.getAudioEndMs());
        // Word times are relative to the stream start, so they lie after the second of silence.
        assertTrue(spoken.getWords(0).getStartMs() >= 1000, "first word at " + spoken.getWords(0).getStartMs());
        assertEquals("", again.getText());

        call.audio(silence).complete();
        assertEquals(Status.Code.OK, call.awaitEnd().getCode());
        List<Long> seqs = call.finals().stream().map(Transcript::getFlushSeq).toList();
        assertEquals(List.of(1L, 2L, 3L, 4L), seqs, "flushes are answered once each, in order");
    }

    @Test
    void twoUtterancesInOneStream_keepStreamRelativeWordTimes() {
        short[] speech = TestAudio.goForward16k();
        long clipMs = TestAudio.millis(speech, 16000);
        SttClient.Call call = client.open().config("acme", "call-two", 16000)
                .audio(TestAudio.chunks(speech, 16000, 20)).flush(1)
                .audio(TestAudio.chunks(speech, 16000, 20)).flush(2);
        Transcript first = call.awaitFlushFinal(1);
        Transcript second = call.awaitFlushFinal(2);
        call.complete();
        call.awaitEnd();

        assertEquals(TestAudio.GO_FORWARD_TEXT, first.getText());
        assertEquals(TestAudio.GO_FORWARD_TEXT, second.getText());
        assertEquals(clipMs, second.getAudioStartMs());
        for (int i = 0; i < first.getWordsCount(); i++) {
            long shift = second.getWords(i).getStartMs() - first.getWords(i).getStartMs();
            assertTrue(Math.abs(shift - clipMs) <= 60, "word " + i + " shifted by " + shift + " ms, clip is " + clipMs);
        }
    }

    static void assertWordsInOrderWithin(List<Transcript> finals, long fromMs, long toMs) {
        long previousEnd = fromMs;
        int count = 0;
        for (Transcript t : finals) {
            for (Word w : t.getWordsList()) {
                assertTrue(w.getStartMs() >= previousEnd, "word '" + w.getWord() + "' starts before the previous ended");
                assertTrue(w.getEndMs() > w.getStartMs(), "word '" + w.getWord() + "' has no duration");
                assertTrue(w.getConfidence() > 0f && w.getConfidence() <= 1f);
                previousEnd = w.getEndMs();
                count++;
            }
        }
        assertTrue(count > 0, "no words");
        assertTrue(previousEnd <= toMs, "last word ends at " + previousEnd + " after the audio (" + toMs + " ms)");
    }

    private static int indexOf(List<RecognizeResponse> responses, boolean partial) {
        for (int i = 0; i < responses.size(); i++) {
            if (partial ? responses.get(i).hasPartial() : responses.get(i).hasFinal()) {
                return i;
            }
        }
        return -1;
    }
}
