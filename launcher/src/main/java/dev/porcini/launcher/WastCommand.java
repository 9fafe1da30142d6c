package dev.porcini.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "wast", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
                description = {"Runs WebAssembly spec test scripts (.wast).",
                                "Prints one line per file and, last, the totals over all files: N passed, N failed "
                                                + "(counting script commands). Exits with 0 only if none failed."})
final class WastCommand implements Callable<Integer> {
    /** Failure lines shown per file; the rest are summarized. */
    static final int SHOWN_FAILURES = 5;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Script files, or folders whose .wast files to run.")
    List<String> paths;

    @Override
    public Integer call() {
        List<Path> scripts = scripts();
        PrintWriter out = spec.commandLine().getOut();
        long passed = 0;
        long failed = 0;
        long skipped = 0;
        try (Wasm wasm = Wasm.open(spec.commandLine().getErr())) {
            for (Path script : scripts) {
                Wasm.ScriptResult result = wasm.runScript(script);
                passed += result.passed();
                failed += result.failed();
                skipped += result.skipped();
                print(out, script, result);
            }
        }
        out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        out.flush();
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static void print(PrintWriter out, Path script, Wasm.ScriptResult result) {
        if (result.error() != null) {
            out.println(script + ": error: " + result.error());
        } else {
            out.println(script + ": " + result.passed() + " passed, " + result.failed() + " failed"
                            + (result.skipped() > 0 ? ", " + result.skipped() + " skipped" : ""));
        }
        List<String> failures = result.failures();
        for (int i = 0; i < Math.min(SHOWN_FAILURES, failures.size()); i++) {
            out.println("    " + Errors.oneLine(failures.get(i)));
        }
        if (failures.size() > SHOWN_FAILURES) {
            out.println("    ... and " + (failures.size() - SHOWN_FAILURES) + " more");
        }
        out.flush();
    }

    /** Every script named, checked before any runs so a typo fails at once. */
    private List<Path> scripts() {
        List<Path> scripts = new ArrayList<>();
        for (String name : paths) {
            Path path = Path.of(name);
            if (Files.isDirectory(path)) {
                List<Path> found = wastFilesIn(path);
                if (found.isEmpty()) {
                    throw new CliException(name + ": no .wast files in this folder");
                }
                scripts.addAll(found);
            } else if (Files.isRegularFile(path)) {
                scripts.add(path);
            } else {
                throw new CliException(name + ": no such file or folder");
            }
        }
        return scripts;
    }

    private static List<Path> wastFilesIn(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".wast") && Files.isRegularFile(p))
                            .sorted()
                            .toList();
        } catch (IOException e) {
            throw new CliException(folder + ": cannot list: " + Errors.oneLine(e.getMessage()));
        }
    }
}
