package dev.porcini.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against the real engine, through the polyglot API only. These need the
 * {@code wasm} language on the class path; without it every test here fails with the launcher's
 * "not installed" line rather than passing vacuously.
 */
class EndToEndTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static void assertOk(Cli cli) {
        assertEquals(0, cli.status(), cli::toString);
        assertEquals(List.of(), cli.errLines(), cli::toString);
    }

    @Test
    void readmeExample() {
        Cli cli = Cli.run("run", "../examples/fac.wat", "--invoke", "fac", "10");
        assertOk(cli);
        assertEquals(List.of("3628800"), cli.outLines());
    }

    @Test
    void invokeBeforeFileAndShorthand() {
        assertEquals(List.of("2432902008176640000"), Cli.run("run", "--invoke", "fac_iter", "../examples/fac.wat", "20").outLines());
        assertEquals(List.of("1"), Cli.run("../examples/fac.wat", "--invoke", "fac", "0").outLines());
    }

    @Test
    void invokeBinaryModule() throws IOException {
        // (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
        byte[] add = {
                        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                        0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
                        0x03, 0x02, 0x01, 0x00,
                        0x07, 0x07, 0x01, 0x03, 'a', 'd', 'd', 0x00, 0x00,
                        0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
        };
        Path module = Files.write(dir.resolve("add.wasm"), add);
        Cli cli = Cli.run("run", module.toString(), "--invoke", "add", "40", "-2");
        assertOk(cli);
        assertEquals(List.of("38"), cli.outLines());
    }

    @Test
    void severalResultsPrintOnePerLine() {
        Cli cli = Cli.run("run", "../examples/divmod.wat", "--invoke", "divmod", "17", "5");
        assertOk(cli);
        assertEquals(List.of("3", "2"), cli.outLines());
    }

    @Test
    void floatsAndNoResult() throws IOException {
        Path module = write("floats.wat", """
                        (module
                          (func (export "tenth") (result f32) (f32.const 0.1))
                          (func (export "half") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5)))
                          (func (export "nothing")))
                        """);
        assertEquals(List.of("0.1"), Cli.run("run", module.toString(), "--invoke", "tenth").outLines());
        assertEquals(List.of("1.25"), Cli.run("run", module.toString(), "--invoke", "half", "2.5").outLines());
        assertEquals(List.of("-inf"), Cli.run("run", module.toString(), "--invoke", "half", "-inf").outLines());
        Cli nothing = Cli.run("run", module.toString(), "--invoke", "nothing");
        assertOk(nothing);
        assertEquals("", nothing.out());
    }

    @Test
    void trapIsOneLine() {
        Cli cli = Cli.run("run", "../examples/divmod.wat", "--invoke", "divmod", "1", "0").assertOneErrorLine(ExitCodes.FAILURE);
        assertTrue(cli.errorLine().contains("integer divide by zero"), cli::toString);
        assertEquals("", cli.out());
    }

    @Test
    void deepRecursionTrapsAsCallStackExhausted() throws IOException {
        Path module = write("deep.wat", """
                        (module (func $f (export "f") (param i32) (result i32)
                          (i32.add (i32.const 1) (call $f (local.get 0)))))
                        """);
        Cli cli = Cli.run("run", module.toString(), "--invoke", "f", "0").assertOneErrorLine(ExitCodes.FAILURE);
        assertTrue(cli.errorLine().contains("call stack exhausted"), cli::toString);
    }

    @Test
    void missingExportNamesTheFunctions() {
        Cli cli = Cli.run("run", "../examples/fac.wat", "--invoke", "nope").assertOneErrorLine(ExitCodes.FAILURE);
        assertTrue(cli.errorLine().contains("has no export named 'nope'"), cli::toString);
        assertTrue(cli.errorLine().contains("fac, fac_iter"), cli::toString);
    }

    @Test
    void wrongArgumentCount() {
        Cli cli = Cli.run("run", "../examples/fac.wat", "--invoke", "fac").assertOneErrorLine(ExitCodes.USAGE);
        assertEquals("porcini: error: ../examples/fac.wat: 'fac' takes 1 argument(s), but 0 were given", cli.errorLine());
    }

    @Test
    void argumentOfTheWrongType() {
        Cli cli = Cli.run("run", "../examples/fac.wat", "--invoke", "fac", "1.5").assertOneErrorLine(ExitCodes.USAGE);
        assertTrue(cli.errorLine().startsWith("porcini: error: ../examples/fac.wat: ") && cli.errorLine().contains("'fac'"), cli::toString);
        assertFalse(cli.errorLine().contains("com.oracle"), cli::toString);
    }

    @Test
    void startExportRunsWithoutInvoke() throws IOException {
        Path quiet = write("quiet.wat", "(module (func (export \"_start\")))");
        Cli ok = Cli.run("run", quiet.toString());
        assertOk(ok);
        assertEquals("", ok.out());
        Path trapping = write("trapping.wat", "(module (func (export \"_start\") unreachable))");
        Cli cli = Cli.run("run", trapping.toString());
        assertEquals(RunCommand.TRAP, cli.status(), cli::toString);
        assertTrue(cli.errLines().getFirst().startsWith("porcini: error: ") && cli.errLines().getFirst().contains("unreachable"),
                        cli::toString);
    }

    @Test
    void unknownImportIsNamed() throws IOException {
        Path module = write("needs.wat", """
                        (module
                          (import "wasi_snapshot_preview1" "no_such_call" (func (param i32)))
                          (func (export "_start")))
                        """);
        Cli cli = Cli.run("run", module.toString()).assertOneErrorLine(ExitCodes.FAILURE);
        assertTrue(cli.errorLine().contains("unknown import wasi_snapshot_preview1.no_such_call"), cli::toString);
    }

    @Test
    void validateValidAndInvalid() throws IOException {
        Cli valid = Cli.run("validate", "../examples/fac.wat");
        assertOk(valid);
        assertEquals(List.of("../examples/fac.wat: valid"), valid.outLines());

        Path invalid = write("invalid.wat", "(module (func (result i32) (i64.const 1)))");
        Cli cli = Cli.run("validate", invalid.toString()).assertOneErrorLine(ExitCodes.FAILURE);
        assertTrue(cli.errorLine().startsWith("porcini: error: " + invalid + ": "), cli::toString);
        assertTrue(cli.errorLine().contains("type mismatch"), cli::toString);
        assertEquals("", cli.out());
    }

    @Test
    void validateMalformedBinary() throws IOException {
        Path malformed = Files.write(dir.resolve("bad.wasm"), new byte[]{0, 'a', 's', 'm', 2, 0, 0, 0});
        Cli cli = Cli.run("validate", malformed.toString()).assertOneErrorLine(ExitCodes.FAILURE);
        assertTrue(cli.errorLine().startsWith("porcini: error: " + malformed + ": "), cli::toString);
    }

    @Test
    void wastPassingScript() throws IOException {
        Path script = write("pass.wast", """
                        (module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
                        (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
                        (assert_return (invoke "add" (i32.const -1) (i32.const 1)) (i32.const 0))
                        """);
        Cli cli = Cli.run("wast", script.toString());
        assertOk(cli);
        List<String> lines = cli.outLines();
        assertEquals(2, lines.size(), cli::toString);
        assertTrue(lines.get(0).startsWith(script + ": "), cli::toString);
        assertTrue(lines.get(1).matches("\\d+ passed, 0 failed"), cli::toString);
        assertTrue(passed(lines.get(1)) >= 2, cli::toString);
    }

    @Test
    void wastFailingScriptShowsTheLine() throws IOException {
        Path script = write("fail.wast", """
                        (module (func (export "one") (result i32) (i32.const 1)))
                        (assert_return (invoke "one") (i32.const 1))
                        (assert_return (invoke "one") (i32.const 2))
                        """);
        Cli cli = Cli.run("wast", script.toString());
        assertEquals(ExitCodes.FAILURE, cli.status(), cli::toString);
        List<String> lines = cli.outLines();
        assertTrue(lines.get(0).startsWith(script + ": ") && lines.get(0).contains("1 failed"), cli::toString);
        assertTrue(lines.get(1).startsWith("    line 3"), cli::toString);
        assertTrue(lines.getLast().matches("\\d+ passed, 1 failed"), cli::toString);
    }

    @Test
    void wastFolderRunsSortedScriptsAndTotals() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("suite"));
        String script = """
                        (module (func (export "one") (result i32) (i32.const 1)))
                        (assert_return (invoke "one") (i32.const 1))
                        """;
        Files.writeString(folder.resolve("b.wast"), script);
        Files.writeString(folder.resolve("a.wast"), script);
        Files.writeString(folder.resolve("ignored.wat"), "(module)");
        Cli cli = Cli.run("wast", folder.toString());
        assertOk(cli);
        List<String> lines = cli.outLines();
        assertEquals(3, lines.size(), cli::toString);
        assertTrue(lines.get(0).startsWith(folder.resolve("a.wast") + ": "), cli::toString);
        assertTrue(lines.get(1).startsWith(folder.resolve("b.wast") + ": "), cli::toString);
        assertEquals(2 * passed(lines.get(0).substring(lines.get(0).indexOf(": ") + 2)), passed(lines.get(2)), cli::toString);
    }

    @Test
    void wastScriptThatDoesNotParseCountsAsFailed() throws IOException {
        Path script = write("broken.wast", "(module (func $f (export \"f\")\n");
        Cli cli = Cli.run("wast", script.toString());
        assertEquals(ExitCodes.FAILURE, cli.status(), cli::toString);
        // However the engine reports it (an error or failed commands), the script must not pass.
        assertTrue(cli.outLines().getFirst().startsWith(script + ": "), cli::toString);
        assertTrue(cli.outLines().getLast().matches("\\d+ passed, [1-9]\\d* failed"), cli::toString);
    }

    private static int passed(String summary) {
        return Integer.parseInt(summary.substring(0, summary.indexOf(' ')));
    }
}
