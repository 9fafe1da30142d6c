package dev.porcini.binary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A tiny test-only writer of module binaries. Parts are given as {@code byte[]} or {@code Integer}
 * (one byte each), so tests read close to the binary format itself:
 * {@code module(section(1, vec(functype(...))))}.
 */
public final class Wasm {
    private Wasm() {
    }

    public static final int I32 = 0x7F;
    public static final int I64 = 0x7E;
    public static final int F32 = 0x7D;
    public static final int F64 = 0x7C;
    public static final int FUNCREF = 0x70;
    public static final int EXTERNREF = 0x6F;
    public static final int EMPTY = 0x40;
    public static final int END = 0x0B;

    /** Concatenates parts: byte arrays, or ints taken as single bytes. */
    public static byte[] cat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof byte[] b) {
                out.writeBytes(b);
            } else if (p instanceof Integer i) {
                out.write(i);
            } else {
                throw new IllegalArgumentException(String.valueOf(p));
            }
        }
        return out.toByteArray();
    }

    /** The header followed by the given sections. */
    public static byte[] module(Object... sections) {
        return cat(cat(0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00), cat(sections));
    }

    public static byte[] section(int id, Object... content) {
        byte[] body = cat(content);
        return cat(id, u32(body.length), body);
    }

    /** A vector: its count then the items. */
    public static byte[] vec(Object... items) {
        return cat(u32(items.length), cat(items));
    }

    public static byte[] u32(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return out.toByteArray();
    }

    public static byte[] s64(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int b = (int) (v & 0x7F);
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) {
                return out.toByteArray();
            }
        }
    }

    public static byte[] name(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return cat(u32(utf8.length), utf8);
    }

    public static byte[] functype(int[] params, int[] results) {
        return cat(0x60, vec(boxed(params)), vec(boxed(results)));
    }

    public static int[] types(int... codes) {
        return codes;
    }

    /** A code section entry: local groups (count, type pairs) and the instructions (final end included). */
    public static byte[] body(int[] localGroups, Object... instructions) {
        Object[] groups = new Object[localGroups.length / 2];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = cat(u32(localGroups[2 * i]), localGroups[2 * i + 1]);
        }
        byte[] content = cat(vec(groups), cat(instructions));
        return cat(u32(content.length), content);
    }

    /** A module with the given types and one function per body, function i having type typeOf[i]. */
    public static byte[] funcs(byte[][] types, int[] typeOf, byte[]... bodies) {
        Object[] funcIndices = new Object[typeOf.length];
        for (int i = 0; i < typeOf.length; i++) {
            funcIndices[i] = u32(typeOf[i]);
        }
        return module(section(1, vec((Object[]) types)), section(3, vec(funcIndices)), section(10, vec((Object[]) bodies)));
    }

    /** A module of one function of type [params] -> [results] with no locals. */
    public static byte[] func(int[] params, int[] results, Object... instructions) {
        return funcs(new byte[][]{functype(params, results)}, new int[]{0}, body(new int[0], instructions));
    }

    private static Object[] boxed(int[] codes) {
        Object[] result = new Object[codes.length];
        for (int i = 0; i < codes.length; i++) {
            result[i] = codes[i];
        }
        return result;
    }
}
