package dev.parley.gateway.amd;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the words of a greeting say about who answered: the whole list of word cues AMD uses, in one place. A cue is
 * a phrase, matched in the recognizer's lower-case text (apostrophes dropped, so "can't" and Vosk's "cant" match
 * alike); any one of the machine cues makes the greeting a recording, a human cue makes it a person (a machine cue
 * heard first wins). The detector acts on a human cue mid-sentence, so one must not begin a voicemail phrase.
 *
 * <p>The cues are the things voicemail greetings exist to say, not wordings of any test greeting: they ask for a
 * message, name the tone, say nobody can answer, name the mailbox or promise a call back. People answering the phone
 * talk to the caller: they ask who is calling or what it is about, offer help, say it is them speaking, or check the
 * line. Words a person might also say on picking up ("hello", "this is Sam", a name) are deliberately not cues:
 * timing decides those; so is "go ahead", which voicemail says as often ("go ahead and leave a message").
 */
public final class GreetingWords {
    public enum Side { MACHINE, HUMAN }

    /** One cue: which side it speaks for, why, and the phrase as a regular expression over normalized words. */
    record Cue(Side side, String why, Pattern phrase) {
        static Cue of(Side side, String why, String regex) {
            return new Cue(side, why, Pattern.compile("\\b(" + regex + ")\\b"));
        }
    }

    /** A cue found in a transcript: its side, why it counts, and the words that matched. */
    public record Match(Side side, String why, String words) {
    }

    static final List<Cue> CUES = List.of(
            // What a greeting is for: asking for a message (and what to put in it).
            Cue.of(Side.MACHINE, "asks for a message", "leave (\\w+ ){0,3}(message|name|number|details)"),
            Cue.of(Side.MACHINE, "asks for a message", "(record|state) your (\\w+ )?(message|name)"),
            // The tone that starts the recording.
            Cue.of(Side.MACHINE, "names the tone", "(after|at|following) the (tone|beep|signal)"),
            // Nobody is there to take the call.
            Cue.of(Side.MACHINE, "says nobody can answer",
                    "(cant|cannot|can not|unable to|not able to) (\\w+ )?(take|answer|get to|come to|pick up)"),
            Cue.of(Side.MACHINE, "says nobody can answer", "not available|unavailable|missed your call"),
            // Naming the mailbox, or what was reached.
            Cue.of(Side.MACHINE, "names the mailbox", "voice ?mail|mail ?box|answering machine"),
            Cue.of(Side.MACHINE, "says what was reached", "(you have|youve) reached"),
            // The promise of a call back.
            Cue.of(Side.MACHINE, "promises a call back",
                    "(get|got) back to you|(call|ring) you back|return your call"),
            // A person talks to the caller: asks who calls or why, offers help, says who speaks, checks the line.
            Cue.of(Side.HUMAN, "asks who is calling", "who( i|)s (this|calling|it|that|speaking)|who am i speaking"),
            Cue.of(Side.HUMAN, "offers help", "(can|may) i help|how can i help|what can i do for you"),
            Cue.of(Side.HUMAN, "asks what the call is about", "are you calling|is this|what is it"),
            // "Dave speaking", "yes, speaking", not "you are speaking to ..." nor "start speaking after ...".
            Cue.of(Side.HUMAN, "says who is speaking",
                    "(?<!\\b(are|youre|be|been|is|am|start|begin|keep|stop|when|while|after) )speaking"),
            Cue.of(Side.HUMAN, "checks the line", "can you hear me"));

    private GreetingWords() {
    }

    /** The first machine cue in {@code text}, else the first human cue; empty when it has neither. */
    public static Optional<Match> cue(String text) {
        String words = normalize(text);
        Optional<Match> human = Optional.empty();
        for (Cue cue : CUES) {
            Matcher m = cue.phrase().matcher(words);
            if (m.find()) {
                Match match = new Match(cue.side(), cue.why(), m.group());
                if (cue.side() == Side.MACHINE) {
                    return Optional.of(match);
                }
                human = human.isPresent() ? human : Optional.of(match);
            }
        }
        return human;
    }

    /** Lower case, apostrophes dropped, anything else that is not a letter or digit a single space. */
    static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("['’]", "").replaceAll("[^a-z0-9]+", " ").strip();
    }
}
