package dev.porcini.runtime;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.interop.ArityException;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.UnsupportedMessageException;
import com.oracle.truffle.api.interop.UnsupportedTypeException;

import dev.porcini.module.FuncType;
import dev.porcini.module.ValType;

/** Converts values crossing between host languages and Wasm. */
public final class InteropConversions {
    private static final InteropLibrary INTEROP = InteropLibrary.getUncached();

    private InteropConversions() {
    }

    /** Builds the call-target arguments for calling {@code f} from the host. */
    @TruffleBoundary
    public static Object[] toWasmArguments(WasmFunction f, Object[] arguments) throws ArityException, UnsupportedTypeException {
        ValType[] params = f.type().params();
        if (arguments.length != params.length) {
            throw ArityException.create(params.length, params.length, arguments.length);
        }
        Object[] callArgs = new Object[params.length + 1];
        callArgs[0] = f.instance();
        for (int i = 0; i < params.length; i++) {
            callArgs[i + 1] = toWasm(params[i], arguments[i], arguments);
        }
        return callArgs;
    }

    /** Converts one host value to a Wasm value of the given type. */
    @TruffleBoundary
    public static Object toWasm(ValType type, Object value, Object[] context) throws UnsupportedTypeException {
        try {
            switch (type) {
                case I32:
                    if (INTEROP.fitsInInt(value)) {
                        return INTEROP.asInt(value);
                    }
                    if (INTEROP.fitsInLong(value)) {
                        long l = INTEROP.asLong(value);
                        if (l >= 0 && l <= 0xFFFFFFFFL) {
                            return (int) l; // accept unsigned 32-bit values too
                        }
                    }
                    break;
                case I64:
                    if (INTEROP.fitsInLong(value)) {
                        return INTEROP.asLong(value);
                    }
                    break;
                case F32:
                    if (INTEROP.fitsInFloat(value)) {
                        return INTEROP.asFloat(value);
                    }
                    if (INTEROP.fitsInDouble(value)) {
                        return (float) INTEROP.asDouble(value);
                    }
                    break;
                case F64:
                    if (INTEROP.fitsInDouble(value)) {
                        return INTEROP.asDouble(value);
                    }
                    break;
                case FUNCREF:
                    if (value instanceof WasmFunction || value == WasmNull.INSTANCE) {
                        return value;
                    }
                    if (INTEROP.isNull(value)) {
                        return WasmNull.INSTANCE;
                    }
                    break;
                case EXTERNREF:
                    return INTEROP.isNull(value) ? WasmNull.INSTANCE : value;
                case V128: {
                    V128 v = V128.fromInterop(value, INTEROP);
                    if (v != null) {
                        return v;
                    }
                    break;
                }
                default:
                    break;
            }
        } catch (UnsupportedMessageException e) {
            // falls through to the type error below
        }
        throw UnsupportedTypeException.create(context, "expected a value of Wasm type " + type);
    }

    /** Converts a call target's result to what the host sees: null becomes an interop null, tuples an array. */
    public static Object toInteropResult(FuncType type, Object result) {
        if (type.results().length == 0) {
            return WasmNull.INSTANCE;
        }
        if (type.results().length > 1) {
            return new InteropArray((Object[]) result);
        }
        return result;
    }
}
