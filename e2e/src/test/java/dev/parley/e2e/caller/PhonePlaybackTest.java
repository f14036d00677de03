package dev.parley.e2e.caller;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhonePlaybackTest {
    private final AgentTurn turn = new AgentTurn(0, null, 0, true);

    private static byte[] bytes(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void playsOneFrameOfAudioPerTickAcrossPayloadBoundaries() {
        PhonePlayback playback = new PhonePlayback();
        playback.enqueueAudio(turn, bytes(100, 1));
        playback.enqueueAudio(turn, bytes(100, 2));

        PhonePlayback.Tick first = playback.tick();
        assertEquals(160, first.playedBytes());
        assertArrayEquals(bytes(100, 1), first.played().get(0).audio());
        assertArrayEquals(bytes(60, 2), first.played().get(1).audio());

        PhonePlayback.Tick second = playback.tick();
        assertEquals(40, second.playedBytes(), "the queue ran dry: the speaker plays what is left");
        assertFalse(playback.hasQueuedAudio());
        assertEquals(0, playback.tick().playedBytes());
    }

    @Test
    void markIsDueOnlyOnceTheAudioQueuedBeforeItHasPlayed() {
        PhonePlayback playback = new PhonePlayback();
        playback.enqueueAudio(turn, bytes(480, 0));
        playback.enqueueMark("phrase-1");
        playback.enqueueAudio(turn, bytes(160, 0));
        playback.enqueueMark("phrase-2");

        assertEquals(List.of(), playback.tick().dueMarks());
        assertEquals(List.of(), playback.tick().dueMarks());
        assertEquals(List.of("phrase-1"), playback.tick().dueMarks(), "due in the tick that plays its last byte");
        assertEquals(List.of("phrase-2"), playback.tick().dueMarks());
        assertEquals(List.of(), playback.tick().dueMarks());
    }

    @Test
    void markWithNoAudioBeforeItIsDueAtTheNextTick() {
        PhonePlayback playback = new PhonePlayback();
        playback.enqueueMark("nothing-queued");
        PhonePlayback.Tick tick = playback.tick();
        assertEquals(List.of("nothing-queued"), tick.dueMarks());
        assertEquals(0, tick.playedBytes());
    }

    @Test
    void markBetweenTwoShortChunksIsDueInTheMiddleOfAFrame() {
        PhonePlayback playback = new PhonePlayback();
        playback.enqueueAudio(turn, bytes(80, 0));
        playback.enqueueMark("half");
        playback.enqueueAudio(turn, bytes(200, 0));
        PhonePlayback.Tick tick = playback.tick();
        assertEquals(List.of("half"), tick.dueMarks());
        assertEquals(160, tick.playedBytes(), "playback runs on past the mark within the same frame");
        assertEquals(120, playback.queuedAudioBytes());
    }

    @Test
    void clearDropsQueuedAudioAndMakesEveryPendingMarkDueInOrder() {
        PhonePlayback playback = new PhonePlayback();
        playback.enqueueAudio(turn, bytes(1600, 0));
        playback.enqueueMark("a");
        playback.enqueueAudio(turn, bytes(1600, 0));
        playback.enqueueMark("b");
        playback.tick();

        PhonePlayback.Cleared cleared = playback.clear();
        assertEquals(List.of("a", "b"), cleared.dueMarks());
        assertEquals(3200 - 160, cleared.droppedBytes());
        assertFalse(playback.hasQueuedAudio());
        assertEquals(0, playback.tick().playedBytes());

        playback.enqueueAudio(turn, bytes(160, 0));
        assertTrue(playback.hasQueuedAudio(), "audio after a clear plays normally");
        assertEquals(160, playback.tick().playedBytes());
    }

    @Test
    void playedAudioIsAttributedToTheTurnItWasReceivedFor() {
        AgentTurn next = new AgentTurn(1, "hello", 0, false);
        PhonePlayback playback = new PhonePlayback();
        playback.enqueueAudio(turn, bytes(100, 1));
        playback.enqueueAudio(next, bytes(100, 2));
        PhonePlayback.Tick tick = playback.tick();
        assertEquals(turn, tick.played().get(0).turn());
        assertEquals(next, tick.played().get(1).turn());
    }
}
