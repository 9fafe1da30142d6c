package dev.porcini.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code porcini} script and the built distribution, run as a user runs them. Runs after
 * {@code package} (see the script-tests execution in the launcher pom).
 */
class ScriptIT {
    private static final Path DIST = Path.of(System.getProperty("porcini.dist", "target/porcini-dist")).toAbsolutePath();
    private static final Path SOURCE_SCRIPT = Path.of(System.getProperty("porcini.script", "porcini")).toAbsolutePath();
    private static final Path DIST_SCRIPT = DIST.resolve("bin/porcini");
    /** The JDK 25 running this test. */
    private static final Path JDK25 = Path.of(System.getProperty("java.home"));

    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(Map<String, String> env, Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        // Start bash directly so that a test PATH without bash still works.
        command.add(bash());
        command.add(script.toString());
        command.addAll(List.of(args));
        return run(env, command, null);
    }

    private static Run run(Map<String, String> env, List<String> command, Path workDir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        if (env != null) {
            builder.environment().clear();
            builder.environment().putAll(env);
        }
        builder.environment().remove("PORCINI_JAVA_OPTS");
        Process process = builder.start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "porcini did not finish");
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static Run run(Path script, String... args) throws IOException, InterruptedException {
        return run(null, script, args);
    }

    private static String bash() {
        for (String dir : System.getenv("PATH").split(":")) {
            Path bash = Path.of(dir, "bash");
            if (Files.isExecutable(bash)) {
                return bash.toString();
            }
        }
        return "/bin/bash";
    }

    /** A PATH holding only the tools the script uses, plus the given extra entries. */
    private Path toolsDir() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("tools"));
        for (String tool : List.of("bash", "sed", "head", "ls", "sort", "readlink", "dirname", "env")) {
            for (String dir : System.getenv("PATH").split(":")) {
                Path found = Path.of(dir, tool);
                if (Files.isExecutable(found)) {
                    Files.createSymbolicLink(bin.resolve(tool), found);
                    break;
                }
            }
        }
        return bin;
    }

    /** A JDK 17 look-alike whose java must never be run. */
    private Path fakeJdk17(String name) throws IOException {
        Path home = Files.createDirectories(tmp.resolve(name));
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        Path java = Files.writeString(home.resolve("bin/java"),
                        "#!/bin/sh\necho 'openjdk version \"17.0.15\" 2025-04-15' >&2\n[ \"$1\" = -version ] || exit 99\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private Map<String, String> env(Path path, String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", path.toString());
        env.put("HOME", tmp.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static void assertOneErrorLine(Run run) {
        assertNotEquals(0, run.status(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.errLines().getFirst().startsWith("porcini: error: "), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
    }

    @Test
    void distributionLayout() throws IOException {
        assertTrue(Files.isExecutable(DIST_SCRIPT), DIST_SCRIPT + " is not executable");
        for (String jar : List.of("compiler-25.0.3.jar", "truffle-compiler-25.0.4.jar", "word-25.0.4.jar", "collections-25.0.4.jar")) {
            assertTrue(Files.isRegularFile(DIST.resolve("jvmci").resolve(jar)), "jvmci/" + jar + " missing");
        }
        try (var lib = Files.list(DIST.resolve("lib"))) {
            List<String> jars = lib.map(p -> p.getFileName().toString()).toList();
            for (String prefix : List.of("porcini-launcher-", "porcini-language-", "porcini-memory-", "porcini-wasi-",
                            "truffle-api-", "truffle-runtime-", "polyglot-", "picocli-")) {
                assertTrue(jars.stream().anyMatch(j -> j.startsWith(prefix) && j.endsWith(".jar")), prefix + "*.jar missing in " + jars);
            }
        }
    }

    @Test
    void distScriptRunsWithTheJit() throws Exception {
        Run run = run(DIST_SCRIPT, "--version");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("porcini "), run::toString);
        assertTrue(run.out().contains("Truffle runtime: ") && !run.out().contains("Interpreted"), run::toString);
        assertEquals("", run.err());
    }

    /** PORCINI_VECTOR_API=off starts the JVM without jdk.incubator.vector, and so without the filter that hides its warning. */
    @Test
    void vectorApiCanBeTurnedOff() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PORCINI_VECTOR_API", "off");
        Run run = run(env, DIST_SCRIPT, "--version");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("porcini "), run::toString);
        assertEquals("", run.err());
    }

    /** A WASI program that copies one read of stdin to stdout and to stderr. */
    private static final String ECHO_WAT = """
                    (module
                      (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
                      (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
                      (memory (export "memory") 1)
                      (func (export "_start")
                        (i32.store (i32.const 0) (i32.const 64))
                        (i32.store (i32.const 4) (i32.const 256))
                        (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
                        (i32.store (i32.const 4) (i32.load (i32.const 8)))
                        (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                        (drop (call $write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))))
                    """;

    /** The JVM runs as a background job of the script (see the script), yet reads the script's stdin and writes to its stderr. */
    @Test
    void stdinAndStderrPassThroughTheScript() throws Exception {
        Path echo = Files.writeString(tmp.resolve("echo.wat"), ECHO_WAT);
        Process process = new ProcessBuilder(bash(), DIST_SCRIPT.toString(), "run", echo.toString()).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write("from stdin\n".getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "porcini did not finish");
        assertEquals(0, process.exitValue(), err);
        assertEquals("from stdin\n", out);
        assertEquals("from stdin\n", err);
    }

    /** SIGTERM to the script (as from timeout or a process manager) ends the JVM too, not just the script. */
    @Test
    void terminatingTheScriptEndsTheJvm() throws Exception {
        // The program says "ready" and spins: a signal that came during the JVM's start-up could
        // end it with a start-up error instead of the usual 143, so the test waits for the line.
        Path spin = Files.writeString(tmp.resolve("spin.wat"), """
                        (module
                          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
                          (memory (export "memory") 1)
                          (data (i32.const 0) "\\10\\00\\00\\00\\06\\00\\00\\00")
                          (data (i32.const 16) "ready\\n")
                          (func (export "_start")
                            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                            (loop (br 0))))
                        """);
        Process process = new ProcessBuilder(bash(), DIST_SCRIPT.toString(), "run", spin.toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
            assertEquals("ready", out.readLine(), "the program's first line");
            ProcessHandle jvm = process.descendants().filter(p -> p.info().command().orElse("").endsWith("/bin/java")).findFirst()
                            .orElse(null);
            assertTrue(jvm != null, "the script started no JVM");
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script did not end");
            assertEquals(143, process.exitValue());
            jvm.onExit().get(60, TimeUnit.SECONDS);
            assertFalse(jvm.isAlive());
        }
    }

    @Test
    void sourceScriptFindsTheDistribution() throws Exception {
        Run run = run(SOURCE_SCRIPT, "--version");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("porcini "), run::toString);
    }

    @Test
    void linkToTheScriptWorks() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("porcini"), DIST_SCRIPT);
        Run run = run(link, "--version");
        assertEquals(0, run.status(), run::toString);
    }

    @Test
    void skipsJdk17AndFindsJdk25() throws Exception {
        Path jdk17 = fakeJdk17("jdk-17");
        Path jvms = Files.createDirectories(tmp.resolve("jvm"));
        Files.createSymbolicLink(jvms.resolve("a-jdk-17"), jdk17);
        Files.createSymbolicLink(jvms.resolve("temurin-25"), JDK25);
        Path tools = toolsDir();
        Files.createSymbolicLink(tools.resolve("java"), jdk17.resolve("bin/java"));
        Run run = run(env(tools, "JAVA_HOME", jdk17.toString(), "PORCINI_JDK_DIRS", jvms.toString()), SOURCE_SCRIPT, "--version");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("Java 25"), run::toString);
    }

    @Test
    void javaHome25IsUsed() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("nothing"));
        Run run = run(env(toolsDir(), "JAVA_HOME", JDK25.toString(), "PORCINI_JDK_DIRS", empty.toString()), DIST_SCRIPT, "--version");
        assertEquals(0, run.status(), run::toString);
    }

    @Test
    void java25OnPathIsUsed() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("nothing"));
        Path tools = toolsDir();
        Files.createSymbolicLink(tools.resolve("java"), JDK25.resolve("bin/java"));
        Run run = run(env(tools, "PORCINI_JDK_DIRS", empty.toString()), DIST_SCRIPT, "--version");
        assertEquals(0, run.status(), run::toString);
    }

    @Test
    void noJdk25IsOneClearLine() throws Exception {
        Path jdk17 = fakeJdk17("jdk-17");
        Path jvms = Files.createDirectories(tmp.resolve("jvm"));
        Files.createSymbolicLink(jvms.resolve("jdk-17"), jdk17);
        Path tools = toolsDir();
        Files.createSymbolicLink(tools.resolve("java"), jdk17.resolve("bin/java"));
        Run run = run(env(tools, "JAVA_HOME", jdk17.toString(), "PORCINI_JDK_DIRS", jvms.toString()), DIST_SCRIPT, "--version");
        assertOneErrorLine(run);
        assertTrue(run.err().contains("no JDK 25 found"), run::toString);
        assertTrue(run.err().contains("PORCINI_JAVA_HOME"), run::toString);
        assertEquals("", run.out());
    }

    @Test
    void explicitPorciniJavaHomeMustBe25() throws Exception {
        Path jdk17 = fakeJdk17("jdk-17");
        Run run = run(env(toolsDir(), "PORCINI_JAVA_HOME", jdk17.toString(), "JAVA_HOME", JDK25.toString()), DIST_SCRIPT, "--version");
        assertOneErrorLine(run);
        assertTrue(run.err().contains("is not a JDK 25"), run::toString);
    }

    @Test
    void errorsThroughTheScriptAreOneLine() throws Exception {
        assertOneErrorLine(run(DIST_SCRIPT, "run", tmp.resolve("missing.wasm").toString()));
        assertOneErrorLine(run(DIST_SCRIPT, "run", "--no-such-option"));
        assertOneErrorLine(run(DIST_SCRIPT));
    }

    /** Needs the engine: the README's example, a WASI program, through the distribution. */
    @Test
    void readmeExampleThroughTheDistribution() throws Exception {
        Run run = run(DIST_SCRIPT, "run", "--dir", "../examples::/ex", "--env", "LABEL=> ", "../examples/wasi/wc.wasm", "/ex/fac.wat");
        assertEquals(0, run.status(), run::toString);
        assertEquals("> /ex/fac.wat: 22 lines, 99 words, 835 bytes\n", run.out());
        assertEquals("", run.err());
    }

    /** Needs the engine: calling an export, as the README shows. */
    @Test
    void invokeThroughTheDistribution() throws Exception {
        Run run = run(DIST_SCRIPT, "run", "../examples/fac.wat", "--invoke", "fac", "10");
        assertEquals(0, run.status(), run::toString);
        assertEquals("3628800\n", run.out());
        assertEquals("", run.err());
    }

    /** Needs the engine: a script whose last line is the totals. */
    @Test
    void wastThroughTheDistribution() throws Exception {
        Path script = Files.writeString(tmp.resolve("t.wast"), """
                        (module (func (export "f") (result i32) (i32.const 7)))
                        (assert_return (invoke "f") (i32.const 7))
                        """);
        Run run = run(DIST_SCRIPT, "wast", script.toString());
        assertEquals(0, run.status(), run::toString);
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.getLast().matches("\\d+ passed, 0 failed"), run::toString);
    }

    /**
     * Needs the engine: the Java program of docs/embedding.md, started with the guide's own
     * {@code java} command line on the distribution's class path and JIT jars. Truffle prints a
     * warning on stderr when it falls back to its interpreter, so stderr must stay empty.
     */
    @Test
    void embeddingGuideProgramRunsOnTheDistribution() throws Exception {
        String guide = Files.readString(Path.of("../docs/embedding.md"));
        Path program = Files.writeString(tmp.resolve("Embed.java"), fenced(guide, "java"));
        String commandLine = fenced(guide, "").lines().filter(l -> !l.isBlank()).map(l -> l.replace("\\", "").trim())
                        .reduce((a, b) -> a + " " + b).orElseThrow();
        List<String> command = new ArrayList<>();
        for (String word : commandLine.split(" +")) {
            word = word.replace("'", "").replace("launcher/target/porcini-dist", DIST.toString());
            command.add(word.equals("java") ? JDK25.resolve("bin/java").toString() : word);
        }
        assertEquals("Embed.java", command.getLast(), commandLine);
        Run run = run(null, command, tmp);
        assertEquals(0, run.status(), run::toString);
        assertEquals(fenced(guide, "text"), run.out());
        assertEquals("", run.err());
        assertTrue(Files.exists(program));
    }

    /** The first fenced block of {@code markdown} whose info string is exactly {@code tag}. */
    private static String fenced(String markdown, String tag) {
        var m = java.util.regex.Pattern.compile("(?ms)^```" + java.util.regex.Pattern.quote(tag) + "\n(.*?)^```$").matcher(markdown);
        assertTrue(m.find(), "no ```" + tag + " block");
        return m.group(1);
    }
}
