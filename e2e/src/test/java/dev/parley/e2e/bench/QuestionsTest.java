package dev.parley.e2e.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuestionsTest {
    @Test
    void heldOutSetHasAtLeastTwentyQuestionsPerTenantNoneOfThemDictation() {
        List<Questions.Question> all = Questions.heldOut();
        for (String tenant : Questions.TENANTS) {
            long n = all.stream().filter(q -> q.tenant().equals(tenant)).count();
            assertTrue(n >= 20, tenant + " has " + n);
        }
        assertTrue(all.stream().allMatch(Questions.Question::heldOut));
        assertTrue(all.stream().noneMatch(Questions.Question::dictation), "complete questions, not numbers");
    }

    @Test
    void theScriptSaysWhichLinesAreDictation() {
        List<Questions.Question> acme = Questions.sampleCall("acme");
        assertTrue(acme.get(0).dictation(), acme.get(0).text());
        assertFalse(acme.get(1).dictation(), acme.get(1).text());
        assertTrue(acme.get(acme.size() - 1).closesCall(), "goodbye ends the sample call");
    }

    @Test
    void everyClosingQuestionIsLastInItsCall() {
        List<Questions.Question> acme = Questions.heldOut().stream().filter(q -> q.tenant().equals("acme")).toList();
        List<List<Questions.Question>> calls = Questions.intoCalls(acme, 3);
        assertEquals(acme.size(), calls.stream().mapToInt(List::size).sum());
        for (List<Questions.Question> call : calls) {
            for (int i = 0; i < call.size() - 1; i++) {
                assertFalse(call.get(i).closesCall(), call.toString());
            }
        }
    }
}
