package dev.porcini.error;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.exception.AbstractTruffleException;
import com.oracle.truffle.api.interop.ExceptionType;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.UnsupportedMessageException;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;
import com.oracle.truffle.api.nodes.Node;

/**
 * Every failure Porcini reports to a user. The message uses the spec's wording where one exists
 * (so {@link #getMessage()} starts with, e.g., "integer divide by zero"); {@link #kind()} says
 * which of the spec's failure classes it is.
 */
@ExportLibrary(InteropLibrary.class)
public final class WasmException extends AbstractTruffleException {
    private static final long serialVersionUID = 1L;
    /** Guest frames kept in a backtrace: enough to read, and cheap when the stack is exhausted. */
    private static final int BACKTRACE_LIMIT = 64;

    private final ErrorKind kind;
    private final int exitCode;

    private WasmException(ErrorKind kind, String message, Node location, int exitCode) {
        super(message, null, BACKTRACE_LIMIT, location);
        this.kind = kind;
        this.exitCode = exitCode;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The guest's exit status; meaningful only for {@link ErrorKind#EXIT}. */
    public int exitCode() {
        return exitCode;
    }

    @TruffleBoundary
    public static WasmException malformed(String message) {
        return new WasmException(ErrorKind.MALFORMED, message, null, 0);
    }

    @TruffleBoundary
    public static WasmException invalid(String message) {
        return new WasmException(ErrorKind.INVALID, message, null, 0);
    }

    @TruffleBoundary
    public static WasmException unlinkable(String message) {
        return new WasmException(ErrorKind.UNLINKABLE, message, null, 0);
    }

    @TruffleBoundary
    public static WasmException uninstantiable(String message) {
        return new WasmException(ErrorKind.UNINSTANTIABLE, message, null, 0);
    }

    @TruffleBoundary
    public static WasmException trap(String message, Node location) {
        return new WasmException(ErrorKind.TRAP, message, location, 0);
    }

    @TruffleBoundary
    public static WasmException exhaustion(Node location) {
        return new WasmException(ErrorKind.EXHAUSTION, "call stack exhausted", location, 0);
    }

    @TruffleBoundary
    public static WasmException exit(int code) {
        return new WasmException(ErrorKind.EXIT, "exit with code " + code, null, code);
    }

    @TruffleBoundary
    public static WasmException of(ErrorKind kind, String message) {
        return new WasmException(kind, message, null, 0);
    }

    @ExportMessage
    ExceptionType getExceptionType() {
        return switch (kind) {
            case MALFORMED, INVALID -> ExceptionType.PARSE_ERROR;
            case EXIT -> ExceptionType.EXIT;
            default -> ExceptionType.RUNTIME_ERROR;
        };
    }

    @ExportMessage
    boolean isExceptionIncompleteSource() {
        return false;
    }

    @ExportMessage
    int getExceptionExitStatus() throws UnsupportedMessageException {
        if (kind != ErrorKind.EXIT) {
            throw UnsupportedMessageException.create();
        }
        return exitCode;
    }
}
