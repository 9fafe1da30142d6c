package dev.porcini.runtime;

import com.oracle.truffle.api.CompilerDirectives;
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
        return toWasm(type, value, context, INTEROP);
    }

    /**
     * Converts one host value to a Wasm value of the given type, asking {@code interop} (a cached
     * library on the fast path, the uncached one elsewhere). Java's boxed primitives, which host
     * calls pass most often, take no library call at all.
     */
    public static Object toWasm(ValType type, Object value, Object[] context, InteropLibrary interop) throws UnsupportedTypeException {
        switch (type) {
            case I32 -> {
                if (value instanceof Integer) {
                    return value;
                }
            }
            case I64 -> {
                if (value instanceof Long) {
                    return value;
                }
            }
            case F64 -> {
                if (value instanceof Double) {
                    return value;
                }
            }
            case F32 -> {
                if (value instanceof Float) {
                    return value;
                }
            }
            default -> {
            }
        }
        return convert(type, value, context, interop);
    }

    private static Object convert(ValType type, Object value, Object[] context, InteropLibrary interop) throws UnsupportedTypeException {
        try {
            switch (type) {
                case I32:
                    if (interop.fitsInInt(value)) {
                        return interop.asInt(value);
                    }
                    if (interop.fitsInLong(value)) {
                        long l = interop.asLong(value);
                        if (l >= 0 && l <= 0xFFFFFFFFL) {
                            return (int) l; // accept unsigned 32-bit values too
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
                case V128: {
                    V128 v = V128.fromInterop(value, interop);
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
        CompilerDirectives.transferToInterpreter();
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
