package dev.porcini.launcher;

/** The launcher's exit statuses (a WASI guest's own exit status is passed through unchanged). */
final class ExitCodes {
    static final int OK = 0;
    /** The module was rejected, trapped, or a test failed. */
    static final int FAILURE = 1;
    /** The command line was wrong. */
    static final int USAGE = 2;
    /** A bug in porcini itself (sysexits' EX_SOFTWARE). */
    static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
