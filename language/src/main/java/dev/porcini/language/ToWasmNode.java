package dev.porcini.language;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.UnsupportedMessageException;
import com.oracle.truffle.api.nodes.Node;

import dev.porcini.error.WasmException;
import dev.porcini.module.ValType;
import dev.porcini.runtime.WasmFunction;
import dev.porcini.runtime.WasmNull;

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
        try {
            switch (type) {
                case I32:
                    if (interop.fitsInInt(value)) {
                        return interop.asInt(value);
                    }
                    if (interop.fitsInLong(value)) {
                        long l = interop.asLong(value);
                        if (l >= 0 && l <= 0xFFFFFFFFL) {
                            return (int) l; // unsigned 32-bit results are fine too
                        }
                    }
                    break;
                case I64:
                    if (interop.fitsInLong(value)) {
                        return interop.asLong(value);
                    }
                    break;
                case F32:
                    if (interop.fitsInFloat(value)) {
                        return interop.asFloat(value);
                    }
                    if (interop.fitsInDouble(value)) {
                        return (float) interop.asDouble(value);
                    }
                    break;
                case F64:
                    if (interop.fitsInDouble(value)) {
                        return interop.asDouble(value);
                    }
                    break;
                case FUNCREF:
                    if (value instanceof WasmFunction || value == WasmNull.INSTANCE) {
                        return value;
                    }
                    if (interop.isNull(value)) {
                        return WasmNull.INSTANCE;
                    }
                    break;
                case EXTERNREF:
                    return interop.isNull(value) ? WasmNull.INSTANCE : value;
                default:
                    break;
            }
        } catch (UnsupportedMessageException e) {
            // reported below
        }
        throw mismatch(value);
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
