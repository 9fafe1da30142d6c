package dev.porcini.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;

import dev.porcini.module.ValType;
import dev.porcini.runtime.V128;

/**
 * Moves values between typed static frame slots and their boxed form (as used at call boundaries).
 * A v128 takes two long slots, its low half at {@code slot} and its high half at
 * {@code slot + high}, so that it is never a heap object while it lives in a frame.
 */
final class Slots {
    private Slots() {
    }

    static void push(VirtualFrame frame, int slot, int high, ValType type, Object value) {
        switch (type) {
            case I32 -> frame.setIntStatic(slot, (Integer) value);
            case I64 -> frame.setLongStatic(slot, (Long) value);
            case F32 -> frame.setFloatStatic(slot, (Float) value);
            case F64 -> frame.setDoubleStatic(slot, (Double) value);
            case V128 -> putV128(frame, slot, high, (V128) value);
            default -> frame.setObjectStatic(slot, value);
        }
    }

    static Object pop(VirtualFrame frame, int slot, int high, ValType type) {
        return switch (type) {
            case I32 -> frame.getIntStatic(slot);
            case I64 -> frame.getLongStatic(slot);
            case F32 -> frame.getFloatStatic(slot);
            case F64 -> frame.getDoubleStatic(slot);
            case V128 -> getV128(frame, slot, high);
            default -> frame.getObjectStatic(slot);
        };
    }

    static V128 getV128(VirtualFrame frame, int slot, int high) {
        return new V128(frame.getLongStatic(slot), frame.getLongStatic(slot + high));
    }

    static void putV128(VirtualFrame frame, int slot, int high, V128 value) {
        frame.setLongStatic(slot, value.lo);
        frame.setLongStatic(slot + high, value.hi);
    }

    /** Copies the value in {@code from} to {@code to}; both halves when it may be a v128. */
    static void copy(VirtualFrame frame, int from, int to, int high, boolean mayBeV128) {
        frame.copyStatic(from, to);
        if (mayBeV128) {
            frame.copyStatic(from + high, to + high);
        }
    }
}
