package dev.porcini.wast;

import java.util.List;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.TruffleObject;
import com.oracle.truffle.api.interop.UnknownIdentifierException;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;

import dev.porcini.runtime.InteropArray;

/**
 * The outcome of a WAST script: counts of commands and one line per failure. As an interop value
 * it has members {@code passed}, {@code failed}, {@code skipped} and {@code failures}.
 */
@ExportLibrary(InteropLibrary.class)
public final class WastResult implements TruffleObject {
    private static final String[] MEMBERS = {"passed", "failed", "skipped", "failures"};

    private final int passed;
    private final int failed;
    private final int skipped;
    private final List<String> failures;

    WastResult(int passed, int failed, int skipped, List<String> failures) {
        this.passed = passed;
        this.failed = failed;
        this.skipped = skipped;
        this.failures = List.copyOf(failures);
    }

    public int passed() {
        return passed;
    }

    public int failed() {
        return failed;
    }

    public int skipped() {
        return skipped;
    }

    public List<String> failures() {
        return failures;
    }

    @ExportMessage
    boolean hasMembers() {
        return true;
    }

    @ExportMessage
    Object getMembers(@SuppressWarnings("unused") boolean includeInternal) {
        return new InteropArray(MEMBERS.clone());
    }

    @ExportMessage
    boolean isMemberReadable(String member) {
        return List.of(MEMBERS).contains(member);
    }

    @ExportMessage
    @TruffleBoundary
    Object readMember(String member) throws UnknownIdentifierException {
        return switch (member) {
            case "passed" -> passed;
            case "failed" -> failed;
            case "skipped" -> skipped;
            case "failures" -> new InteropArray(failures.toArray());
            default -> throw UnknownIdentifierException.create(member);
        };
    }

    @Override
    public String toString() {
        return passed + " passed, " + failed + " failed";
    }
}
