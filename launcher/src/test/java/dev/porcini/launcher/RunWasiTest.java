package dev.porcini.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code porcini run} with WASI programs: --dir, --env, arguments, exit codes, traps and --preload. */
class RunWasiTest {
    private static final Path PROGRAMS = Path.of("../wasi/src/test/resources/wasi-programs");

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Cli run(String... args) {
        RunCommand.stdio = new RunCommand.Stdio(new ByteArrayInputStream(new byte[0]), out, err);
        return Cli.run(args);
    }

    @AfterEach
    void restore() {
        RunCommand.stdio = null;
    }

    private String guestOut() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void argumentsAndEnvironment() {
        List<String> args = new ArrayList<>(List.of("run", "--env", "FIRST=1", "--env", "EMPTY=", "--env", "EQUALS=a=b=c",
                        "--env", "UNICODE=ß€", PROGRAMS.resolve("args_env.wasm").toString(), "--", "plain", "", "two words", "ünï€ode",
                        "--dash"));
        Cli cli = run(args.toArray(String[]::new));
        assertEquals(0, cli.status(), cli::toString);
        assertTrue(guestOut().startsWith("argc=6\nargv[0]=<" + PROGRAMS.resolve("args_env.wasm") + ">\nargv[1]=<plain>\nargv[2]=<>\n"),
                        guestOut());
        assertTrue(guestOut().contains("EQUALS=<a=b=c>\nFIRST=<1>\nUNICODE=<ß€>\nMISSING=(null)\nenviron entries=4\n"), guestOut());
    }

    @Test
    void exitCodeIsTheGuests() {
        Cli cli = run("run", PROGRAMS.resolve("exit_code.wasm").toString());
        assertEquals(7, cli.status(), cli::toString);
        assertEquals("buffered line\nlast words\n", guestOut());
        assertEquals(List.of(), cli.errLines());
    }

    @Test
    void dirGivesTheGuestAPreopenAndNothingElse() throws IOException {
        Path sandbox = Files.createDirectory(tmp.resolve("sandbox"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(sandbox.resolve("abs_link"), outside.resolve("secret.txt").toAbsolutePath());
        Files.createSymbolicLink(sandbox.resolve("rel_link"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(sandbox.resolve("dir_link"), Path.of("../outside"));
        Cli cli = run("run", "--dir", sandbox + "::/sandbox", PROGRAMS.resolve("sandbox.wasm").toString());
        assertEquals(0, cli.status(), cli::toString);
        assertTrue(guestOut().contains("dot-dot past root: 63\n") && guestOut().contains("relative symlink out: 63\n"), guestOut());
        assertTrue(Files.exists(sandbox.resolve("inside.txt")));
        assertEquals(List.of("secret.txt"), Files.list(outside).map(p -> p.getFileName().toString()).toList());
        assertTrue(!guestOut().contains(tmp.toString()), "no host path reaches the guest");
    }

    @Test
    void noDirMeansNoFiles() {
        Cli cli = run("run", PROGRAMS.resolve("files.wasm").toString());
        // files.c cannot open /sandbox/f.txt: every call fails, but the program still runs to its end.
        assertEquals(0, cli.status(), cli::toString);
        assertTrue(guestOut().startsWith("write -1\n"), guestOut());
    }

    @Test
    void missingDirIsAnError() {
        Cli cli = run("run", "--dir", tmp.resolve("nope").toString(), PROGRAMS.resolve("files.wasm").toString())
                        .assertOneErrorLine(ExitCodes.FAILURE);
        assertTrue(cli.errorLine().contains("is not a directory"), cli::toString);
    }

    @Test
    void trapPrintsMessageAndBacktrace() throws IOException {
        Path module = Files.writeString(tmp.resolve("trap.wat"), """
                        (module
                          (func $inner unreachable)
                          (func $outer call $inner)
                          (func (export "_start") call $outer))
                        """);
        Cli cli = run("run", module.toString());
        assertEquals(RunCommand.TRAP, cli.status(), cli::toString);
        List<String> lines = cli.errLines();
        assertTrue(lines.get(0).startsWith("porcini: error: ") && lines.get(0).contains("unreachable"), cli::toString);
        assertEquals("wasm backtrace:", lines.get(1), cli::toString);
        assertTrue(lines.get(2).contains("inner") && lines.get(3).contains("outer"), cli::toString);
    }

    @Test
    void preloadLinksAnotherModule() throws IOException {
        Path lib = Files.writeString(tmp.resolve("lib.wat"), "(module (func (export \"seven\") (result i32) i32.const 7))");
        Path main = Files.writeString(tmp.resolve("main.wat"), """
                        (module
                          (import "lib" "seven" (func $seven (result i32)))
                          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
                          (memory (export "memory") 1)
                          (func (export "_start") call $seven call $exit))
                        """);
        Cli cli = run("run", "--preload", "lib=" + lib, main.toString());
        assertEquals(7, cli.status(), cli::toString);
        Cli missing = run("run", main.toString()).assertOneErrorLine(ExitCodes.FAILURE);
        assertTrue(missing.errorLine().contains("unknown import lib.seven"), missing::toString);
    }
}
