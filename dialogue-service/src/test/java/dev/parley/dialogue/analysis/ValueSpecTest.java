package dev.parley.dialogue.analysis;

import dev.parley.dialogue.tools.ToolResult;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Each source of a value the tenant asks for, and the conversions its type asks for. */
class ValueSpecTest {

    static CallRecord.Facts booked() {
        CallRecord r = new CallRecord();
        r.callerTurn(1);
        r.callerTurn(2);
        r.toolSucceeded("book", Map.of("patient", "482913"), ToolResult.notFound());
        r.toolSucceeded("book", Map.of("patient", "482913"), ToolResult.found(Map.of("day", "Tuesday",
                "price", "45.50", "slots", "2", "paid", "yes")));
        return r.facts();
    }

    static Object value(ValueSpec spec) {
        return spec.valueIn(booked(), Boolean.TRUE);
    }

    @Test
    void readsSlotsToolFieldsAndCallFacts() {
        assertEquals("482913", value(new ValueSpec("patient", null, null, null, null)));
        assertNull(value(new ValueSpec("order", null, null, null, null)), "a slot never given");
        assertEquals(Boolean.TRUE, value(new ValueSpec(null, "book", null, null, null)), "found, of the newest run");
        assertEquals(Boolean.TRUE, value(new ValueSpec(null, "book", "ok", null, null)));
        assertEquals("Tuesday", value(new ValueSpec(null, "book", "day", null, null)));
        assertNull(value(new ValueSpec(null, "book", "dentist", null, null)), "a field the tool did not answer");
        assertEquals(Boolean.FALSE, value(new ValueSpec(null, "refund", null, null, null)), "a tool never run");
        assertEquals("caller-hangup", value(new ValueSpec(null, null, null, "endReason", null)));
        assertEquals(2L, value(new ValueSpec(null, null, null, "callerTurns", null)));
        assertEquals(Boolean.TRUE, value(new ValueSpec(null, null, null, "goalReached", null)));
        assertEquals(Boolean.FALSE, value(new ValueSpec(null, null, null, "transferred", null)));
    }

    @Test
    void convertsToTheTypeAskedFor() {
        assertEquals(new BigDecimal("45.50"), value(new ValueSpec(null, "book", "price", null, "number")));
        assertEquals(2L, value(new ValueSpec(null, "book", "slots", null, "number")));
        assertEquals(482913L, value(new ValueSpec("patient", null, null, null, "number")));
        assertNull(value(new ValueSpec(null, "book", "day", null, "number")), "Tuesday is no number");
        assertEquals(Boolean.TRUE, value(new ValueSpec(null, "book", "paid", null, "boolean")));
        assertNull(value(new ValueSpec(null, "book", "day", null, "boolean")));
        assertEquals("true", value(new ValueSpec(null, "book", "found", null, "string")));
        assertEquals("2", value(new ValueSpec(null, null, null, "callerTurns", "string")));
    }
}
