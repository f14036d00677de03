package dev.parley.tts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** tts-service settings ({@code parley.tts.*}, each also settable as an environment variable). */
@ConfigMapping(prefix = "parley.tts")
public interface TtsConfig {

    /** Engines in fallback order; a phrase goes to the first that is available and succeeds. */
    @WithDefault("festival,flite")
    List<String> engines();

    /**
     * Voice for requests that name none. Engines that have it are tried first; the others still serve as fallbacks
     * with their own default voices. Unset: each engine's default voice, in {@link #engines()} order.
     */
    Optional<String> voice();

    /** Synthesis threads shared by all streams; 0 means one per processor. */
    @WithDefault("0")
    int workers();

    /** Longest utterance accepted, in characters of text. */
    @WithDefault("5000")
    int maxTextChars();

    /** Longest audio chunk; a longer phrase is sent as several chunks carrying the same text span. */
    @WithDefault("1000")
    int maxChunkMs();

    Phrasing phrasing();

    Flite flite();

    Festival festival();

    @WithName("warmup")
    WarmUp warmUp();

    interface Phrasing {
        /** A comma may end the first phrase once it has this many characters (short: it is on the critical path). */
        @WithDefault("12")
        int firstClauseChars();

        /** A comma may end a later phrase once it has this many characters. */
        @WithDefault("40")
        int clauseChars();

        /** Without punctuation, a phrase is cut at the next word boundary after this many characters. */
        @WithDefault("200")
        int maxChars();

        /**
         * A reply's first phrase is cut at the last whole word once text has been arriving this long without a cut
         * (a slowly streaming model is heard after its first words, not its first sentence); 0 turns it off.
         */
        @WithDefault("300")
        int firstPhraseMaxWaitMs();
    }

    interface Flite {
        /** kal16 (16 kHz diphone, fastest), slt, rms, awb, kal. */
        @WithDefault("kal16")
        String voice();

        /** Directory of libflite.so.1 and the voice libraries; unset: the system library path. */
        Optional<String> libraryDir();
    }

    interface WarmUp {
        /** Synthesize real utterances through the session path before readiness reports UP. */
        @WithDefault("true")
        boolean enabled();

        /** Utterances per engine (the first ones pay JIT compilation and the engines' first-use costs). */
        @WithDefault("3")
        int rounds();

        /** Longest the warm-up may take; then readiness reports what it has found so far. */
        @WithDefault("60s")
        Duration timeout();
    }

    interface Festival {
        @WithDefault("festival")
        String command();

        @WithDefault("cmu_us_slt_arctic_hts")
        String voice();

        /** Long-lived festival processes; each synthesizes one phrase at a time. */
        @WithDefault("2")
        int processes();

        /** Longest a phrase may wait for a free process, and then for festival, before falling back. */
        @WithDefault("2s")
        Duration timeout();
    }
}
