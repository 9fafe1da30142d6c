package dev.porcini.launcher;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyObject;

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
    /** A trap ends the process as wasmtime's does on Unix: 128 + SIGABRT. */
    static final int TRAP = 134;

    /** The guest's standard streams; null (the default) means this process's own, byte for byte. Tests capture them here. */
    record Stdio(java.io.InputStream in, java.io.OutputStream out, java.io.OutputStream err) {
    }

    static Stdio stdio;

    @Spec
    CommandSpec spec;

    @Option(names = "--invoke", paramLabel = "NAME", description = "Call the exported function NAME with the numeric ARGS.")
    String invoke;

    @Option(names = "--dir", paramLabel = "HOST[::GUEST]",
                    description = "Preopen the host directory HOST for the guest, named GUEST (default: HOST). Repeatable.")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "Set a WASI environment variable for the guest. Repeatable.")
    List<String> env = new ArrayList<>();

    @Option(names = "--preload", paramLabel = "NAME=FILE",
                    description = "Instantiate module FILE first and let the main module import its exports as module NAME. Repeatable.")
    List<String> preloads = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "FILE", description = "A WebAssembly module: binary (.wasm) or text (.wat).")
    String file;

    @Parameters(index = "1..*", paramLabel = "ARGS",
                    description = "The guest's arguments (argv[1..]); with --invoke, the function's arguments (integers, or decimal floats, inf, nan).")
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
        Map<String, Path> preloadFiles = new LinkedHashMap<>();
        for (String preload : preloads) {
            int eq = preload.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage("--preload expects NAME=FILE, got '" + preload + "'");
            }
            preloadFiles.put(preload.substring(0, eq), Wasm.existingFile(preload.substring(eq + 1)));
        }
        try (Wasm wasm = Wasm.open(spec.commandLine().getErr()); Context context = wasiContext(wasm)) {
            Map<String, Object> imports = new LinkedHashMap<>();
            for (Map.Entry<String, Path> preload : preloadFiles.entrySet()) {
                Path preloadPath = preload.getValue();
                Value preloaded = load(context, Wasm.moduleSource(preloadPath), preloadPath);
                imports.put(preload.getKey(), instantiate(preloaded, preloadPath, ProxyObject.fromMap(Map.of())).getMember("exports"));
            }
            Value module = load(context, source, path);
            Value exports = instantiate(module, path, ProxyObject.fromMap(imports)).getMember("exports");
            if (invoke != null) {
                Value function = exportedFunction(exports, invoke, path);
                Value result = call(function, invoke, arguments.toArray(), path);
                var out = spec.commandLine().getOut();
                for (String line : Numbers.formatResults(result)) {
                    out.println(line);
                }
                out.flush();
            } else if (exports.hasMember("_start")) {
                return start(exportedFunction(exports, "_start", path), path);
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

    /** A context with WASI configured from --dir, --env and the arguments, and host file access for the preopens. */
    private Context wasiContext(Wasm wasm) {
        StringBuilder dirOption = new StringBuilder();
        for (String dir : dirs) {
            int split = dir.indexOf("::");
            String host = split < 0 ? dir : dir.substring(0, split);
            if (!Files.isDirectory(Path.of(host))) {
                throw new CliException("--dir " + dir + ": '" + host + "' is not a directory");
            }
            if (!dirOption.isEmpty()) {
                dirOption.append(File.pathSeparatorChar);
            }
            dirOption.append(dir);
        }
        Context.Builder builder = wasm.contextBuilder().allowIO(IOAccess.ALL).option("wasm.WasiDirs", dirOption.toString());
        for (String variable : env) {
            int eq = variable.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage("--env expects NAME=VALUE, got '" + variable + "'");
            }
            builder.option("wasm.WasiEnv." + variable.substring(0, eq), variable.substring(eq + 1));
        }
        List<String> argv = new ArrayList<>();
        argv.add(file);
        if (invoke == null) {
            argv.addAll(args);
        }
        Stdio streams = stdio;
        if (streams != null) {
            builder.in(streams.in()).out(streams.out()).err(streams.err());
        }
        return builder.arguments(Wasm.LANGUAGE, argv.toArray(String[]::new)).build();
    }

    /** Runs {@code _start}: the guest's exit status becomes ours; a trap prints its message and the Wasm backtrace. */
    private int start(Value function, Path path) {
        try {
            function.execute();
            return ExitCodes.OK;
        } catch (PolyglotException e) {
            if (e.isExit() || e.isInternalError() || e.isHostException() || e.isCancelled()) {
                throw e;
            }
            var err = spec.commandLine().getErr();
            err.println(Errors.PREFIX + path + ": " + Errors.describe(e));
            err.println("wasm backtrace:");
            int i = 0;
            for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
                if (frame.isGuestFrame() && Wasm.LANGUAGE.equals(frame.getLanguage().getId())) {
                    err.println("  " + i++ + ": " + frame.getRootName());
                }
            }
            err.flush();
            return TRAP;
        }
    }

    private static Value instantiate(Value module, Path path, Object imports) {
        try {
            return module.invokeMember("newInstance", imports);
        } catch (PolyglotException e) {
            if (e.isExit() || e.isInternalError()) {
                throw e;
            }
            String message = Errors.describe(e);
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
