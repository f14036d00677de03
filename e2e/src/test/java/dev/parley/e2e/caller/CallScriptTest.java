package dev.parley.e2e.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A scripted call with real speech both ways against a tiny in-test agent: the agent hears the caller through Vosk
 * (so the caller's voice must survive the phone path) and answers in flite's kal16 voice (so the caller must play,
 * record and transcribe it). kal16, not flite's slt: Vosk mishears flite slt on the phone path (17% WER measured);
 * the real agent speaks festival's HTS slt, which Vosk transcribes cleanly.
 */
class CallScriptTest {
    private static TurnTranscriber transcriber;
    private static final CallerVoice AGENT_VOICE = new CallerVoice("kal16");

    @BeforeAll
    static void loadModel() {
        transcriber = new TurnTranscriber(TurnTranscriber.defaultModelsDir());
    }

    @AfterAll
    static void closeModel() {
        transcriber.close();
    }

    /** Answers each caller utterance once 300 ms of silence follow it; hangs up after saying goodbye. */
    private static final class ListeningAgent implements InTestMediaServer.Behaviour {
        final List<String> heard = new CopyOnWriteArrayList<>();
        private final ByteArrayOutputStream utterance = new ByteArrayOutputStream();
        private int silentFrames;

        @Override
        public void onStart(InTestMediaServer.Connection c, JsonNode start) {
            c.sendMedia(AGENT_VOICE.speak("Hello, thanks for calling the shop."));
            c.sendMark("greeting");
        }

        @Override
        public void onMedia(InTestMediaServer.Connection c, long chunk, byte[] ulaw) {
            short[] pcm = MuLaw.decode(ulaw);
            boolean speech = Pcm16.rmsDbfs(pcm, 0, pcm.length) > -45;
            if (speech) {
                utterance.writeBytes(ulaw);
                silentFrames = 0;
            } else if (utterance.size() > 0 && ++silentFrames == 15) {
                byte[] said = utterance.toByteArray();
                utterance.reset();
                new Thread(() -> answer(c, said)).start();
            }
        }

        @Override
        public void onMarkEcho(InTestMediaServer.Connection c, String name) {
            if (name.equals("farewell")) {
                c.close(1000, "goodbye");
            }
        }

        private void answer(InTestMediaServer.Connection c, byte[] said) {
            String text = transcriber.transcribe(said);
            heard.add(text);
            if (text.contains("goodbye")) {
                c.sendMedia(AGENT_VOICE.speak("Goodbye, have a nice day."));
                c.sendMark("farewell");
            } else if (text.contains("order")) {
                c.sendMedia(AGENT_VOICE.speak("Your order has shipped and will arrive on Friday."));
                c.sendMark("answer");
            } else {
                c.sendMedia(AGENT_VOICE.speak("Sorry, I did not get that."));
                c.sendMark("answer");
            }
        }
    }

    @Test
    void placesAScriptedCallAndTranscribesWhatTheAgentSaid() throws Exception {
        ListeningAgent agent = new ListeningAgent();
        CallScript script = new CallScript()
                .awaitAgentTurn(Duration.ofSeconds(15), "calling")
                .say("where is my order one two three four")
                .expectReply(Duration.ofSeconds(15), "shipped", "friday")
                .say("goodbye")
                .awaitHangUp(Duration.ofSeconds(15));
        try (InTestMediaServer server = new InTestMediaServer(agent);
                SimulatedCaller caller = SimulatedCaller.call(server.uri(), InTestMediaServer.AUTH_TOKEN, "acme",
                        new CallerVoice(), Duration.ofMillis(800))) {
            CallReport report = script.run(caller, "acme", transcriber);
            System.out.print(report.conversation() + report.latencyTable());

            assertEquals(1000, report.close().code());
            assertEquals(3, report.turns().size(), report.conversation());
            assertTrue(agent.heard.get(0).contains("where is my order"), "the agent heard: " + agent.heard);
            assertTrue(agent.heard.get(1).contains("goodbye"), "the agent heard: " + agent.heard);
            assertTrue(report.turns().get(2).transcript(transcriber).contains("goodbye"), report.conversation());
            List<Long> latencies = LatencyTable.replyLatencies(report.turns());
            assertEquals(2, latencies.size());
            // The in-test agent waits 300 ms of silence before it even starts to answer.
            assertTrue(latencies.stream().allMatch(ms -> ms >= 300), latencies.toString());
            assertTrue(report.medianReplyLatencyMs() >= 300);
            assertTrue(report.durationMs() > 0 && report.billableSeconds() * 1000 >= report.durationMs());
            String table = report.latencyTable();
            assertTrue(table.contains("where is my order") && table.contains("median"), table);
            assertTrue(report.conversation().contains("caller: goodbye"), report.conversation());
            assertEquals(List.of(), report.protocolProblems());
        }
    }

    @Test
    void aFailedExpectationNamesTheStepAndShowsTheConversation() throws Exception {
        CallScript script = new CallScript()
                .awaitAgentTurn(Duration.ofSeconds(15))
                .say("where is my order one two three four")
                .expectReply(Duration.ofSeconds(8), "refund");
        try (InTestMediaServer server = new InTestMediaServer(new ListeningAgent());
                SimulatedCaller caller = SimulatedCaller.call(server.uri(), InTestMediaServer.AUTH_TOKEN, "acme",
                        new CallerVoice(), Duration.ofMillis(800))) {
            CallScriptFailure failure = assertThrows(CallScriptFailure.class,
                    () -> script.run(caller, "acme", transcriber));
            String message = failure.getMessage();
            assertTrue(message.contains("step 3 (expect reply containing [refund])"), message);
            assertTrue(message.contains("lacks [refund]"), message);
            assertTrue(message.contains("caller: where is my order one two three four"), message);
            assertTrue(message.contains("shipped"), "the transcript heard so far is in the message: " + message);
        }
    }
}
