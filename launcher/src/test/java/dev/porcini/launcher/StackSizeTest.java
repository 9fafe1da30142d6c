package dev.porcini.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.porcini.language.GuestThread;

class StackSizeTest {
    @Test
    void parsesSuffixes() {
        assertEquals(4096, GuestThread.parseSize("4096"));
        assertEquals(64L << 10, GuestThread.parseSize("64k"));
        assertEquals(256L << 20, GuestThread.parseSize("256M"));
        assertEquals(1L << 30, GuestThread.parseSize("1g"));
        assertEquals(-1, GuestThread.parseSize("lots"));
        assertEquals(-1, GuestThread.parseSize("-5m"));
        assertEquals(-1, GuestThread.parseSize(""));
    }

    @Test
    void defaultWithoutProperty() {
        System.clearProperty(StackSize.PROPERTY);
        assertEquals(GuestThread.DEFAULT_STACK_SIZE, StackSize.configured());
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
