package dev.parley.e2e.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import org.junit.jupiter.api.Test;

class CallerVoiceTest {
    @Test
    void utteranceIsWholePhoneFramesFromFirstToLastAudibleFrame() {
        CallerVoice voice = new CallerVoice();
        byte[] ulaw = voice.speak("what are your opening hours");
        assertEquals(0, ulaw.length % PhonePlayback.FRAME_BYTES);
        short[] pcm = MuLaw.decode(ulaw);
        int frames = pcm.length / 160;
        assertTrue(frames > 40 && frames < 150, "about a second and a half of speech, got " + frames + " frames");
        assertTrue(Pcm16.rmsDbfs(pcm, 0, 160) > -50, "starts with speech, not the synthesizer's lead-in");
        assertTrue(Pcm16.rmsDbfs(pcm, pcm.length - 160, 160) > -50, "ends with speech: its last frame is the end");
        assertNotSame(ulaw, voice.speak("what are your opening hours"), "callers get their own copy");
    }

    @Test
    void trimmingDropsQuietLeadInAndTail() {
        short[] pcm = new short[160 * 10];
        for (int i = 160 * 3; i < 160 * 6; i++) {
            pcm[i] = (short) (5000 * Math.sin(i / 3.0));
        }
        assertEquals(160 * 3, CallerVoice.trimToSpeech(pcm).length);
        assertEquals(0, CallerVoice.trimToSpeech(new short[1600]).length);
    }
}
