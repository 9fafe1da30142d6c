package dev.porcini.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line mistakes: one clear line on stderr, a non-zero status, nothing on stdout. */
class CliErrorTest {
    @TempDir
    Path dir;

    @Test
    void noCommand() {
        Cli cli = Cli.run().assertOneErrorLine(ExitCodes.USAGE);
        assertTrue(cli.errorLine().contains("no command given"), cli::toString);
        assertEquals("", cli.out());
    }

    @Test
    void unknownCommand() {
        Cli cli = Cli.run("frobnicate").assertOneErrorLine(ExitCodes.USAGE);
        assertTrue(cli.errorLine().contains("unknown command 'frobnicate'"), cli::toString);
    }

    @Test
    void unknownTopLevelOption() {
        Cli cli = Cli.run("--frobnicate").assertOneErrorLine(ExitCodes.USAGE);
        assertTrue(cli.errorLine().contains("--frobnicate"), cli::toString);
    }

    @Test
    void runWithoutFile() {
        Cli cli = Cli.run("run").assertOneErrorLine(ExitCodes.USAGE);
        assertTrue(cli.errorLine().contains("FILE"), cli::toString);
    }

    @Test
    void runMissingFile() {
        String missing = dir.resolve("missing.wasm").toString();
        Cli cli = Cli.run("run", missing).assertOneErrorLine(ExitCodes.FAILURE);
        assertEquals("porcini: error: " + missing + ": no such file", cli.errorLine());
        assertEquals("", cli.out());
    }

    @Test
    void runShorthandMissingFile() {
        String missing = dir.resolve("missing.wasm").toString();
        Cli cli = Cli.run(missing, "--invoke", "f").assertOneErrorLine(ExitCodes.FAILURE);
        assertTrue(cli.errorLine().endsWith("missing.wasm: no such file"), cli::toString);
    }

    @Test
    void runDirectory() {
        Cli cli = Cli.run("run", dir.toString()).assertOneErrorLine(ExitCodes.FAILURE);
        assertTrue(cli.errorLine().contains("is a directory"), cli::toString);
    }

    @Test
    void runUnknownOption() {
        Cli cli = Cli.run("run", "--frobnicate", "x.wasm").assertOneErrorLine(ExitCodes.USAGE);
        assertTrue(cli.errorLine().contains("unknown option '--frobnicate'"), cli::toString);
    }

    @Test
    void invokeWithoutName() {
        Cli cli = Cli.run("run", "x.wat", "--invoke").assertOneErrorLine(ExitCodes.USAGE);
        assertTrue(cli.errorLine().contains("--invoke"), cli::toString);
    }

    @Test
    void invokeWithNonNumericArgument() throws IOException {
        Path module = Files.writeString(dir.resolve("m.wat"), "(module)");
        Cli cli = Cli.run("run", module.toString(), "--invoke", "f", "1", "two").assertOneErrorLine(ExitCodes.USAGE);
        assertTrue(cli.errorLine().contains("argument 'two' is not a number"), cli::toString);
    }

    @Test
    void invokeWithTooLargeInteger() throws IOException {
        Path module = Files.writeString(dir.resolve("m.wat"), "(module)");
        Cli cli = Cli.run("run", module.toString(), "--invoke", "f", "99999999999999999999999").assertOneErrorLine(ExitCodes.USAGE);
        assertTrue(cli.errorLine().contains("out of range"), cli::toString);
    }


    @Test
    void badEngineOptionIsReportedAsSuch() throws IOException {
        // PORCINI_JAVA_OPTS reaches the engine as -Dpolyglot.* system properties.
        Path module = Files.writeString(dir.resolve("m.wat"), "(module)");
        System.setProperty("polyglot.engine.NoSuchOption", "true");
        try {
            Cli cli = Cli.run("run", module.toString()).assertOneErrorLine(ExitCodes.FAILURE);
            assertTrue(cli.errorLine().contains("the engine could not start"), cli::toString);
            assertTrue(cli.errorLine().contains("engine.NoSuchOption"), cli::toString);
        } finally {
            System.clearProperty("polyglot.engine.NoSuchOption");
        }
    }
    @Test
    void textThatIsNotUtf8() throws IOException {
        Path module = Files.write(dir.resolve("m.wat"), new byte[]{'(', (byte) 0xff, (byte) 0xfe, ')'});
        Cli cli = Cli.run("validate", module.toString()).assertOneErrorLine(ExitCodes.FAILURE);
        assertTrue(cli.errorLine().contains("neither a Wasm binary nor UTF-8 text"), cli::toString);
    }

    @Test
    void wastWithoutArguments() {
        Cli.run("wast").assertOneErrorLine(ExitCodes.USAGE);
    }

    @Test
    void wastMissingPath() {
        String missing = dir.resolve("missing.wast").toString();
        Cli cli = Cli.run("wast", missing).assertOneErrorLine(ExitCodes.FAILURE);
        assertEquals("porcini: error: " + missing + ": no such file or folder", cli.errorLine());
        assertEquals("", cli.out());
    }

    @Test
    void wastFolderWithoutScripts() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not a script");
        Cli cli = Cli.run("wast", dir.toString()).assertOneErrorLine(ExitCodes.FAILURE);
        assertTrue(cli.errorLine().contains("no .wast files"), cli::toString);
    }

    @Test
    void validateMissingFile() {
        String missing = dir.resolve("missing.wat").toString();
        Cli cli = Cli.run("validate", missing).assertOneErrorLine(ExitCodes.FAILURE);
        assertEquals("porcini: error: " + missing + ": no such file", cli.errorLine());
    }

    @Test
    void validateWithoutArguments() {
        Cli.run("validate").assertOneErrorLine(ExitCodes.USAGE);
    }
}
