package dev.porcini.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;

class CliInfoTest {
    @Test
    void help() {
        Cli cli = Cli.run("--help");
        assertEquals(0, cli.status(), cli::toString);
        for (String command : new String[]{"run", "wast", "validate"}) {
            assertTrue(cli.out().contains(command), () -> command + " missing from: " + cli.out());
        }
        assertEquals("", cli.err());
    }

    @Test
    void subcommandHelp() {
        Cli cli = Cli.run("run", "--help");
        assertEquals(0, cli.status(), cli::toString);
        assertTrue(cli.out().contains("--invoke"), cli::toString);
    }

    @Test
    void version() {
        Cli cli = Cli.run("--version");
        assertEquals(0, cli.status(), cli::toString);
        assertTrue(cli.outLines().getFirst().matches("porcini \\d+\\.\\d+\\.\\d+.*"), cli::toString);
        assertTrue(cli.out().contains("Java 25"), cli::toString);
    }

    /** The tests run with the JIT flags (see the parent pom's jit.args); the fallback interpreter proves nothing. */
    @Test
    void optimizingRuntimeIsActive() {
        try (Engine engine = Engine.create()) {
            String name = engine.getImplementationName();
            assertTrue(!"Interpreted".equals(name), "Truffle runs on the fallback interpreter: " + name);
        }
        Cli cli = Cli.run("--version");
        assertTrue(cli.out().contains("Truffle runtime: ") && !cli.out().contains("Interpreted"), cli::toString);
    }
}
