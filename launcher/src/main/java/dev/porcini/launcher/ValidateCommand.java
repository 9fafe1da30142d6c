package dev.porcini.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
                description = "Decodes and validates modules without running them.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "A WebAssembly module: binary (.wasm) or text (.wat).")
    List<String> files;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        int status = ExitCodes.OK;
        Wasm wasm = null;
        try {
            for (String file : files) {
                try {
                    Path path = Wasm.existingFile(file);
                    Source source = Wasm.moduleSource(path);
                    if (wasm == null) {
                        // Started only once there is something to validate, so file errors come fast.
                        wasm = Wasm.open(err);
                    }
                    try (Context context = wasm.newContext()) {
                        RunCommand.load(context, source, path);
                    }
                    out.println(file + ": valid");
                } catch (CliException e) {
                    // Report every file, one line each, and fail at the end.
                    err.println(Errors.line(e));
                    status = Math.max(status, e.exitCode());
                }
                out.flush();
                err.flush();
            }
        } finally {
            if (wasm != null) {
                wasm.close();
            }
        }
        return status;
    }
}
