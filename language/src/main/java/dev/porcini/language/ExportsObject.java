package dev.porcini.language;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.interop.ArityException;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.UnsupportedMessageException;
import com.oracle.truffle.api.interop.UnsupportedTypeException;
import com.oracle.truffle.api.library.CachedLibrary;
import com.oracle.truffle.api.interop.TruffleObject;
import com.oracle.truffle.api.interop.UnknownIdentifierException;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;

import dev.porcini.runtime.InteropArray;

import dev.porcini.runtime.WasmFunction;
import dev.porcini.runtime.WasmInstance;

/** The exports of an instance, one readable member per export name. */
@ExportLibrary(InteropLibrary.class)
public final class ExportsObject implements TruffleObject {
    private final WasmInstance instance;

    ExportsObject(WasmInstance instance) {
        this.instance = instance;
    }

    @ExportMessage
    boolean hasMembers() {
        return true;
    }

    @ExportMessage
    @TruffleBoundary
    Object getMembers(@SuppressWarnings("unused") boolean includeInternal) {
        return new InteropArray(instance.exports().keySet().toArray(new String[0]));
    }

    @ExportMessage
    @TruffleBoundary
    boolean isMemberReadable(String member) {
        return instance.exports().containsKey(member);
    }

    @ExportMessage
    @TruffleBoundary
    boolean isMemberInvocable(String member) {
        return instance.exports().get(member) instanceof WasmFunction;
    }

    /** {@code exports.f(args)} in JavaScript or Python invokes rather than reads then executes. */
    @ExportMessage
    Object invokeMember(String member, Object[] arguments,
                    @CachedLibrary(limit = "3") InteropLibrary functions) throws UnknownIdentifierException, UnsupportedMessageException,
                    ArityException, UnsupportedTypeException {
        Object function = lookup(member);
        if (!(function instanceof WasmFunction)) {
            throw UnknownIdentifierException.create(member);
        }
        return functions.execute(function, arguments);
    }

    @TruffleBoundary
    private Object lookup(String member) {
        return instance.exports().get(member);
    }

    @ExportMessage
    @TruffleBoundary
    Object readMember(String member) throws UnknownIdentifierException {
        Object value = instance.exports().get(member);
        if (value == null) {
            throw UnknownIdentifierException.create(member);
        }
        return value;
    }
}
