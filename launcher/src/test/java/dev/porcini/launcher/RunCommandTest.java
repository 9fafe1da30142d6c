package dev.porcini.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Polyglot's argument errors (as GraalVM 25.0.4 words them), retold for a command-line user. */
class RunCommandTest {
    @Test
    void arity() {
        String polyglot = "Invalid argument count when executing 'com.oracle.truffle.polyglot.PolyglotFunction'(language: Java, "
                        + "type: com.oracle.truffle.polyglot.PolyglotFunction) with arguments ['1'(language: Java, type: java.lang.Long), "
                        + "'2'(language: Java, type: java.lang.Long)]. Expected 1 argument(s) but got 2.";
        assertEquals("'fac' takes 1 argument(s), but 2 were given", RunCommand.argumentProblem("fac", 2, polyglot));
    }

    @Test
    void type() {
        String polyglot = "Invalid argument when executing 'com.oracle.truffle.polyglot.PolyglotFunction'(language: Java, "
                        + "type: com.oracle.truffle.polyglot.PolyglotFunction). expected a value of Wasm type i64 "
                        + "Provided arguments: ['1.5'(language: Java, type: java.lang.Double)].";
        assertEquals("bad argument for 'fac': expected a value of Wasm type i64", RunCommand.argumentProblem("fac", 1, polyglot));
    }

    @Test
    void anythingElseIsKept() {
        assertEquals("cannot call 'f' with 0 argument(s): odd", RunCommand.argumentProblem("f", 0, "odd"));
    }
}
