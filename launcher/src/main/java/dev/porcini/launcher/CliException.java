package dev.porcini.launcher;

/**
 * A failure the user can act on. The launcher prints its message as one line
 * ({@code porcini: error: ...}) and exits with {@link #exitCode()}.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(String message) {
        this(message, ExitCodes.FAILURE);
    }

    CliException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(message, ExitCodes.USAGE);
    }

    int exitCode() {
        return exitCode;
    }
}
