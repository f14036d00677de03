package dev.parley.gateway.warmup;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.contracts.dialogue.v1.Action;
import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.CancelTurn;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.Dtmf;
import dev.parley.contracts.dialogue.v1.EndCall;
import dev.parley.contracts.dialogue.v1.ExpectedReply;
import dev.parley.contracts.dialogue.v1.TransferFailed;
import dev.parley.contracts.dialogue.v1.TurnDone;
import dev.parley.contracts.dialogue.v1.TurnHeard;
import dev.parley.contracts.dialogue.v1.UserTurn;
import dev.parley.contracts.dialogue.v1.WordConfidence;
import dev.parley.contracts.stt.v1.Expectation;
import dev.parley.contracts.stt.v1.Flush;
import dev.parley.contracts.stt.v1.RecognizeRequest;
import dev.parley.contracts.stt.v1.RecognizeResponse;
import dev.parley.contracts.stt.v1.StreamConfig;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.contracts.stt.v1.Word;
import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.contracts.tts.v1.EndOfText;
import dev.parley.contracts.tts.v1.SynthesisConfig;
import dev.parley.contracts.tts.v1.SynthesisDone;
import dev.parley.contracts.tts.v1.SynthesizeRequest;
import dev.parley.contracts.tts.v1.SynthesizeResponse;

import java.util.List;
import java.util.Map;

/**
 * Builds, writes and reads back once each message a call exchanges with stt, dialogue and tts, with every kind of
 * field filled (maps, repeated words, nested trace contexts), on made-up values. A fresh gateway's first call spent
 * ~110 ms just building its CallStart (protobuf initializes a message's builders and map entries on first use) —
 * time the caller waited for the greeting; touching the live streams ({@link LiveStreams}) sends only empty messages.
 */
final class LiveMessages {
    private static final TraceContext TRACE = TraceContext.newBuilder()
            .setTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").setTracestate("k=v").build();

    private LiveMessages() {
    }

    /** Returns how many messages went through a write and a read. */
    static int run() throws InvalidProtocolBufferException {
        List<byte[]> written = List.of(
                DialogueRequest.newBuilder().setStart(CallStart.newBuilder().setTenantId("warm-up").setCallId("w")
                        .setFrom("+15550000000").setTo("+15550000001").putAllParameters(Map.of("k", "v"))
                        .setTrace(TRACE).setResumeState(ByteString.copyFromUtf8("{}"))).build().toByteArray(),
                DialogueRequest.newBuilder().setUserTurn(UserTurn.newBuilder().setTurnId(1).setText("where is it")
                        .setConfidence(0.9f).setTrace(TRACE).addWords(WordConfidence.newBuilder().setText("where")
                                .setConfidence(0.9f))).build().toByteArray(),
                DialogueRequest.newBuilder().setCancel(CancelTurn.newBuilder().setTurnId(1)).build().toByteArray(),
                DialogueRequest.newBuilder().setHeard(TurnHeard.newBuilder().setTurnId(1).setHeardText("it")
                        .setInterrupted(true)).build().toByteArray(),
                DialogueRequest.newBuilder().setDtmf(Dtmf.newBuilder().setTurnId(2).setDigits("1").setTrace(TRACE))
                        .build().toByteArray(),
                DialogueRequest.newBuilder().setTransferFailed(TransferFailed.newBuilder().setTurnId(1)
                        .setTarget("sip:desk").setOutcome("busy").setToldCaller("sorry")).build().toByteArray());
        for (byte[] bytes : written) {
            DialogueRequest.parseFrom(bytes);
        }
        List<byte[]> answers = List.of(
                DialogueResponse.newBuilder().setTurnId(0).setTextDelta("Hello.").build().toByteArray(),
                DialogueResponse.newBuilder().setTurnId(1).setAction(Action.newBuilder().setEndCall(
                        EndCall.newBuilder().setReason("done"))).build().toByteArray(),
                DialogueResponse.newBuilder().setTurnId(1).setDone(TurnDone.newBuilder().setBrain("flow")
                        .setExpect(ExpectedReply.newBuilder().addDigitCounts(4))
                        .setState(ByteString.copyFromUtf8("{}")).addRedactValues("x")).build().toByteArray());
        for (byte[] bytes : answers) {
            DialogueResponse.parseFrom(bytes);
        }
        List<byte[]> recognition = List.of(
                RecognizeRequest.newBuilder().setConfig(StreamConfig.newBuilder().setTenantId("warm-up")
                        .setCallId("w").setSampleRateHz(16_000).setLanguage("en-US")).build().toByteArray(),
                RecognizeRequest.newBuilder().setAudio(ByteString.copyFrom(new byte[1024])).build().toByteArray(),
                RecognizeRequest.newBuilder().setFlush(Flush.newBuilder().setSeq(1).setTrace(TRACE)).build()
                        .toByteArray(),
                RecognizeRequest.newBuilder().setExpectation(Expectation.newBuilder().addDigitCounts(4)).build()
                        .toByteArray());
        for (byte[] bytes : recognition) {
            RecognizeRequest.parseFrom(bytes);
        }
        Transcript heard = Transcript.newBuilder().setText("where is it").setConfidence(0.9f).setAudioStartMs(1)
                .setAudioEndMs(2).setFlushSeq(1).setEngine("vosk").addWords(Word.newBuilder().setWord("where")
                        .setStartMs(1).setEndMs(2).setConfidence(0.9f)).build();
        RecognizeResponse.parseFrom(RecognizeResponse.newBuilder().setPartial(heard).build().toByteArray());
        RecognizeResponse.parseFrom(RecognizeResponse.newBuilder().setFinal(heard).build().toByteArray());
        List<byte[]> synthesis = List.of(
                SynthesizeRequest.newBuilder().setConfig(SynthesisConfig.newBuilder().setTenantId("warm-up")
                        .setCallId("w").setTurnId(1).setVoice("").setSampleRateHz(8_000).setTrace(TRACE)).build()
                        .toByteArray(),
                SynthesizeRequest.newBuilder().setText("Hello.").build().toByteArray(),
                SynthesizeRequest.newBuilder().setEnd(EndOfText.getDefaultInstance()).build().toByteArray());
        for (byte[] bytes : synthesis) {
            SynthesizeRequest.parseFrom(bytes);
        }
        SynthesizeResponse.parseFrom(SynthesizeResponse.newBuilder().setAudio(AudioChunk.newBuilder()
                .setPcm(ByteString.copyFrom(new byte[320])).setSampleRateHz(8_000).setTextStart(0).setTextEnd(6)
                .setPhraseIndex(0).setEngine("festival")).build().toByteArray());
        SynthesizeResponse.parseFrom(SynthesizeResponse.newBuilder().setDone(SynthesisDone.newBuilder().setPhrases(1)
                .setAudioMs(20)).build().toByteArray());
        return written.size() + answers.size() + recognition.size() + 2 + synthesis.size() + 2;
    }
}
