package dev.porcini.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;

import dev.porcini.module.ValType;

/** Moves boxed values (as used at call boundaries) in and out of typed static frame slots. */
final class Slots {
    private Slots() {
    }

    static void push(VirtualFrame frame, int slot, ValType type, Object value) {
        switch (type) {
            case I32 -> frame.setIntStatic(slot, (Integer) value);
            case I64 -> frame.setLongStatic(slot, (Long) value);
            case F32 -> frame.setFloatStatic(slot, (Float) value);
            case F64 -> frame.setDoubleStatic(slot, (Double) value);
            default -> frame.setObjectStatic(slot, value);
        }
    }

    static Object pop(VirtualFrame frame, int slot, ValType type) {
        return switch (type) {
            case I32 -> frame.getIntStatic(slot);
            case I64 -> frame.getLongStatic(slot);
            case F32 -> frame.getFloatStatic(slot);
            case F64 -> frame.getDoubleStatic(slot);
            default -> frame.getObjectStatic(slot);
        };
    }
}
