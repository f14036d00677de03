package dev.parley.dialogue.slots;

import dev.parley.dialogue.support.Heard;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpokenNameTest {

    static List<String> names(String text) {
        return SpokenName.find(Utterance.of(text)).stream().map(SpokenName.Name::value).toList();
    }

    @Test
    void theWordsAfterAnIntroductionAreTheNameUpToWhereTheSentenceGoesOn() {
        assertEquals(List.of("Ann Lee"), names("hi my name is ann lee and I'd like to book a cleaning"));
        assertEquals(List.of("Oliver"), names("yeah the name's oliver"));
        assertEquals(List.of("Sam"), names("you can call me sam please"));
        assertEquals(List.of("Maria Del Carmen"), names("my name is maria del carmen lopez"), "three words at most");
        assertEquals(List.of("Smith"), names("my last name is mister smith"), "a title is not the name");
        assertEquals(List.of("O'brien"), names("My name is O'Brien."));
    }

    @Test
    void withoutAnIntroductionNothingIsAName() {
        assertEquals(List.of(), names("I'm looking for my order"));
        assertEquals(List.of(), names("this is taking forever"));
        assertEquals(List.of(), names("my name is uh"));
        assertEquals(List.of(), names("the number is four two"));
        assertEquals(List.of(), names("my name is"));
    }

    @Test
    void theNameIsAsClearAsItsLeastClearWord() {
        Utterance said = Utterance.of("my name is ann lee", Heard.words("my name is ann lee@0.42", 0.95f), 0.8f);
        SpokenName.Name name = SpokenName.find(said).get(0);
        assertEquals("Ann Lee", name.value());
        assertEquals(0.42f, name.confidence(), 1e-6);
    }
}
