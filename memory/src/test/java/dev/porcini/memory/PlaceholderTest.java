package dev.porcini.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlaceholderTest {
    @Test
    void runs() {
        assertEquals(4, 2 + 2);
    }
}
