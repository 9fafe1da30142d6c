package dev.porcini.module;

/**
 * A constant expression, kept as its binary encoding including the final {@code end} (0x0B).
 * The runtime evaluates it at instantiation; the validator checks it is constant and well typed.
 */
public record ConstExpr(byte[] code) {

    /** The expression {@code ref.func index}, for element segments written as function indices. */
    public static ConstExpr refFunc(int index) {
        byte[] leb = new byte[7];
        int n = 0;
        leb[n++] = (byte) 0xD2;
        int v = index;
        do {
            int b = v & 0x7F;
            v >>>= 7;
            leb[n++] = (byte) (v != 0 ? b | 0x80 : b);
        } while (v != 0);
        leb[n++] = 0x0B;
        return new ConstExpr(java.util.Arrays.copyOf(leb, n));
    }
}
