package dev.porcini.launcher;

import org.graalvm.polyglot.PolyglotException;

/** Turns failures into the single line a user sees. */
final class Errors {
    static final String PREFIX = "porcini: error: ";

    private Errors() {
    }

    /** Collapses a possibly multi-line message into one line. */
    static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** What a guest failure says, without any stack trace. */
    static String describe(PolyglotException e) {
        if (e.isInternalError()) {
            return "internal error: " + oneLine(e.getMessage());
        }
        if (e.isCancelled()) {
            return "execution was cancelled";
        }
        if (e.isHostException()) {
            return "host error: " + describe(e.asHostException());
        }
        return oneLine(e.getMessage());
    }

    /** A Java throwable that should never have reached the user: name it, briefly. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        String name = t.getClass().getSimpleName();
        return message == null ? name : name + ": " + oneLine(message);
    }

    /** The line printed for an exception that escaped a command. */
    static String line(Throwable t) {
        if (t instanceof CliException e) {
            return PREFIX + oneLine(e.getMessage());
        }
        if (t instanceof PolyglotException e) {
            return PREFIX + describe(e);
        }
        return PREFIX + "internal error: " + describe(t);
    }

    static int exitCode(Throwable t) {
        if (t instanceof CliException e) {
            return e.exitCode();
        }
        if (t instanceof PolyglotException e) {
            if (e.isExit()) {
                return e.getExitStatus();
            }
            return e.isInternalError() ? ExitCodes.INTERNAL : ExitCodes.FAILURE;
        }
        return ExitCodes.INTERNAL;
    }
}
