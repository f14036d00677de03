package dev.parley.tts.session;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import dev.parley.contracts.tts.v1.AudioChunk;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the caller hears of a streamed reply, per engine, over real gRPC at 8 kHz: it opens on speech (the engine's
 * lead-in is not sent), and the pause before a later phrase is kept; the text spans stay contiguous.
 */
@QuarkusTest
class ReplyLeadInTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String REPLY = "Hi, thanks for waiting. Your order has shipped.";

    @TestHTTPResource("/")
    URL url;

    @Test
    void festivalRepliesOpenOnSpeechAndKeepThePauseBetweenPhrases() throws Exception {
        check("cmu_us_slt_arctic_hts", "festival");
    }

    @Test
    void fliteRepliesOpenOnSpeechAndKeepThePauseBetweenPhrases() throws Exception {
        check("kal16", "flite");
    }

    private void check(String voice, String engine) throws Exception {
        AwaitReady.await(url, Duration.ofSeconds(120));
        ManagedChannel channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        try {
            TtsClient tts = TtsClient.open(channel).config(UUID.randomUUID().toString(), 8000, voice);
            tts.text("Hi, thanks for wai").text("ting. Your order has").text(" shipped.").end();
            assertNull(tts.awaitEnd(WAIT));
            List<AudioChunk> chunks = new ArrayList<>();
            tts.responses.stream().filter(r -> r.hasAudio()).forEach(r -> chunks.add(r.getAudio()));
            TextToSpeechServiceTest.assertCoversContiguously(chunks, REPLY.length());
            List<short[]> phrases = byPhrase(chunks);
            assertTrue(phrases.size() >= 2, "phrases: " + phrases.size());
            assertEquals(engine, chunks.get(0).getEngine());

            int opening = firstFrameAbove(phrases.get(0), -60);
            int openingAudible = firstFrameAbove(phrases.get(0), -55);
            int pause = firstFrameAbove(phrases.get(1), -55);
            System.out.printf("MEASURED %s over gRPC, 8 kHz: reply opens with %d ms before sound (%d ms before the "
                    + "first -55 dBFS frame); the next phrase keeps %d ms of pause%n", engine, opening,
                    openingAudible, pause);
            assertTrue(opening <= 20, "the reply opens with " + opening + " ms of silence");
            assertTrue(openingAudible <= 80, "first audible frame at " + openingAudible + " ms");
            assertTrue(pause >= 100, "the pause before the second phrase was cut to " + pause + " ms");
        } finally {
            channel.shutdownNow();
        }
    }

    private static List<short[]> byPhrase(List<AudioChunk> chunks) {
        List<short[]> phrases = new ArrayList<>();
        List<AudioChunk> current = new ArrayList<>();
        for (AudioChunk c : chunks) {
            if (!current.isEmpty() && c.getPhraseIndex() != current.get(0).getPhraseIndex()) {
                phrases.add(TextToSpeechServiceTest.concat(current));
                current = new ArrayList<>();
            }
            current.add(c);
        }
        phrases.add(TextToSpeechServiceTest.concat(current));
        return phrases;
    }

    /** Start in ms of the first 10 ms frame above {@code dbfs} as the phone hears it (μ-law). */
    private static int firstFrameAbove(short[] pcm, double dbfs) {
        short[] line = MuLaw.decode(MuLaw.encode(pcm));
        for (int off = 0; off + 80 <= line.length; off += 80) {
            if (Pcm16.rmsDbfs(line, off, 80) > dbfs) {
                return off / 8;
            }
        }
        return Integer.MAX_VALUE;
    }
}
