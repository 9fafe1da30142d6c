package dev.porcini.text;

import dev.porcini.text.SExpr.Atom;
import java.math.BigInteger;

/** {@code v128.const} shapes and lane literals, and SIMD lane indices. */
public final class V128Literals {
    private V128Literals() {
    }

    /** A {@code v128.const} lane shape: lane count and width. */
    public enum Shape {
        I8X16(16, 8, false),
        I16X8(8, 16, false),
        I32X4(4, 32, false),
        I64X2(2, 64, false),
        F32X4(4, 32, true),
        F64X2(2, 64, true);

        public final int lanes;
        public final int bits;
        public final boolean isFloat;

        Shape(int lanes, int bits, boolean isFloat) {
            this.lanes = lanes;
            this.bits = bits;
            this.isFloat = isFloat;
        }

        /** The shape a keyword like {@code i32x4} names, or null. */
        public static Shape of(SExpr at) {
            if (at instanceof Atom a && a.kind() == Atom.Kind.KEYWORD) {
                for (Shape s : values()) {
                    if (s.name().toLowerCase().equals(a.text())) {
                        return s;
                    }
                }
            }
            return null;
        }
    }

    /** Reads {@code shape lane*} (what follows {@code v128.const}) and returns the 16 bytes. */
    public static byte[] v128Const(Cursor c) {
        Shape shape = shape(c);
        // Count the lanes before reading any: the spec reports a wrong count before a bad value.
        for (int lane = 0; lane < shape.lanes; lane++) {
            if (!(c.peek(lane) instanceof Atom)) {
                throw c.error(wrongLaneCount(shape));
            }
        }
        byte[] bytes = new byte[16];
        for (int lane = 0; lane < shape.lanes; lane++) {
            putLane(bytes, shape, lane, laneBits(shape, nextLane(c, shape)));
        }
        if (Literals.isNumber(c.peek())) {
            throw c.error(wrongLaneCount(shape));
        }
        return bytes;
    }

    /** Reads a shape keyword. */
    public static Shape shape(Cursor c) {
        SExpr at = c.next();
        Shape shape = Shape.of(at);
        if (shape == null) {
            throw Cursor.unexpected(at);
        }
        return shape;
    }

    /** The next lane literal; a missing one is "wrong number of lane literals". */
    public static SExpr nextLane(Cursor c, Shape shape) {
        if (!(c.peek() instanceof Atom)) {
            throw c.error(wrongLaneCount(shape));
        }
        return c.next();
    }

    private static String wrongLaneCount(Shape shape) {
        return "wrong number of lane literals: " + shape.name().toLowerCase() + " needs " + shape.lanes;
    }

    /** A lane literal's bits: an integer of the lane width or a float's raw bits. */
    public static long laneBits(Shape shape, SExpr at) {
        return switch (shape) {
            case F32X4 -> Literals.f32(at) & 0xFFFFFFFFL;
            case F64X2 -> Literals.f64(at);
            default -> Literals.integer(at, shape.bits);
        };
    }

    /** Stores {@code value}'s low lane bits little-endian into lane {@code lane}. */
    public static void putLane(byte[] bytes, Shape shape, int lane, long value) {
        int width = shape.bits / 8;
        for (int i = 0; i < width; i++) {
            bytes[lane * width + i] = (byte) (value >>> (8 * i));
        }
    }

    /** A lane index immediate: an unsigned byte. */
    public static int laneIndex(Cursor c) {
        SExpr at = c.next();
        if (!Literals.isNat(at)) {
            throw Literals.notANumber(at);
        }
        return laneIndexValue(at);
    }

    private static int laneIndexValue(SExpr at) {
        BigInteger index = Literals.parseNat(((Atom) at).text(), 0);
        if (index.compareTo(BigInteger.valueOf(255)) > 0) {
            throw at.error("malformed lane index " + at);
        }
        return index.intValue();
    }

    /** The 16 lane indices of {@code i8x16.shuffle}; any other count is "invalid lane length". */
    public static byte[] shuffleLanes(Cursor c) {
        byte[] lanes = new byte[16];
        int count = 0;
        while (Literals.isNumber(c.peek())) {
            SExpr at = c.next();
            if (!Literals.isNat(at)) {
                throw at.error("malformed lane index " + at);
            }
            int lane = laneIndexValue(at);
            if (count < 16) {
                lanes[count] = (byte) lane;
            }
            count++;
        }
        if (count != 16) {
            throw c.error("invalid lane length: i8x16.shuffle needs 16 lane indices, not " + count);
        }
        return lanes;
    }
}
