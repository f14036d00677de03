package dev.parley.dialogue.flow;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TemplateTest {

    @Test
    void fillsValuesAndSpellsDigits() {
        assertEquals("Order 1 2 3 4 has shipped.",
                Template.render("Order {order|digits} {status}.", Map.of("order", "1234", "status", "has shipped")));
    }

    @Test
    void aMissingValueIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Template.render("Order {order}.", Map.of()));
        assertEquals("template 'Order {order}.' needs a value for 'order'", e.getMessage());
    }
}
