package dev.porcini.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
                description = {
                                "Instantiates a module and runs it: its _start export if it has one, "
                                                + "or with --invoke the named export, printing each result on its own line.",
                                "Options may also follow FILE; write -- before arguments that look like options."})
final class RunCommand implements Callable<Integer> {
    static final String WASI_MODULE = "wasi_snapshot_preview1";

    @Spec
    CommandSpec spec;

    @Option(names = "--invoke", paramLabel = "NAME", description = "Call the exported function NAME with the numeric ARGS.")
    String invoke;

    @Parameters(index = "0", paramLabel = "FILE", description = "A WebAssembly module: binary (.wasm) or text (.wat).")
    String file;

    @Parameters(index = "1..*", paramLabel = "ARGS",
                    description = "With --invoke: the function's arguments (integers, or decimal floats, inf, nan).")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        if (file.startsWith("-") && !java.nio.file.Files.exists(Path.of(file))) {
            // Unknown options reach us as positional parameters (so negative numbers can be arguments).
            throw CliException.usage("unknown option '" + file + "' for 'porcini run' (see 'porcini run --help')");
        }
        Path path = Wasm.existingFile(file);
        // Parse the arguments before starting the engine, so a typo fails fast.
        List<Object> arguments = new ArrayList<>();
        if (invoke != null) {
            for (String arg : args) {
                arguments.add(Numbers.parse(arg));
            }
        }
        Source source = Wasm.moduleSource(path);
        try (Wasm wasm = Wasm.open(spec.commandLine().getErr()); Context context = wasm.newContext()) {
            Value module = load(context, source, path);
            Value exports = instantiate(module, path).getMember("exports");
            if (invoke != null) {
                Value function = exportedFunction(exports, invoke, path);
                Value result = call(function, invoke, arguments.toArray(), path);
                var out = spec.commandLine().getOut();
                for (String line : Numbers.formatResults(result)) {
                    out.println(line);
                }
                out.flush();
            } else if (exports.hasMember("_start")) {
                call(exportedFunction(exports, "_start", path), "_start", new Object[0], path);
            }
            return ExitCodes.OK;
        }
    }

    static Value load(Context context, Source source, Path path) {
        try {
            return context.eval(source);
        } catch (PolyglotException e) {
            if (e.isSyntaxError()) {
                throw new CliException(path + ": " + Errors.describe(e));
            }
            throw e;
        }
    }

    private static Value instantiate(Value module, Path path) {
        try {
            return module.invokeMember("newInstance");
        } catch (PolyglotException e) {
            if (e.isExit() || e.isInternalError()) {
                throw e;
            }
            String message = Errors.describe(e);
            if (message.contains(WASI_MODULE)) {
                throw new CliException(path + ": the module imports WASI (" + WASI_MODULE
                                + "), which porcini run does not provide yet");
            }
            throw new CliException(path + ": cannot instantiate: " + message);
        }
    }

    private static Value exportedFunction(Value exports, String name, Path path) {
        Value function = exports.hasMember(name) ? exports.getMember(name) : null;
        if (function == null || !function.canExecute()) {
            TreeSet<String> functions = new TreeSet<>();
            for (String key : exports.getMemberKeys()) {
                if (exports.getMember(key).canExecute()) {
                    functions.add(key);
                }
            }
            String what = function == null ? "has no export named '" + name + "'" : "export '" + name + "' is not a function";
            String available = functions.isEmpty() ? "it exports no functions" : "exported functions: " + String.join(", ", functions);
            throw new CliException(path + ": " + what + " (" + available + ")");
        }
        return function;
    }

    private static Value call(Value function, String name, Object[] arguments, Path path) {
        try {
            return function.execute(arguments);
        } catch (PolyglotException e) {
            if (e.isExit() || e.isInternalError() || e.isHostException()) {
                throw e;
            }
            throw new CliException(path + ": " + Errors.describe(e));
        } catch (IllegalArgumentException e) {
            // Polyglot reports a wrong argument count or type this way, in Java terms.
            throw CliException.usage(path + ": " + argumentProblem(name, arguments.length, Errors.oneLine(e.getMessage())));
        }
    }

    private static final Pattern ARITY = Pattern.compile("Expected (\\d+) argument\\(s\\) but got (\\d+)");
    private static final Pattern POLYGLOT_PREFIX = Pattern.compile("^Invalid argument when executing .*?\\)\\.\\s*");

    /** Polyglot's message about unusable arguments, retold without the Java class names. */
    static String argumentProblem(String name, int given, String message) {
        Matcher arity = ARITY.matcher(message);
        if (arity.find()) {
            return "'" + name + "' takes " + arity.group(1) + " argument(s), but " + arity.group(2) + " were given";
        }
        Matcher prefix = POLYGLOT_PREFIX.matcher(message);
        if (prefix.find()) {
            String reason = message.substring(prefix.end());
            int provided = reason.indexOf(" Provided arguments:");
            reason = provided >= 0 ? reason.substring(0, provided) : reason;
            return "bad argument for '" + name + "': " + reason.strip().replaceAll("\\.$", "");
        }
        return "cannot call '" + name + "' with " + given + " argument(s): " + message;
    }
}
