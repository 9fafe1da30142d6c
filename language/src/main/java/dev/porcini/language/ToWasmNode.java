package dev.porcini.language;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.UnsupportedMessageException;
import com.oracle.truffle.api.nodes.Node;

import dev.porcini.error.WasmException;
import dev.porcini.module.ValType;
import dev.porcini.runtime.InteropConversions;

/**
 * Converts a value a host callable returned to the exact boxed Java type the Wasm caller expects,
 * so a wrong answer from the host is a readable guest error rather than a ClassCastException.
 */
final class ToWasmNode extends Node {
    private final ValType type;
    private final String function;
    @Child private InteropLibrary interop = InteropLibrary.getFactory().createDispatched(3);

    ToWasmNode(ValType type, String function) {
        this.type = type;
        this.function = function;
    }

    Object execute(Object value) {
        // Host functions never produce v128 values, as in the JS API.
        Object converted = type == ValType.V128 ? null : InteropConversions.toWasmOrNull(type, value, interop);
        if (converted == null) {
            throw mismatch(value);
        }
        return converted;
    }

    private WasmException mismatch(Object value) {
        CompilerDirectives.transferToInterpreterAndInvalidate();
        return WasmException.trap("host function " + function + " returned " + describe(value) + ", expected a value of type " + type, this);
    }

    static String describe(Object value) {
        try {
            return String.valueOf(InteropLibrary.getUncached().asString(InteropLibrary.getUncached().toDisplayString(value)));
        } catch (UnsupportedMessageException | RuntimeException e) {
            return String.valueOf(value);
        }
    }
}
