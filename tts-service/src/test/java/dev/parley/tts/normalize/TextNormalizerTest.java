package dev.parley.tts.normalize;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextNormalizerTest {
    private final TextNormalizer normalizer = new TextNormalizer();

    private String spoken(String text) {
        return normalizer.normalize(text).spoken();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "It costs 50 euros.|It costs fifty euros.",
            "Return it within 30 days.|Return it within thirty days.",
            "We have 1,250 stores.|We have one thousand two hundred fifty stores.",
            "That is 3.5 percent.|That is three point five percent.",
            "Growth was 12%.|Growth was twelve percent.",
            "It fell to -5 degrees.|It fell to minus five degrees.",
            "About 2-3 days.|About two to three days.",
            "Half: 1/2 of it, 3/4 of them.|Half, one half of it, three quarters of them.",
            "We're open 24/7.|We're open twenty four seven.",
            "The 1990s were fun.|The nineteen nineties were fun.",
            "Founded in 1998.|Founded in nineteen ninety eight.",
            "Since 2005 and in 2024.|Since two thousand five and in twenty twenty four.",
            "There were 2024 attendees.|There were two thousand twenty four attendees.",
    })
    void readsQuantities(String text, String expected) {
        assertEquals(expected, spoken(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "That's $50.|That's fifty dollars.",
            "Only $1 today.|Only one dollar today.",
            "It's $5.99 each.|It's five dollars and ninety nine cents each.",
            "Just $0.75.|Just seventy five cents.",
            "A $1,200 refund.|A one thousand two hundred dollars refund.",
            "Raised $1.5 million.|Raised one point five million dollars.",
            "About $5k.|About five thousand dollars.",
            "It is £20.|It is twenty pounds.",
            "Prices from $50-$100.|Prices from fifty dollars to one hundred dollars.",
    })
    void readsMoney(String text, String expected) {
        assertEquals(expected, spoken(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Open at 9 am.|Open at nine a m.",
            "Open 9am-6pm daily.|Open nine a m to six p m daily.",
            "Closes at 6 PM today.|Closes at six p m today.",
            "See you at 9:30 p.m. tomorrow.|See you at nine thirty p m tomorrow.",
            "We close at 5 p.m.|We close at five p m.",
            "At 9:05 am sharp.|At nine oh five a m sharp.",
            "Meet at 9:00.|Meet at nine o'clock.",
            "Departure 14:30.|Departure fourteen thirty.",
            "Departure 18:00.|Departure eighteen hundred.",
    })
    void readsTimes(String text, String expected) {
        assertEquals(expected, spoken(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Due on 2024-03-15.|Due on March fifteenth, twenty twenty four.",
            "Due on 3/15/2024.|Due on March fifteenth, twenty twenty four.",
            "Due March 5.|Due March fifth.",
            "Due Jan. 5, 2025.|Due January fifth, twenty twenty five.",
            "Due on the 5th of March.|Due on the fifth of March.",
            "Due 5 March.|Due the fifth of March.",
            "It's the 21st time.|It's the twenty first time.",
            "Open Mon-Fri.|Open Monday to Friday.",
            "Open Monday-Friday.|Open Monday to Friday.",
            "Open Sat, Sun.|Open Saturday, Sunday.",
            "The sun is out.|The sun is out.",
            "May I help?|May I help?",
    })
    void readsDates(String text, String expected) {
        assertEquals(expected, spoken(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Your order 1234 has shipped.|Your order one two three four has shipped.",
            "Your order number is 98765.|Your order number is nine eight seven six five.",
            "Order #4521 is ready.|Order number four five two one is ready.",
            "Your PIN is 0042.|Your pin is zero zero four two.",
            "Card ending in 4321.|Card ending in four three two one.",
            "Call 555-123-4567 now.|Call five five five, one two three, four five six seven now.",
            "Call (555) 123-4567.|Call five five five, one two three, four five six seven.",
            "Call +1 555 123 4567.|Call one, five five five, one two three, four five six seven.",
            "Dial 555-1234.|Dial five five five, one two three four.",
            "Reference 5551234567.|Reference five five five one two three four five six seven.",
            "I have 1234 apples.|I have one thousand two hundred thirty four apples.",
            "No. 1234 is yours.|number one two three four is yours.",
            "Flight 12 leaves.|Flight twelve leaves.",
    })
    void readsIdentifiersDigitByDigit(String text, String expected) {
        assertEquals(expected, spoken(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Dr. Smith will call.|Doctor Smith will call.",
            "It's on Elm Dr. today.|It's on Elm Drive today.",
            "Visit St. Louis.|Visit Saint Louis.",
            "It's on Main St.|It's on Main Street.",
            "Mr. and Mrs. Jones.|Mister and Missus Jones.",
            "Bring fruit, e.g. apples.|Bring fruit, for example apples.",
            "Apples vs. oranges.|Apples versus oranges.",
            "It weighs 5 kg and 1 lb.|It weighs five kilograms and one pound.",
            "Wait 10 min please.|Wait ten minutes please.",
            "Bring your ID and the FAQ.|Bring your I D and the F A Q.",
            "Tom & Jerry.|Tom and Jerry.",
            "Email me @ home.|Email me at home.",
            "It's **really** good.|It's really good.",
            "A café in Zürich.|A cafe in Zurich.",
            "Wait — really?|Wait, really?",
            "A well-known fact.|A well known fact.",
            "It's 72°F outside.|It's seventy two degrees Fahrenheit outside.",
            "OK, done.|okay, done.",
    })
    void readsAbbreviationsAndSymbols(String text, String expected) {
        assertEquals(expected, spoken(text));
    }

    @Test
    void spokenTextHoldsOnlyWhatEveryEngineCanSay() {
        String s = spoken("Héllo 🙂 \"quoted\" <b>bold</b> \\ back {x} [y] ~z~ ^ | `code` 日本");
        assertTrue(s.matches("[A-Za-z' .,?!]*"), s);
        assertEquals("Hello quoted b bold b back x y z code", s);
    }

    @Test
    void offsetMapPointsBackIntoTheOriginalText() {
        String text = "Your order 1234 costs $50.";
        NormalizedText n = normalizer.normalize(text);
        assertEquals("Your order one two three four costs fifty dollars.", n.spoken());
        int digits = n.spoken().indexOf("one two three four");
        assertArrayEquals(new int[] {11, 15}, n.sourceRange(digits, digits + "one two three four".length()));
        int dollars = n.spoken().indexOf("fifty dollars");
        assertEquals("$50", slice(text, n.sourceRange(dollars, dollars + "fifty dollars".length())));
        assertEquals("Your order 1234 costs $50.", slice(text, n.sourceRange(0, n.spoken().length())));
        for (NormalizedText.Segment s : n.segments()) {
            assertTrue(s.sourceStart() >= 0 && s.sourceEnd() <= text.length() && s.sourceStart() < s.sourceEnd());
        }
    }

    @Test
    void normalizesARangeWithOffsetsIntoTheWholeUtteranceAndReadsContextBeforeIt() {
        String utterance = "Thanks. Your order number is 1234, and it ships today.";
        int from = utterance.indexOf("1234");
        NormalizedText n = normalizer.normalize(utterance, from, utterance.length());
        assertEquals("one two three four, and it ships today.", n.spoken());
        assertEquals(from, n.segments().get(0).sourceStart());
        assertEquals(utterance.length(), n.segments().get(n.segments().size() - 1).sourceEnd());
        assertEquals("1234", slice(utterance, n.sourceRange(0, "one two three four".length())));

        NormalizedText alone = normalizer.normalize("1234, and it ships today.");
        assertEquals("one thousand two hundred thirty four, and it ships today.", alone.spoken());
    }

    @Test
    void contextCuesDoNotReachAcrossUnrelatedWords() {
        assertEquals("The order has one hundred fifty items.", spoken("The order has 150 items."));
    }

    @Test
    void rejectsARangeOutsideTheText() {
        assertThrows(IllegalArgumentException.class, () -> normalizer.normalize("abc", 2, 5));
    }

    @Test
    void numberWordsCoverLargeAndEdgeValues() {
        assertEquals("zero", NumberWords.cardinal(0));
        assertEquals("one million two hundred thousand five", NumberWords.cardinal(1_200_005));
        assertEquals("one hundredth", NumberWords.ordinal(100));
        assertEquals("twelfth", NumberWords.ordinal(12));
        assertEquals("nineteen oh five", NumberWords.year(1905));
        assertEquals("two thousand", NumberWords.year(2000));
        assertEquals("twenty ten", NumberWords.year(2010));
        assertEquals("one two three four five six seven eight nine zero one two three four five six",
                NumberWords.cardinal("1234567890123456"));
    }

    private static String slice(String text, int[] range) {
        return text.substring(range[0], range[1]);
    }
}
