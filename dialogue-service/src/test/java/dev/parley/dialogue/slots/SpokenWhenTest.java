package dev.parley.dialogue.slots;

import dev.parley.dialogue.support.Heard;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpokenWhenTest {

    static List<String> found(String text) {
        return SpokenWhen.find(Utterance.of(text)).stream().map(w -> w.kind() + " " + w.value()).toList();
    }

    @Test
    void daysAsSaid() {
        assertEquals(List.of("day tomorrow"), found("can I come in tomorrow"));
        assertEquals(List.of("day next tuesday"), found("how about next Tuesday"));
        assertEquals(List.of("day day after tomorrow"), found("the day after tomorrow works"));
        assertEquals(List.of("day friday", "day saturday"), found("friday or saturday"));
    }

    @Test
    void datesWithAMonthAndADayOfTheMonth() {
        assertEquals(List.of("date march 3"), found("on march third"));
        assertEquals(List.of("date march 23"), found("march the twenty third"));
        assertEquals(List.of("date december 14"), found("the 14th of December"));
        assertEquals(List.of("date june 5"), found("june 5 please"));
        assertEquals(List.of(), found("may I ask something"), "'may' alone is a verb");
    }

    @Test
    void timesNeedAtBeforeThemOrAMarkerAfterThem() {
        assertEquals(List.of("time 3:30"), found("at three thirty"));
        assertEquals(List.of("time 10:30 am"), found("10:30 a.m. would be great"));
        assertEquals(List.of("time 3 pm"), found("anytime after 3pm"));
        assertEquals(List.of("time 9 am"), found("nine in the morning"));
        assertEquals(List.of("time 7:05 pm"), found("seven oh five pm"));
        assertEquals(List.of("time 2:30"), found("half past two"));
        assertEquals(List.of("time 4:45"), found("quarter to five"));
        assertEquals(List.of("time 11 o'clock"), found("eleven o'clock"));
        assertEquals(List.of("time noon"), found("around midday"));
        assertEquals(List.of("day tomorrow", "time 4:15 pm"), found("tomorrow at four fifteen in the afternoon"));
    }

    @Test
    void countsAndCodesAreNotTimes() {
        assertEquals(List.of(), found("two tickets please"));
        assertEquals(List.of(), found("my order is one two three four"));
        assertEquals(List.of(), found("at least thirteen"));
        assertEquals(List.of(), found("at one point it said delivered"));
        assertEquals(List.of(), found("I checked them one by one"));
        assertEquals(List.of("time 5 pm"), found("by five pm please"));
    }

    @Test
    void aTimeIsAsClearAsItsLeastClearWord() {
        Utterance said = Utterance.of("at three thirty", Heard.words("at three thirty@0.5", 0.9f), 0.8f);
        assertEquals(0.5f, SpokenWhen.find(said).get(0).confidence(), 1e-6);
    }
}
