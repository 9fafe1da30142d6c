package dev.porcini.runtime;

import dev.porcini.module.GlobalType;
import dev.porcini.module.ValType;

/**
 * A global variable. Numbers are kept as raw bits in {@code bits} (i32 and f32 in the low 32 bits),
 * references in {@code ref}, so reads and writes never box.
 */
public final class WasmGlobal {
    private final GlobalType type;
    private long bits;
    private Object ref;

    public WasmGlobal(GlobalType type) {
        this.type = type;
        this.ref = WasmNull.INSTANCE;
    }

    public GlobalType type() {
        return type;
    }

    public ValType valueType() {
        return type.type();
    }

    public long bits() {
        return bits;
    }

    public void setBits(long bits) {
        this.bits = bits;
    }

    public Object ref() {
        return ref;
    }

    public void setRef(Object ref) {
        this.ref = ref;
    }

    /** The value as a boxed Java object (Integer, Long, Float, Double or a reference). */
    public Object value() {
        return Values.box(type.type(), bits, ref);
    }

    /** Stores a boxed value of this global's type. */
    public void setValue(Object value) {
        if (type.type().isReference()) {
            ref = value;
        } else {
            bits = Values.bitsOf(type.type(), value);
        }
    }
}
