package dev.porcini.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StackSizeTest {
    @Test
    void parsesSuffixes() {
        assertEquals(4096, StackSize.parse("4096"));
        assertEquals(64L << 10, StackSize.parse("64k"));
        assertEquals(256L << 20, StackSize.parse("256M"));
        assertEquals(1L << 30, StackSize.parse("1g"));
        assertEquals(-1, StackSize.parse("lots"));
        assertEquals(-1, StackSize.parse("-5m"));
        assertEquals(-1, StackSize.parse(""));
    }

    @Test
    void defaultWithoutProperty() {
        System.clearProperty(StackSize.PROPERTY);
        assertEquals(StackSize.DEFAULT, StackSize.configured());
    }

    @Test
    void badPropertyIsOneErrorLine() {
        System.setProperty(StackSize.PROPERTY, "tiny");
        try {
            Cli cli = Cli.run("--help").assertOneErrorLine(ExitCodes.USAGE);
            assertTrue(cli.errorLine().contains("porcini.stack.size=tiny"), cli::toString);
        } finally {
            System.clearProperty(StackSize.PROPERTY);
        }
    }
}
