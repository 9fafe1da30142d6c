package dev.porcini.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.porcini.language.GuestThread;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * The official spec scripts, one dynamic test per {@code .wast} file, run through the polyglot
 * API as a {@code text/x-wast} source. Scripts listed in {@code expected-failures.txt} are
 * reported as aborted (never as passed) while they fail, and fail the build once they pass.
 */
class SpecSuiteTest {
    static final String SUITE = "wasm-2.0";
    static final String DIR_PROPERTY = "porcini.spec.dir";
    static final int SHOWN_FAILURES = 30;

    private static final Map<String, Row> TABLE = new ConcurrentSkipListMap<>();
    private static Engine engine;

    record Row(ScriptOutcome outcome, String status) {
    }

    @TestFactory
    Stream<DynamicTest> wasm20() throws IOException {
        Path folder = suiteFolder();
        ExpectedFailures expected = ExpectedFailures.load();
        List<String> only = onlyFilter();
        List<Path> scripts;
        try (Stream<Path> entries = Files.list(folder)) {
            scripts = entries.filter(p -> p.getFileName().toString().endsWith(".wast"))
                            .filter(p -> only.isEmpty() || only.stream().anyMatch(p.getFileName().toString()::contains))
                            .sorted()
                            .toList();
        }
        if (scripts.isEmpty()) {
            fail("no .wast scripts in " + folder + (only.isEmpty() ? "" : " matching porcini.spec.only=" + only));
        }
        return scripts.stream().map(script -> {
            String key = SUITE + "/" + script.getFileName();
            return DynamicTest.dynamicTest(key, script.toUri(), () -> check(key, script, expected.reason(key)));
        });
    }

    private static void check(String key, Path script, String expectedFailure) {
        ScriptOutcome outcome = run(key, script);
        if (expectedFailure != null) {
            if (outcome.clean()) {
                TABLE.put(key, new Row(outcome, "FIXED"));
                fail(key + " now passes but is listed in expected-failures.txt (" + expectedFailure
                                + "): remove its line from spec-tests/src/test/resources/expected-failures.txt");
            }
            TABLE.put(key, new Row(outcome, "xfail"));
            throw new TestAbortedException("expected failure (" + expectedFailure + "): " + outcome.summary());
        }
        TABLE.put(key, new Row(outcome, outcome.clean() ? "ok" : "FAIL"));
        if (!outcome.clean()) {
            fail(key + ": " + outcome.report(SHOWN_FAILURES));
        }
    }

    /** Runs one script in a fresh context on a large-stack thread, cancelling it after the timeout. */
    static ScriptOutcome run(String name, Path script) {
        return run(name, script, engine());
    }

    /** Runs one script as {@link #run(String, Path)} does, in a context of the given engine. */
    static ScriptOutcome run(String name, Path script, Engine engine) {
        long start = System.nanoTime();
        Source source;
        try {
            source = Source.newBuilder("wasm", Files.readString(script), name).mimeType("text/x-wast").build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + script, e);
        }
        Context context = Context.newBuilder("wasm").engine(engine).build();
        AtomicReference<ScriptOutcome> result = new AtomicReference<>();
        Thread thread = GuestThread.create(() -> result.set(evaluate(context, source, start)), "porcini-spec");
        thread.start();
        try {
            thread.join(timeoutSeconds() * 1000L);
            if (thread.isAlive()) {
                // Cancelling from another thread is the polyglot way to stop a running guest.
                context.close(true);
                thread.join(30_000);
                return new ScriptOutcome(0, 0, 0, List.of(), "timed out after " + timeoutSeconds() + " s", millisSince(start));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return result.get();
    }

    private static ScriptOutcome evaluate(Context context, Source source, long start) {
        try (context) {
            Value value = context.eval(source);
            List<String> failures = new ArrayList<>();
            Value list = value.getMember("failures");
            for (long i = 0; list != null && i < list.getArraySize(); i++) {
                failures.add(list.getArrayElement(i).asString());
            }
            return new ScriptOutcome(count(value, "passed"), count(value, "failed"), count(value, "skipped"), failures, null,
                            millisSince(start));
        } catch (PolyglotException e) {
            String kind = e.isInternalError() ? "internal error: " : e.isSyntaxError() ? "syntax error: " : "";
            return new ScriptOutcome(0, 0, 0, List.of(), kind + e.getMessage(), millisSince(start));
        } catch (RuntimeException | Error e) {
            return new ScriptOutcome(0, 0, 0, List.of(), e.toString(), millisSince(start));
        }
    }

    private static int count(Value result, String member) {
        Value value = result.getMember(member);
        return value == null || value.isNull() ? 0 : value.asInt();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The suite folder, or a failure that says how to point at it. */
    static Path suiteFolder() {
        Path folder = suiteRoot().resolve(SUITE);
        if (!Files.isDirectory(folder)) {
            fail("spec suite folder not found: " + folder + "; point -D" + DIR_PROPERTY
                            + "=PATH (or the parent pom's spec.suite property) at the testsuite root that holds " + SUITE + "/");
        }
        return folder;
    }

    static Path suiteRoot() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            fail("system property " + DIR_PROPERTY + " is not set; run through Maven, or set it to the spec testsuite root");
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    private static long timeoutSeconds() {
        return Long.getLong("porcini.spec.timeout", 300);
    }

    private static List<String> onlyFilter() {
        String only = System.getProperty("porcini.spec.only", "");
        return Arrays.stream(only.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static synchronized Engine engine() {
        if (engine == null) {
            Engine created = Engine.newBuilder("wasm").build();
            if (!created.getLanguages().containsKey("wasm")) {
                created.close();
                throw new IllegalStateException("the wasm language (porcini-language) is not on the test class path");
            }
            engine = created;
        }
        return engine;
    }

    /** A green run on Truffle's fallback interpreter would prove nothing about the JIT. */
    @Test
    void optimizingRuntimeIsActive() {
        try (Engine fresh = Engine.create()) {
            assertNotEquals("Interpreted", fresh.getImplementationName(),
                            "Truffle fell back to the interpreter: the JIT flags (parent pom jit.args) are not in effect");
        }
    }

    @Test
    void expectedFailuresListIsWellFormed() {
        ExpectedFailures expected = ExpectedFailures.load();
        assertEquals(List.of(), expected.problems(), "problems in expected-failures.txt");
        Path root = suiteFolder().getParent();
        List<String> missing = expected.reasons().keySet().stream().filter(path -> !Files.isRegularFile(root.resolve(path))).sorted().toList();
        assertEquals(List.of(), missing, "expected-failures.txt names scripts that are not in the suite at " + root);
    }

    @Test
    void expectedFailuresParse() {
        ExpectedFailures parsed = ExpectedFailures.parse("""
                        # comment
                        wasm-2.0/a.wast   why not

                        wasm-2.0/b.wast
                        wasm-2.0/a.wast   again
                        """);
        assertEquals("why not", parsed.reason("wasm-2.0/a.wast"));
        assertEquals(null, parsed.reason("wasm-2.0/c.wast"));
        assertEquals(2, parsed.problems().size(), parsed.problems()::toString);
        assertTrue(parsed.problems().get(0).contains("no reason"));
        assertTrue(parsed.problems().get(1).contains("listed twice"));
    }

    @AfterAll
    static void printTable() {
        if (!TABLE.isEmpty()) {
            System.out.println(table());
        }
        synchronized (SpecSuiteTest.class) {
            if (engine != null) {
                engine.close(true);
                engine = null;
            }
        }
    }

    static String table() {
        StringBuilder out = new StringBuilder("\nSpec suite results\n");
        String format = "%-48s %7s %7s %7s  %-6s %8s%n";
        out.append(String.format(format, "file", "passed", "failed", "skipped", "result", "time"));
        long passed = 0;
        long failed = 0;
        long skipped = 0;
        long millis = 0;
        Map<String, Integer> statuses = new ConcurrentSkipListMap<>();
        for (var entry : TABLE.entrySet()) {
            ScriptOutcome o = entry.getValue().outcome();
            String status = entry.getValue().status();
            statuses.merge(status, 1, Integer::sum);
            passed += o.passed();
            failed += o.failed();
            skipped += o.skipped();
            millis += o.millis();
            String failedColumn = o.error() != null ? "error" : Integer.toString(o.failed());
            out.append(String.format(format, entry.getKey(), o.passed(), failedColumn, o.skipped(), status,
                            String.format("%.1f s", o.millis() / 1000.0)));
        }
        out.append(String.format(format, "total (" + TABLE.size() + " files)", passed, failed, skipped, "",
                        String.format("%.1f s", millis / 1000.0)));
        out.append("files: ").append(statuses).append('\n');
        return out.toString();
    }
}
