package dev.porcini.wast;

import dev.porcini.module.ValType;
import dev.porcini.runtime.V128;
import dev.porcini.runtime.WasmFunction;
import dev.porcini.runtime.WasmNull;
import dev.porcini.text.wast.WastValue;

/** Converts script values to engine values and engine results back to script values. */
final class ValueConversion {
    private ValueConversion() {
    }

    /** A host reference made by {@code ref.extern N}; equal numbers are equal references. */
    record HostRef(long id) {
    }

    static Object toWasm(WastValue value) {
        return switch (value) {
            case WastValue.Num n -> switch (n.type()) {
                case I32 -> (int) n.bits();
                case I64 -> n.bits();
                case F32 -> Float.intBitsToFloat((int) n.bits());
                default -> Double.longBitsToDouble(n.bits());
            };
            case WastValue.RefNull r -> WasmNull.INSTANCE;
            case WastValue.RefExtern r -> new HostRef(r.id());
            case WastValue.V128 v -> V128.fromBytes(v.bytes());
            default -> throw new IllegalArgumentException("unsupported argument " + value);
        };
    }

    static WastValue toWast(ValType type, Object value) {
        return switch (value) {
            case Integer i -> WastValue.i32(i);
            case Long l -> WastValue.i64(l);
            case Float f -> WastValue.f32(Float.floatToRawIntBits(f));
            case Double d -> WastValue.f64(Double.doubleToRawLongBits(d));
            case WasmFunction f -> new WastValue.RefFunc();
            case HostRef r -> new WastValue.RefExtern(r.id());
            case V128 v -> new WastValue.V128(v.toBytes());
            default -> {
                if (value == WasmNull.INSTANCE) {
                    yield new WastValue.RefNull(type);
                }
                throw new IllegalArgumentException("unsupported result " + value + " of type " + type);
            }
        };
    }
}
