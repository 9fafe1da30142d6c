package dev.porcini.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the launcher in-process and captures what it prints. */
record Cli(int status, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(status, out.toString(), err.toString());
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    List<String> errLines() {
        return err.lines().filter(line -> !line.startsWith("porcini: warning:")).toList();
    }

    /** The error contract: a non-zero status and exactly one "porcini: error:" line, no stack trace. */
    Cli assertOneErrorLine(int expectedStatus) {
        assertNotEquals(0, status, this::toString);
        assertEquals(expectedStatus, status, this::toString);
        List<String> lines = errLines();
        assertEquals(1, lines.size(), () -> "expected one line on stderr: " + this);
        assertTrue(lines.getFirst().startsWith("porcini: error: "), this::toString);
        assertFalse(err.contains("\tat ") || err.contains("Exception in thread"), () -> "stack trace: " + this);
        return this;
    }

    String errorLine() {
        return errLines().getFirst();
    }
}
