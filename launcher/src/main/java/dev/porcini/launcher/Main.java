package dev.porcini.launcher;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import org.graalvm.polyglot.PolyglotException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code porcini} command. Run it through the {@code porcini} script, which puts the Graal
 * compiler on the upgrade module path; started any other way, Truffle falls back to a slow
 * interpreter.
 */
@Command(name = "porcini", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
                description = "Runs WebAssembly on the JVM.",
                subcommands = {RunCommand.class, WastCommand.class, ValidateCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int status = execute(args, out, err);
        out.flush();
        err.flush();
        // Exit explicitly: compiler threads must not keep the JVM alive.
        System.exit(status);
    }

    /** Runs one command line on a large-stack thread and returns the exit status. */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        long stackSize;
        try {
            stackSize = StackSize.configured();
        } catch (CliException e) {
            return report(e, err);
        }
        int[] status = {ExitCodes.INTERNAL};
        // Guest code runs on this thread; see StackSize for why its stack is large but not huge.
        Thread thread = new Thread(null, () -> status[0] = executeHere(args, out, err), "porcini-main", stackSize);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(Errors.PREFIX + "interrupted");
            return ExitCodes.FAILURE;
        }
        return status[0];
    }

    private static int executeHere(String[] args, PrintWriter out, PrintWriter err) {
        try {
            return commandLine(out, err).execute(withRunShorthand(args));
        } catch (Throwable t) {
            // Nothing, not even an Error, reaches the user as a stack trace.
            return report(t, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        // So that `run FILE --invoke f -1` passes -1 as an argument; RunCommand rejects unknown options itself.
        cl.getSubcommands().get("run").setUnmatchedOptionsArePositionalParams(true);
        cl.setParameterExceptionHandler((e, args) -> {
            String command = e.getCommandLine().getCommandName();
            boolean top = "porcini".equals(command);
            String help = top ? "porcini --help" : "porcini " + command + " --help";
            String message = Errors.oneLine(e.getMessage());
            if (top && e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                            && !u.getUnmatched().getFirst().startsWith("-")) {
                message = "unknown command '" + u.getUnmatched().getFirst() + "'; use one of run, wast, validate";
            }
            err.println(Errors.PREFIX + message + " (see '" + help + "')");
            err.flush();
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, err));
        return cl;
    }

    /** Prints the one error line (none for a guest's own exit) and returns the exit status. */
    private static int report(Throwable t, PrintWriter err) {
        if (!(t instanceof PolyglotException e && e.isExit())) {
            err.println(Errors.line(t));
            err.flush();
        }
        return Errors.exitCode(t);
    }

    /** {@code porcini FILE.wasm ...} means {@code porcini run FILE.wasm ...}, as in wasmtime. */
    private static String[] withRunShorthand(String[] args) {
        if (args.length > 0 && (args[0].endsWith(".wasm") || args[0].endsWith(".wat"))) {
            String[] run = new String[args.length + 1];
            run[0] = "run";
            System.arraycopy(args, 0, run, 1, args.length);
            return run;
        }
        return args;
    }

    @Override
    public Integer call() {
        throw CliException.usage("no command given; use one of run, wast, validate (see 'porcini --help')");
    }
}
