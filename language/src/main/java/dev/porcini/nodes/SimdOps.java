package dev.porcini.nodes;

import static dev.porcini.bytecode.Bytecode.readInt;
import static dev.porcini.bytecode.Bytecode.readLong;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.frame.VirtualFrame;

import dev.porcini.binary.SimdOpcodes;
import dev.porcini.bytecode.Bytecode;
import dev.porcini.memory.LinearMemory;
import dev.porcini.memory.MemoryAccessException;
import dev.porcini.numeric.Numerics;
import dev.porcini.runtime.V128;
import dev.porcini.runtime.WasmInstance;

/**
 * The SIMD and relaxed-SIMD instructions ({@link dev.porcini.bytecode.Bytecode#SIMD_PREFIX}).
 *
 * <p>A v128 lives in two long slots (see {@link Slots}) and is a {@link V128} only inside one
 * instruction, where escape analysis removes the object. The operations are scalar code on
 * the two 64-bit halves: bitwise and 64-bit lane operations directly, add and sub of narrower lanes
 * as SWAR, the rest lane by lane in small counted loops that Graal unrolls. The sub-opcode is a
 * partial-evaluation constant, so every switch here folds to the one operation in compiled code,
 * and a V128 that does not leave the compiled code is scalar-replaced. Last-tier compiled code
 * runs some operations through {@link VectorSimd} instead and hands vectors from one instruction
 * to the next in registers ({@link #vectorRegisters}); docs/simd.md records which and why.
 *
 * <p>Relaxed SIMD takes one fixed behaviour per instruction (documented in docs/simd.md).
 */
final class SimdOps {
    private SimdOps() {
    }

    /**
     * Whether {@link VectorSimd} can run: the JVM resolved {@code jdk.incubator.vector} (the
     * launcher passes {@code --add-modules jdk.incubator.vector}) and {@code porcini.simd.scalar} is
     * not set. Without the module every operation is scalar.
     */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                    && !Boolean.getBoolean("porcini.simd.scalar");

    static {
        if (VECTOR_API) {
            // On its own thread: it takes 0.15-0.3 s in the interpreter, and the last-tier
            // compilations that need it come seconds later.
            Thread init = new Thread(VectorSimd::initializeClasses, "porcini-vector-api-init");
            init.setDaemon(true);
            init.start();
        }
    }

    /**
     * Whether this operation should use {@link VectorSimd}: only in last-tier compiled code, where
     * Graal turns it into vector instructions. The interpreter runs the Vector API's generic Java
     * fallback, about a hundred times slower than the scalar code, and first-tier compilations
     * leave the Vector API as calls that allocate vector objects (yuv.simd: 60 times slower than
     * scalar until its last-tier code arrives). Both paths give the same results (VectorSimdTest).
     *
     * <p>Callers still test {@link #VECTOR_API} literally before each call into VectorSimd: Graal
     * parses each method on its own before inlining, and a VectorSimd call it parses without the
     * module fails the whole compilation (NoClassDefFoundError), leaving the function interpreted.
     */
    private static boolean vectorized() {
        return VECTOR_API && !CompilerDirectives.hasNextTier();
    }

    /**
     * The vector registers of one activation of a function: where a SIMD instruction leaves its
     * result for the next one of the same straight-line run ({@link Bytecode.SimdWord#TO_REGISTER}),
     * so the value need not go through the two long slots and back (two extracts and two
     * inserts). In last-tier code the array and the vectors in it are virtual: escape analysis
     * keeps them in registers. Elsewhere there are none.
     */
    static Object[] vectorRegisters(boolean usesV128) {
        return usesV128 && vectorized() ? new Object[Bytecode.SimdWord.REGISTERS + Bytecode.SimdWord.LOCAL_REGISTERS] : null;
    }

    /**
     * Takes the operand at {@code depth} (0 = top) out of its vector register: null unless the
     * instruction that pushed it left it there. Every paired operand is taken, even by scalar
     * code, so that no register holds a value where control flow joins.
     */
    private static Object take(Object[] registers, int word, int depth) {
        if (!vectorized() || (word & (Bytecode.SimdWord.FROM_REGISTER << depth)) == 0) {
            return null;
        }
        int k = ((word >>> Bytecode.SimdWord.TOP_REGISTER_SHIFT) & 7) - depth;
        Object vector = registers[k];
        registers[k] = null;
        return vector;
    }

    /** Stores a vector result in the frame and, when a later instruction takes it from there, in its register. */
    private static void putVector(VirtualFrame frame, int slot, int high, Object[] registers, int word, Object vector) {
        Slots.putV128(frame, slot, high, VectorSimd.toV128(vector));
        if ((word & Bytecode.SimdWord.TO_REGISTER) != 0) {
            registers[(word >>> Bytecode.SimdWord.RESULT_REGISTER_SHIFT) & 7] = vector;
        }
    }

    /**
     * local.get of a v128 local: moves the vector, if the local's register holds one, on to the
     * pushed value's register. The frame's halves are copied as well, by the caller.
     */
    static void localGet(Object[] registers, int word) {
        if (!vectorized()) {
            return;
        }
        Object vector = null;
        if ((word & Bytecode.SimdWord.FROM_LOCAL_REGISTER) != 0) {
            int k = Bytecode.SimdWord.REGISTERS + (word & Bytecode.SimdWord.LOCAL_REGISTER_MASK);
            vector = registers[k];
            if ((word & Bytecode.SimdWord.KEEP_LOCAL_REGISTER) == 0) {
                registers[k] = null;
            }
        }
        if ((word & Bytecode.SimdWord.TO_REGISTER) != 0) {
            registers[(word >>> Bytecode.SimdWord.RESULT_REGISTER_SHIFT) & 7] = vector;
        }
    }

    /**
     * local.set or local.tee of a v128 local: moves the operand's vector, if its register holds
     * one, on to the local's register and (a tee) to the register of the value it leaves.
     */
    static void localSet(Object[] registers, int word) {
        if (!vectorized()) {
            return;
        }
        Object vector = take(registers, word, 0);
        if ((word & Bytecode.SimdWord.TO_LOCAL_REGISTER) != 0) {
            registers[Bytecode.SimdWord.REGISTERS + (word & Bytecode.SimdWord.LOCAL_REGISTER_MASK)] = vector;
        }
        if ((word & Bytecode.SimdWord.TO_REGISTER) != 0) {
            registers[(word >>> Bytecode.SimdWord.RESULT_REGISTER_SHIFT) & 7] = vector;
        }
    }

    // Generic integer lane operations, shared by the 8-, 16- and 32-bit shapes.
    private static final int EQ = 0;
    private static final int NE = 1;
    private static final int LT_S = 2;
    private static final int LT_U = 3;
    private static final int GT_S = 4;
    private static final int GT_U = 5;
    private static final int LE_S = 6;
    private static final int LE_U = 7;
    private static final int GE_S = 8;
    private static final int GE_U = 9;
    private static final int ADD = 10;
    private static final int SUB = 11;
    private static final int MUL = 12;
    private static final int ADD_SAT_S = 13;
    private static final int ADD_SAT_U = 14;
    private static final int SUB_SAT_S = 15;
    private static final int SUB_SAT_U = 16;
    private static final int MIN_S = 17;
    private static final int MIN_U = 18;
    private static final int MAX_S = 19;
    private static final int MAX_U = 20;
    private static final int AVGR_U = 21;
    private static final int Q15MULR = 22;
    private static final int ABS = 23;
    private static final int NEG = 24;
    private static final int POPCNT = 25;
    private static final int SHL = 26;
    private static final int SHR_S = 27;
    private static final int SHR_U = 28;

    // Generic float lane operations.
    private static final int F_EQ = 0;
    private static final int F_NE = 1;
    private static final int F_LT = 2;
    private static final int F_GT = 3;
    private static final int F_LE = 4;
    private static final int F_GE = 5;
    private static final int F_ADD = 6;
    private static final int F_SUB = 7;
    private static final int F_MUL = 8;
    private static final int F_DIV = 9;
    private static final int F_MIN = 10;
    private static final int F_MAX = 11;
    private static final int F_PMIN = 12;
    private static final int F_PMAX = 13;
    private static final int F_ABS = 14;
    private static final int F_NEG = 15;
    private static final int F_SQRT = 16;
    private static final int F_CEIL = 17;
    private static final int F_FLOOR = 18;
    private static final int F_TRUNC = 19;
    private static final int F_NEAREST = 20;

    /** log2 of the bytes each SIMD load or store touches; the annotation lets compiled code fold it. */
    @CompilationFinal(dimensions = 1) private static final byte[] ACCESS_ALIGN = SimdOpcodes.ALIGN;
    /** The lane count of extract_lane and replace_lane (and the lane loads), folded in compiled code. */
    @CompilationFinal(dimensions = 1) private static final byte[] LANE_COUNT = SimdOpcodes.LANES;

    /** Bytes of the instruction at pc, from its [int word] immediate. */
    static int length(int word) {
        return switch ((word >>> 16) & Bytecode.SimdWord.KIND_MASK) {
            case SimdOpcodes.LOAD, SimdOpcodes.STORE -> 17;
            case SimdOpcodes.LOAD_LANE, SimdOpcodes.STORE_LANE -> 21;
            case SimdOpcodes.CONST, SimdOpcodes.SHUFFLE -> 21;
            case SimdOpcodes.EXTRACT, SimdOpcodes.REPLACE -> 9;
            default -> 5;
        };
    }

    /** Runs the instruction at pc and returns the new stack pointer. */
    static int execute(FunctionRootNode node, VirtualFrame frame, WasmInstance instance, byte[] code, int pc, int sp, Object[] registers) {
        int word = readInt(code, pc + 1);
        int sub = word & 0xFFFF;
        int high = node.v128HighOffset();
        Object top = take(registers, word, 0);
        Object second = take(registers, word, 1);
        Object third = take(registers, word, 2);
        int kind = (word >>> 16) & Bytecode.SimdWord.KIND_MASK;
        switch (kind) {
            case SimdOpcodes.LOAD, SimdOpcodes.STORE, SimdOpcodes.LOAD_LANE, SimdOpcodes.STORE_LANE:
                try {
                    return memory(node, frame, high, instance, code, pc, sp, word, registers, top);
                } catch (MemoryAccessException e) {
                    // Only v128.load deoptimizes: FunctionRootNode.trapInPlace says why.
                    throw kind != SimdOpcodes.LOAD || sub != 0x00 ? node.trapInPlace(frame, MemoryAccessException.MESSAGE, pc) : node.outOfBoundsMemory(pc);
                }
            case SimdOpcodes.CONST:
                Slots.putV128(frame, sp, high, new V128(readLong(code, pc + 5), readLong(code, pc + 13)));
                return sp + 1;
            case SimdOpcodes.SHUFFLE: {
                V128 a = Slots.getV128(frame, sp - 2, high);
                V128 b = Slots.getV128(frame, sp - 1, high);
                long lo = readLong(code, pc + 5);
                long hi = readLong(code, pc + 13);
                if (VECTOR_API && vectorized()) {
                    putVector(frame, sp - 2, high, registers, word, VectorSimd.shuffle(VectorSimd.operand(second, a), VectorSimd.operand(top, b), lo, hi));
                } else {
                    Slots.putV128(frame, sp - 2, high, scalarShuffle(a, b, lo, hi));
                }
                return sp - 1;
            }
            case SimdOpcodes.EXTRACT: {
                int lane = readInt(code, pc + 5);
                int bits = 128 / LANE_COUNT[sub];
                if (VECTOR_API && top != null && sub == 0x21) {
                    // Straight to a float register: lane 0 is already there, without a trip through a general one.
                    frame.setDoubleStatic(sp - 1, VectorSimd.doubleLane(top, lane));
                } else if (VECTOR_API && top != null && sub == 0x1F) {
                    frame.setFloatStatic(sp - 1, VectorSimd.floatLane(top, lane));
                } else {
                    long value = VECTOR_API && top != null ? VectorSimd.laneBits(top, bits, lane) : laneBits(Slots.getV128(frame, sp - 1, high), bits, lane);
                    extract(frame, sp - 1, sub, value);
                }
                return sp;
            }
            case SimdOpcodes.REPLACE: {
                int lane = readInt(code, pc + 5);
                int bits = 128 / LANE_COUNT[sub];
                long value = replacement(frame, sp - 1, sub);
                if (VECTOR_API && second != null) {
                    putVector(frame, sp - 2, high, registers, word, VectorSimd.withLane(second, bits, lane, value));
                } else {
                    Slots.putV128(frame, sp - 2, high, withLane(Slots.getV128(frame, sp - 2, high), bits, lane, value));
                }
                return sp - 1;
            }
            case SimdOpcodes.SPLAT: {
                if (VECTOR_API && vectorized()) {
                    putVector(frame, sp - 1, high, registers, word, VectorSimd.splat(sub, splatOperand(frame, sp - 1, sub)));
                } else {
                    Slots.putV128(frame, sp - 1, high, splat(frame, sp - 1, sub));
                }
                return sp;
            }
            case SimdOpcodes.V_V: {
                V128 a = Slots.getV128(frame, sp - 1, high);
                Object vector = VECTOR_API && vectorized() ? VectorSimd.unary(sub, VectorSimd.operand(top, a)) : null;
                if (vector != null) {
                    putVector(frame, sp - 1, high, registers, word, vector);
                } else {
                    Slots.putV128(frame, sp - 1, high, unary(sub, a));
                }
                return sp;
            }
            case SimdOpcodes.VV_V: {
                V128 a = Slots.getV128(frame, sp - 2, high);
                V128 b = Slots.getV128(frame, sp - 1, high);
                Object vector = VECTOR_API && vectorized()
                                ? VectorSimd.binary(sub, VectorSimd.operand(second, a), VectorSimd.operand(top, b), second != null || top != null)
                                : null;
                if (vector != null) {
                    putVector(frame, sp - 2, high, registers, word, vector);
                } else {
                    Slots.putV128(frame, sp - 2, high, scalarBinary(sub, a, b));
                }
                return sp - 1;
            }
            case SimdOpcodes.VVV_V: {
                V128 a = Slots.getV128(frame, sp - 3, high);
                V128 b = Slots.getV128(frame, sp - 2, high);
                V128 c = Slots.getV128(frame, sp - 1, high);
                if (VECTOR_API && vectorized() && isBitselect(sub) && (third != null || second != null || top != null)) {
                    putVector(frame, sp - 3, high, registers, word,
                                    VectorSimd.bitselect(VectorSimd.operand(third, a), VectorSimd.operand(second, b), VectorSimd.operand(top, c)));
                } else {
                    Slots.putV128(frame, sp - 3, high, ternary(sub, a, b, c));
                }
                return sp - 2;
            }
            case SimdOpcodes.V_I:
                frame.setIntStatic(sp - 1, test(sub, Slots.getV128(frame, sp - 1, high)));
                return sp;
            case SimdOpcodes.VI_V: {
                V128 a = Slots.getV128(frame, sp - 2, high);
                int count = frame.getIntStatic(sp - 1);
                int bits = shiftBits(sub);
                Object vector = VECTOR_API && vectorized() ? VectorSimd.shift(bits, (sub & 0xF) - 0xB, VectorSimd.operand(second, a), count & (bits - 1)) : null;
                if (vector != null) {
                    putVector(frame, sp - 2, high, registers, word, vector);
                } else {
                    Slots.putV128(frame, sp - 2, high, scalarShift(sub, a, count));
                }
                return sp - 1;
            }
            default:
                throw CompilerDirectives.shouldNotReachHere();
        }
    }

    // ---- memory ----

    /**
     * Loads and stores. The lowered reach (see {@code Bytecode}) counts from the access's address;
     * a v128 access in two halves checks it with its high half, first, which also covers the low
     * half, and one moved through a vector register checks all 16 bytes at once.
     */
    private static int memory(FunctionRootNode node, VirtualFrame frame, int high, WasmInstance instance, byte[] code, int pc, int sp,
                    int word, Object[] registers, Object top) {
        int sub = word & 0xFFFF;
        LinearMemory m = instance.memory(readInt(code, pc + 5));
        long offset = readInt(code, pc + 9) & 0xFFFFFFFFL;
        boolean addressBelowValue = sub == 0x0B || (sub >= 0x54 && sub <= 0x5B);
        long address = (frame.getIntStatic(addressBelowValue ? sp - 2 : sp - 1) & 0xFFFFFFFFL) + offset;
        int reach = node.reach(m, address, 1 << ACCESS_ALIGN[sub], readInt(code, pc + 13));
        // The high half of a v128 checks from address + 8; 0 stays 0 (covered).
        int highReach = reach == 0 ? 0 : reach - 8;
        // A v128 that comes from or goes to a vector register moves in one 16-byte access. The
        // loaded halves are read from memory as well, not extracted from the vector: a consumer
        // whose form is scalar (and deoptimization) then takes them from general registers, and
        // whichever copy goes unused is dropped.
        if (VECTOR_API && sub == 0x00 && (word & Bytecode.SimdWord.TO_REGISTER) != 0 && vectorized()) {
            Object vector = VectorSimd.load(m.checkedAddress(address, 16, reach));
            // Reach 0: checkedAddress just checked (or a shared check covered) all 16 bytes.
            Slots.putV128(frame, sp - 1, high, new V128(m.loadI64(address, 0), m.loadI64(address + 8, 0)));
            registers[(word >>> Bytecode.SimdWord.RESULT_REGISTER_SHIFT) & 7] = vector;
            return sp;
        }
        // Stores forget their operands' slots before writing (FunctionRootNode.store says why).
        if (VECTOR_API && sub == 0x0B && top != null) {
            long pointer = m.checkedAddress(address, 16, reach);
            node.forgetPopped(frame, sp - 2, sp);
            VectorSimd.store(pointer, top);
            return sp - 2;
        }
        if (sub == 0x0B) { // v128.store: the high half first, so an out-of-bounds store writes nothing
            V128 x = Slots.getV128(frame, sp - 1, high);
            node.forgetPopped(frame, sp - 2, sp);
            m.storeI64(address + 8, highReach, x.hi);
            m.storeI64(address, 0, x.lo);
            return sp - 2;
        }
        if (addressBelowValue) {
            int lane = readInt(code, pc + 17);
            V128 x = Slots.getV128(frame, sp - 1, high);
            int bits = 8 << (sub & 3);
            if (sub <= 0x57) {
                long value = loadBits(m, address, reach, bits);
                if (VECTOR_API && top != null) {
                    putVector(frame, sp - 2, high, registers, word, VectorSimd.withLane(top, bits, lane, value));
                } else {
                    Slots.putV128(frame, sp - 2, high, withLane(x, bits, lane, value));
                }
            } else {
                long value = laneBits(x, bits, lane);
                node.forgetPopped(frame, sp - 2, sp);
                switch (bits) {
                    case 8 -> m.storeI8(address, reach, (int) value);
                    case 16 -> m.storeI16(address, reach, (int) value);
                    case 32 -> m.storeI32(address, reach, (int) value);
                    default -> m.storeI64(address, reach, value);
                }
                return sp - 2;
            }
            return sp - 1;
        }
        if (sub >= 0x07 && sub <= 0x0A) { // the load splats: sub + 0x08 is the matching splat
            long value = loadBits(m, address, reach, 8 << (sub - 0x07));
            if (VECTOR_API && (word & Bytecode.SimdWord.TO_REGISTER) != 0 && vectorized()) {
                putVector(frame, sp - 1, high, registers, word, VectorSimd.splat(sub + 0x08, value));
            } else {
                Slots.putV128(frame, sp - 1, high, scalarSplat(sub + 0x08, value));
            }
            return sp;
        }
        V128 result = switch (sub) {
            case 0x00 -> {
                long hi = m.loadI64(address + 8, highReach);
                yield new V128(m.loadI64(address, 0), hi);
            }
            case 0x01 -> extend(m.loadI64(address, reach), 8, true);
            case 0x02 -> extend(m.loadI64(address, reach), 8, false);
            case 0x03 -> extend(m.loadI64(address, reach), 16, true);
            case 0x04 -> extend(m.loadI64(address, reach), 16, false);
            case 0x05 -> extend(m.loadI64(address, reach), 32, true);
            case 0x06 -> extend(m.loadI64(address, reach), 32, false);
            case 0x5C -> new V128(m.loadU32(address, reach), 0);
            case 0x5D -> new V128(m.loadI64(address, reach), 0);
            default -> throw CompilerDirectives.shouldNotReachHere();
        };
        Slots.putV128(frame, sp - 1, high, result);
        return sp;
    }

    /** A lane of {@code bits} bits from memory, zero-extended. */
    private static long loadBits(LinearMemory m, long address, int reach, int bits) {
        return switch (bits) {
            case 8 -> m.loadU8(address, reach);
            case 16 -> m.loadU16(address, reach);
            case 32 -> m.loadU32(address, reach);
            default -> m.loadI64(address, reach);
        };
    }

    // ---- lanes ----

    private static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    private static long signExtend(long x, int bits) {
        return x << (64 - bits) >> (64 - bits);
    }

    /** Lane {@code lane} of width {@code bits}, zero-extended. */
    static long laneBits(V128 x, int bits, int lane) {
        int perHalf = 64 / bits;
        long half = lane < perHalf ? x.lo : x.hi;
        return (half >>> ((lane % perHalf) * bits)) & mask(bits);
    }

    static V128 withLane(V128 x, int bits, int lane, long value) {
        int perHalf = 64 / bits;
        int shift = (lane % perHalf) * bits;
        long m = mask(bits) << shift;
        long put = (value << shift) & m;
        return lane < perHalf ? new V128((x.lo & ~m) | put, x.hi) : new V128(x.lo, (x.hi & ~m) | put);
    }

    private static V128 splatBits(int bits, long value) {
        long half = switch (bits) {
            case 8 -> (value & 0xFF) * 0x0101_0101_0101_0101L;
            case 16 -> (value & 0xFFFF) * 0x0001_0001_0001_0001L;
            case 32 -> (value & 0xFFFF_FFFFL) * 0x0000_0001_0000_0001L;
            default -> value;
        };
        return new V128(half, half);
    }

    /** The scalar operand of a splat, as the bits of its lane. */
    private static long splatOperand(VirtualFrame frame, int slot, int sub) {
        return switch (sub) {
            case 0x12 -> frame.getLongStatic(slot);
            case 0x13 -> Float.floatToRawIntBits(frame.getFloatStatic(slot));
            case 0x14 -> Double.doubleToRawLongBits(frame.getDoubleStatic(slot));
            default -> frame.getIntStatic(slot);
        };
    }

    private static V128 splat(VirtualFrame frame, int slot, int sub) {
        return scalarSplat(sub, splatOperand(frame, slot, sub));
    }

    /** A splat of {@code value}, the bits of one lane. */
    static V128 scalarSplat(int sub, long value) {
        int bits = switch (sub) {
            case 0x0F -> 8;
            case 0x10 -> 16;
            case 0x11, 0x13 -> 32;
            default -> 64;
        };
        return splatBits(bits, value);
    }

    /** Writes an extracted lane ({@code bits}, zero-extended) to the slot as the instruction's scalar type. */
    private static void extract(VirtualFrame frame, int slot, int sub, long bits) {
        switch (sub) {
            case 0x15 -> frame.setIntStatic(slot, (int) signExtend(bits, 8));
            case 0x16, 0x19, 0x1B -> frame.setIntStatic(slot, (int) bits);
            case 0x18 -> frame.setIntStatic(slot, (int) signExtend(bits, 16));
            case 0x1D -> frame.setLongStatic(slot, bits);
            case 0x1F -> frame.setFloatStatic(slot, Float.intBitsToFloat((int) bits));
            case 0x21 -> frame.setDoubleStatic(slot, Double.longBitsToDouble(bits));
            default -> throw CompilerDirectives.shouldNotReachHere();
        }
    }

    /** The bits of a replace_lane's scalar operand. */
    private static long replacement(VirtualFrame frame, int slot, int sub) {
        return switch (sub) {
            case 0x17, 0x1A, 0x1C -> frame.getIntStatic(slot);
            case 0x1E -> frame.getLongStatic(slot);
            case 0x20 -> Float.floatToRawIntBits(frame.getFloatStatic(slot));
            case 0x22 -> Double.doubleToRawLongBits(frame.getDoubleStatic(slot));
            default -> throw CompilerDirectives.shouldNotReachHere();
        };
    }

    private static long byteAt(long lo, long hi, int i) {
        return ((i < 8 ? lo : hi) >>> ((i & 7) * 8)) & 0xFF;
    }

    /** Lane i of the result is byte {@code s[i]} of a:b, or zero for {@link Bytecode#ZERO_LANE}. */
    static V128 scalarShuffle(V128 a, V128 b, long sLo, long sHi) {
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < 8; i++) {
            lo |= pick(a, b, (int) byteAt(sLo, sHi, i)) << (8 * i);
            hi |= pick(a, b, (int) byteAt(sLo, sHi, i + 8)) << (8 * i);
        }
        return new V128(lo, hi);
    }

    private static long pick(V128 a, V128 b, int index) {
        if (index >= 32) {
            return 0;
        }
        return index < 16 ? byteAt(a.lo, a.hi, index) : byteAt(b.lo, b.hi, index - 16);
    }

    /** Out-of-range indices (unsigned, 16 and up) select 0. */
    private static V128 swizzle(V128 a, V128 s) {
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < 8; i++) {
            int x = (int) byteAt(s.lo, s.hi, i);
            int y = (int) byteAt(s.lo, s.hi, i + 8);
            lo |= (x < 16 ? byteAt(a.lo, a.hi, x) : 0) << (8 * i);
            hi |= (y < 16 ? byteAt(a.lo, a.hi, y) : 0) << (8 * i);
        }
        return new V128(lo, hi);
    }

    // ---- integer lanes ----

    /** The high bit of every lane of a half. */
    private static long highBits(int bits) {
        return switch (bits) {
            case 8 -> 0x8080_8080_8080_8080L;
            case 16 -> 0x8000_8000_8000_8000L;
            case 32 -> 0x8000_0000_8000_0000L;
            default -> Long.MIN_VALUE;
        };
    }

    /** Lane-wise add without carries across lanes (SWAR). */
    private static long addHalf(int bits, long a, long b) {
        long h = highBits(bits);
        return ((a & ~h) + (b & ~h)) ^ ((a ^ b) & h);
    }

    private static long subHalf(int bits, long a, long b) {
        long h = highBits(bits);
        return ((a | h) - (b & ~h)) ^ ((a ^ ~b) & h);
    }

    /** Applies a binary integer lane operation to every lane of one 64-bit half. */
    private static long mapHalf(int op, int bits, long a, long b) {
        long m = mask(bits);
        long r = 0;
        for (int s = 0; s < 64; s += bits) {
            r |= (lane(op, bits, (a >>> s) & m, (b >>> s) & m) & m) << s;
        }
        return r;
    }

    private static V128 map(int op, int bits, V128 a, V128 b) {
        return switch (op) {
            case ADD -> new V128(addHalf(bits, a.lo, b.lo), addHalf(bits, a.hi, b.hi));
            case SUB -> new V128(subHalf(bits, a.lo, b.lo), subHalf(bits, a.hi, b.hi));
            default -> new V128(mapHalf(op, bits, a.lo, b.lo), mapHalf(op, bits, a.hi, b.hi));
        };
    }

    /** One lane: x and y zero-extended, the result's low {@code bits} bits count. */
    private static long lane(int op, int bits, long x, long y) {
        long sx = signExtend(x, bits);
        long sy = signExtend(y, bits);
        long max = (1L << (bits - 1)) - 1;
        long min = -max - 1;
        return switch (op) {
            case EQ -> x == y ? -1 : 0;
            case NE -> x != y ? -1 : 0;
            case LT_S -> sx < sy ? -1 : 0;
            case LT_U -> x < y ? -1 : 0;
            case GT_S -> sx > sy ? -1 : 0;
            case GT_U -> x > y ? -1 : 0;
            case LE_S -> sx <= sy ? -1 : 0;
            case LE_U -> x <= y ? -1 : 0;
            case GE_S -> sx >= sy ? -1 : 0;
            case GE_U -> x >= y ? -1 : 0;
            case MUL -> x * y;
            case ADD_SAT_S -> Math.min(max, Math.max(min, sx + sy));
            case ADD_SAT_U -> Math.min(mask(bits), x + y);
            case SUB_SAT_S -> Math.min(max, Math.max(min, sx - sy));
            case SUB_SAT_U -> Math.max(0, x - y);
            case MIN_S -> Math.min(sx, sy);
            case MIN_U -> Math.min(x, y);
            case MAX_S -> Math.max(sx, sy);
            case MAX_U -> Math.max(x, y);
            case AVGR_U -> (x + y + 1) >>> 1;
            case Q15MULR -> Math.min(max, Math.max(min, (sx * sy + 0x4000) >> 15));
            case ABS -> Math.abs(sx);
            case NEG -> -x;
            case POPCNT -> Long.bitCount(x);
            default -> throw CompilerDirectives.shouldNotReachHere();
        };
    }

    private static long mapUnaryHalf(int op, int bits, long a) {
        long m = mask(bits);
        long r = 0;
        for (int s = 0; s < 64; s += bits) {
            r |= (lane(op, bits, (a >>> s) & m, 0) & m) << s;
        }
        return r;
    }

    private static V128 mapUnary(int op, int bits, V128 a) {
        if (op == NEG) {
            return new V128(subHalf(bits, 0, a.lo), subHalf(bits, 0, a.hi));
        }
        return new V128(mapUnaryHalf(op, bits, a.lo), mapUnaryHalf(op, bits, a.hi));
    }

    private static long shiftHalf(int op, int bits, long a, int count) {
        long m = mask(bits);
        long r = 0;
        for (int s = 0; s < 64; s += bits) {
            long x = (a >>> s) & m;
            long y = switch (op) {
                case SHL -> x << count;
                case SHR_S -> signExtend(x, bits) >> count;
                default -> x >>> count;
            };
            r |= (y & m) << s;
        }
        return r;
    }

    private static int shiftBits(int sub) {
        return switch (sub >>> 5) {
            case 3 -> 8; // 0x6B..0x6D
            case 4 -> 16; // 0x8B..0x8D
            case 5 -> 32; // 0xAB..0xAD
            default -> 64; // 0xCB..0xCD
        };
    }

    static V128 scalarShift(int sub, V128 a, int count) {
        int bits = shiftBits(sub);
        int op = SHL + (sub & 0xF) - 0xB;
        int c = count & (bits - 1);
        if (bits == 64) {
            return switch (op) {
                case SHL -> new V128(a.lo << c, a.hi << c);
                case SHR_S -> new V128(a.lo >> c, a.hi >> c);
                default -> new V128(a.lo >>> c, a.hi >>> c);
            };
        }
        return new V128(shiftHalf(op, bits, a.lo, c), shiftHalf(op, bits, a.hi, c));
    }

    /** Extends the lanes of one half to twice their width. */
    private static V128 extend(long half, int bits, boolean signed) {
        int wide = 2 * bits;
        long wm = mask(wide);
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < 64 / bits; i++) {
            long x = (half >>> (i * bits)) & mask(bits);
            if (signed) {
                x = signExtend(x, bits);
            }
            x &= wm;
            int at = i * wide;
            if (at < 64) {
                lo |= x << at;
            } else {
                hi |= x << (at - 64);
            }
        }
        return new V128(lo, hi);
    }

    /** Narrows the wide signed lanes of a (then b) with saturation. */
    private static V128 narrow(V128 a, V128 b, int bits, boolean signed) {
        return new V128(narrowHalf(a, bits, signed), narrowHalf(b, bits, signed));
    }

    private static long narrowHalf(V128 x, int bits, boolean signed) {
        int wide = 2 * bits;
        long min = signed ? -(1L << (bits - 1)) : 0;
        long max = signed ? (1L << (bits - 1)) - 1 : mask(bits);
        long r = 0;
        int n = 64 / bits;
        for (int i = 0; i < n; i++) {
            long w = signExtend(laneBits(x, wide, i), wide);
            r |= (Math.min(max, Math.max(min, w)) & mask(bits)) << (i * bits);
        }
        return r;
    }

    private static long pairwiseHalf(long half, int bits, boolean signed) {
        int wide = 2 * bits;
        long r = 0;
        for (int i = 0; i < 64 / wide; i++) {
            long x = (half >>> (2 * i * bits)) & mask(bits);
            long y = (half >>> ((2 * i + 1) * bits)) & mask(bits);
            if (signed) {
                x = signExtend(x, bits);
                y = signExtend(y, bits);
            }
            r |= ((x + y) & mask(wide)) << (i * wide);
        }
        return r;
    }

    /** Sums of adjacent signed products of 16-bit lanes into 32-bit lanes (wrapping). */
    private static long dotHalf(long a, long b) {
        long r = 0;
        for (int i = 0; i < 2; i++) {
            long p0 = (long) (short) (a >>> (32 * i)) * (short) (b >>> (32 * i));
            long p1 = (long) (short) (a >>> (32 * i + 16)) * (short) (b >>> (32 * i + 16));
            r |= ((p0 + p1) & 0xFFFF_FFFFL) << (32 * i);
        }
        return r;
    }

    private static V128 extmul(V128 a, V128 b, int bits, boolean high, boolean signed) {
        V128 x = extend(high ? a.hi : a.lo, bits, signed);
        V128 y = extend(high ? b.hi : b.lo, bits, signed);
        if (bits == 32) {
            return new V128(x.lo * y.lo, x.hi * y.hi);
        }
        return map(MUL, 2 * bits, x, y);
    }

    private static int bitmask(V128 a, int bits) {
        int r = 0;
        int n = 128 / bits;
        for (int i = 0; i < n; i++) {
            r |= (int) (laneBits(a, bits, i) >>> (bits - 1)) << i;
        }
        return r;
    }

    private static boolean allTrue(V128 a, int bits) {
        for (int i = 0; i < 128 / bits; i++) {
            if (laneBits(a, bits, i) == 0) {
                return false;
            }
        }
        return true;
    }

    private static int test(int sub, V128 a) {
        return switch (sub) {
            case 0x53 -> (a.lo | a.hi) != 0 ? 1 : 0;
            case 0x63 -> allTrue(a, 8) ? 1 : 0;
            case 0x64 -> bitmask(a, 8);
            case 0x83 -> allTrue(a, 16) ? 1 : 0;
            case 0x84 -> bitmask(a, 16);
            case 0xA3 -> allTrue(a, 32) ? 1 : 0;
            case 0xA4 -> bitmask(a, 32);
            case 0xC3 -> a.lo != 0 && a.hi != 0 ? 1 : 0;
            case 0xC4 -> (int) (a.lo >>> 63) | (int) (a.hi >>> 63) << 1;
            default -> throw CompilerDirectives.shouldNotReachHere();
        };
    }

    // ---- float lanes ----

    private static int f32(int op, int xb, int yb) {
        float x = Float.intBitsToFloat(xb);
        float y = Float.intBitsToFloat(yb);
        return switch (op) {
            case F_EQ -> x == y ? -1 : 0;
            case F_NE -> x != y ? -1 : 0;
            case F_LT -> x < y ? -1 : 0;
            case F_GT -> x > y ? -1 : 0;
            case F_LE -> x <= y ? -1 : 0;
            case F_GE -> x >= y ? -1 : 0;
            case F_ADD -> Float.floatToRawIntBits(x + y);
            case F_SUB -> Float.floatToRawIntBits(x - y);
            case F_MUL -> Float.floatToRawIntBits(x * y);
            case F_DIV -> Float.floatToRawIntBits(x / y);
            case F_MIN -> Float.floatToRawIntBits(Numerics.f32Min(x, y));
            case F_MAX -> Float.floatToRawIntBits(Numerics.f32Max(x, y));
            case F_PMIN -> y < x ? yb : xb;
            case F_PMAX -> x < y ? yb : xb;
            case F_ABS -> xb & 0x7FFF_FFFF;
            case F_NEG -> xb ^ 0x8000_0000;
            case F_SQRT -> Float.floatToRawIntBits(Numerics.f32Sqrt(x));
            case F_CEIL -> Float.floatToRawIntBits(Numerics.f32Ceil(x));
            case F_FLOOR -> Float.floatToRawIntBits(Numerics.f32Floor(x));
            case F_TRUNC -> Float.floatToRawIntBits(Numerics.f32Trunc(x));
            case F_NEAREST -> Float.floatToRawIntBits(Numerics.f32Nearest(x));
            default -> throw CompilerDirectives.shouldNotReachHere();
        };
    }

    private static long f32Half(int op, long a, long b) {
        long lo = f32(op, (int) a, (int) b) & 0xFFFF_FFFFL;
        return lo | (long) f32(op, (int) (a >>> 32), (int) (b >>> 32)) << 32;
    }

    private static V128 f32x4(int op, V128 a, V128 b) {
        return new V128(f32Half(op, a.lo, b.lo), f32Half(op, a.hi, b.hi));
    }

    private static long f64(int op, long xb, long yb) {
        double x = Double.longBitsToDouble(xb);
        double y = Double.longBitsToDouble(yb);
        return switch (op) {
            case F_EQ -> x == y ? -1 : 0;
            case F_NE -> x != y ? -1 : 0;
            case F_LT -> x < y ? -1 : 0;
            case F_GT -> x > y ? -1 : 0;
            case F_LE -> x <= y ? -1 : 0;
            case F_GE -> x >= y ? -1 : 0;
            case F_ADD -> Double.doubleToRawLongBits(x + y);
            case F_SUB -> Double.doubleToRawLongBits(x - y);
            case F_MUL -> Double.doubleToRawLongBits(x * y);
            case F_DIV -> Double.doubleToRawLongBits(x / y);
            case F_MIN -> Double.doubleToRawLongBits(Numerics.f64Min(x, y));
            case F_MAX -> Double.doubleToRawLongBits(Numerics.f64Max(x, y));
            case F_PMIN -> y < x ? yb : xb;
            case F_PMAX -> x < y ? yb : xb;
            case F_ABS -> xb & Long.MAX_VALUE;
            case F_NEG -> xb ^ Long.MIN_VALUE;
            case F_SQRT -> Double.doubleToRawLongBits(Numerics.f64Sqrt(x));
            case F_CEIL -> Double.doubleToRawLongBits(Numerics.f64Ceil(x));
            case F_FLOOR -> Double.doubleToRawLongBits(Numerics.f64Floor(x));
            case F_TRUNC -> Double.doubleToRawLongBits(Numerics.f64Trunc(x));
            case F_NEAREST -> Double.doubleToRawLongBits(Numerics.f64Nearest(x));
            default -> throw CompilerDirectives.shouldNotReachHere();
        };
    }

    private static V128 f64x2(int op, V128 a, V128 b) {
        return new V128(f64(op, a.lo, b.lo), f64(op, a.hi, b.hi));
    }

    private static long ints(int lo, int hi) {
        return (lo & 0xFFFF_FFFFL) | (long) hi << 32;
    }

    private static float f32Lane(long half, int i) {
        return Float.intBitsToFloat((int) (half >>> (32 * i)));
    }

    // ---- dispatch by operand shape ----

    static V128 unary(int sub, V128 a) {
        return switch (sub) {
            case 0x4D -> new V128(~a.lo, ~a.hi);
            case 0x5E -> new V128(ints(Float.floatToRawIntBits(Numerics.f32DemoteF64(Double.longBitsToDouble(a.lo))),
                            Float.floatToRawIntBits(Numerics.f32DemoteF64(Double.longBitsToDouble(a.hi)))), 0);
            case 0x5F -> new V128(Double.doubleToRawLongBits(Numerics.f64PromoteF32(f32Lane(a.lo, 0))),
                            Double.doubleToRawLongBits(Numerics.f64PromoteF32(f32Lane(a.lo, 1))));
            case 0x60 -> mapUnary(ABS, 8, a);
            case 0x61 -> mapUnary(NEG, 8, a);
            case 0x62 -> mapUnary(POPCNT, 8, a);
            case 0x67 -> f32x4(F_CEIL, a, a);
            case 0x68 -> f32x4(F_FLOOR, a, a);
            case 0x69 -> f32x4(F_TRUNC, a, a);
            case 0x6A -> f32x4(F_NEAREST, a, a);
            case 0x74 -> f64x2(F_CEIL, a, a);
            case 0x75 -> f64x2(F_FLOOR, a, a);
            case 0x7A -> f64x2(F_TRUNC, a, a);
            case 0x94 -> f64x2(F_NEAREST, a, a);
            case 0x7C -> new V128(pairwiseHalf(a.lo, 8, true), pairwiseHalf(a.hi, 8, true));
            case 0x7D -> new V128(pairwiseHalf(a.lo, 8, false), pairwiseHalf(a.hi, 8, false));
            case 0x7E -> new V128(pairwiseHalf(a.lo, 16, true), pairwiseHalf(a.hi, 16, true));
            case 0x7F -> new V128(pairwiseHalf(a.lo, 16, false), pairwiseHalf(a.hi, 16, false));
            case 0x80 -> mapUnary(ABS, 16, a);
            case 0x81 -> mapUnary(NEG, 16, a);
            case 0x87 -> extend(a.lo, 8, true);
            case 0x88 -> extend(a.hi, 8, true);
            case 0x89 -> extend(a.lo, 8, false);
            case 0x8A -> extend(a.hi, 8, false);
            case 0xA0 -> mapUnary(ABS, 32, a);
            case 0xA1 -> mapUnary(NEG, 32, a);
            case 0xA7 -> extend(a.lo, 16, true);
            case 0xA8 -> extend(a.hi, 16, true);
            case 0xA9 -> extend(a.lo, 16, false);
            case 0xAA -> extend(a.hi, 16, false);
            case 0xC0 -> new V128(Math.abs(a.lo), Math.abs(a.hi));
            case 0xC1 -> new V128(-a.lo, -a.hi);
            case 0xC7 -> extend(a.lo, 32, true);
            case 0xC8 -> extend(a.hi, 32, true);
            case 0xC9 -> extend(a.lo, 32, false);
            case 0xCA -> extend(a.hi, 32, false);
            case 0xE0 -> f32x4(F_ABS, a, a);
            case 0xE1 -> f32x4(F_NEG, a, a);
            case 0xE3 -> f32x4(F_SQRT, a, a);
            case 0xEC -> f64x2(F_ABS, a, a);
            case 0xED -> f64x2(F_NEG, a, a);
            case 0xEF -> f64x2(F_SQRT, a, a);
            default -> conversion(sub, a);
        };
    }

    private static V128 conversion(int sub, V128 a) {
        return switch (sub) {
            // The relaxed truncations (0x101..0x104) saturate like their strict forms.
            case 0xF8, 0x101 -> new V128(ints(Numerics.i32TruncSatF32S(f32Lane(a.lo, 0)), Numerics.i32TruncSatF32S(f32Lane(a.lo, 1))),
                            ints(Numerics.i32TruncSatF32S(f32Lane(a.hi, 0)), Numerics.i32TruncSatF32S(f32Lane(a.hi, 1))));
            case 0xF9, 0x102 -> new V128(ints(Numerics.i32TruncSatF32U(f32Lane(a.lo, 0)), Numerics.i32TruncSatF32U(f32Lane(a.lo, 1))),
                            ints(Numerics.i32TruncSatF32U(f32Lane(a.hi, 0)), Numerics.i32TruncSatF32U(f32Lane(a.hi, 1))));
            case 0xFA -> new V128(f32FromInts(a.lo, true), f32FromInts(a.hi, true));
            case 0xFB -> new V128(f32FromInts(a.lo, false), f32FromInts(a.hi, false));
            case 0xFC, 0x103 -> new V128(ints(Numerics.i32TruncSatF64S(Double.longBitsToDouble(a.lo)),
                            Numerics.i32TruncSatF64S(Double.longBitsToDouble(a.hi))), 0);
            case 0xFD, 0x104 -> new V128(ints(Numerics.i32TruncSatF64U(Double.longBitsToDouble(a.lo)),
                            Numerics.i32TruncSatF64U(Double.longBitsToDouble(a.hi))), 0);
            case 0xFE -> new V128(Double.doubleToRawLongBits(Numerics.f64ConvertI32S((int) a.lo)),
                            Double.doubleToRawLongBits(Numerics.f64ConvertI32S((int) (a.lo >>> 32))));
            case 0xFF -> new V128(Double.doubleToRawLongBits(Numerics.f64ConvertI32U((int) a.lo)),
                            Double.doubleToRawLongBits(Numerics.f64ConvertI32U((int) (a.lo >>> 32))));
            default -> throw CompilerDirectives.shouldNotReachHere();
        };
    }

    private static long f32FromInts(long half, boolean signed) {
        int x = (int) half;
        int y = (int) (half >>> 32);
        float fx = signed ? Numerics.f32ConvertI32S(x) : Numerics.f32ConvertI32U(x);
        float fy = signed ? Numerics.f32ConvertI32S(y) : Numerics.f32ConvertI32U(y);
        return ints(Float.floatToRawIntBits(fx), Float.floatToRawIntBits(fy));
    }

    static V128 scalarBinary(int sub, V128 a, V128 b) {
        if (sub >= 0x23 && sub <= 0x40) {
            int k = sub - 0x23;
            return map(EQ + k % 10, 8 << (k / 10), a, b);
        }
        if (sub >= 0x41 && sub <= 0x46) {
            return f32x4(F_EQ + sub - 0x41, a, b);
        }
        if (sub >= 0x47 && sub <= 0x4C) {
            return f64x2(F_EQ + sub - 0x47, a, b);
        }
        if (sub >= 0xE4 && sub <= 0xEB) {
            return f32x4(F_ADD + sub - 0xE4, a, b);
        }
        if (sub >= 0xF0 && sub <= 0xF7) {
            return f64x2(F_ADD + sub - 0xF0, a, b);
        }
        return switch (sub) {
            case 0x0E, 0x100 -> swizzle(a, b); // relaxed_swizzle: out-of-range indices select 0
            case 0x4E -> new V128(a.lo & b.lo, a.hi & b.hi);
            case 0x4F -> new V128(a.lo & ~b.lo, a.hi & ~b.hi);
            case 0x50 -> new V128(a.lo | b.lo, a.hi | b.hi);
            case 0x51 -> new V128(a.lo ^ b.lo, a.hi ^ b.hi);
            case 0x65 -> narrow(a, b, 8, true);
            case 0x66 -> narrow(a, b, 8, false);
            case 0x85 -> narrow(a, b, 16, true);
            case 0x86 -> narrow(a, b, 16, false);
            case 0x6E -> map(ADD, 8, a, b);
            case 0x6F -> map(ADD_SAT_S, 8, a, b);
            case 0x70 -> map(ADD_SAT_U, 8, a, b);
            case 0x71 -> map(SUB, 8, a, b);
            case 0x72 -> map(SUB_SAT_S, 8, a, b);
            case 0x73 -> map(SUB_SAT_U, 8, a, b);
            case 0x76 -> map(MIN_S, 8, a, b);
            case 0x77 -> map(MIN_U, 8, a, b);
            case 0x78 -> map(MAX_S, 8, a, b);
            case 0x79 -> map(MAX_U, 8, a, b);
            case 0x7B -> map(AVGR_U, 8, a, b);
            case 0x82, 0x111 -> map(Q15MULR, 16, a, b); // relaxed_q15mulr saturates too
            case 0x8E -> map(ADD, 16, a, b);
            case 0x8F -> map(ADD_SAT_S, 16, a, b);
            case 0x90 -> map(ADD_SAT_U, 16, a, b);
            case 0x91 -> map(SUB, 16, a, b);
            case 0x92 -> map(SUB_SAT_S, 16, a, b);
            case 0x93 -> map(SUB_SAT_U, 16, a, b);
            case 0x95 -> map(MUL, 16, a, b);
            case 0x96 -> map(MIN_S, 16, a, b);
            case 0x97 -> map(MIN_U, 16, a, b);
            case 0x98 -> map(MAX_S, 16, a, b);
            case 0x99 -> map(MAX_U, 16, a, b);
            case 0x9B -> map(AVGR_U, 16, a, b);
            case 0x9C -> extmul(a, b, 8, false, true);
            case 0x9D -> extmul(a, b, 8, true, true);
            case 0x9E -> extmul(a, b, 8, false, false);
            case 0x9F -> extmul(a, b, 8, true, false);
            case 0xAE -> map(ADD, 32, a, b);
            case 0xB1 -> map(SUB, 32, a, b);
            case 0xB5 -> map(MUL, 32, a, b);
            case 0xB6 -> map(MIN_S, 32, a, b);
            case 0xB7 -> map(MIN_U, 32, a, b);
            case 0xB8 -> map(MAX_S, 32, a, b);
            case 0xB9 -> map(MAX_U, 32, a, b);
            case 0xBA -> new V128(dotHalf(a.lo, b.lo), dotHalf(a.hi, b.hi));
            case 0xBC -> extmul(a, b, 16, false, true);
            case 0xBD -> extmul(a, b, 16, true, true);
            case 0xBE -> extmul(a, b, 16, false, false);
            case 0xBF -> extmul(a, b, 16, true, false);
            case 0xCE -> new V128(a.lo + b.lo, a.hi + b.hi);
            case 0xD1 -> new V128(a.lo - b.lo, a.hi - b.hi);
            case 0xD5 -> new V128(a.lo * b.lo, a.hi * b.hi);
            case 0xD6 -> new V128(a.lo == b.lo ? -1 : 0, a.hi == b.hi ? -1 : 0);
            case 0xD7 -> new V128(a.lo != b.lo ? -1 : 0, a.hi != b.hi ? -1 : 0);
            case 0xD8 -> new V128(a.lo < b.lo ? -1 : 0, a.hi < b.hi ? -1 : 0);
            case 0xD9 -> new V128(a.lo > b.lo ? -1 : 0, a.hi > b.hi ? -1 : 0);
            case 0xDA -> new V128(a.lo <= b.lo ? -1 : 0, a.hi <= b.hi ? -1 : 0);
            case 0xDB -> new V128(a.lo >= b.lo ? -1 : 0, a.hi >= b.hi ? -1 : 0);
            case 0xDC -> extmul(a, b, 32, false, true);
            case 0xDD -> extmul(a, b, 32, true, true);
            case 0xDE -> extmul(a, b, 32, false, false);
            case 0xDF -> extmul(a, b, 32, true, false);
            // relaxed min/max: the strict (NaN-propagating) semantics.
            case 0x10D -> f32x4(F_MIN, a, b);
            case 0x10E -> f32x4(F_MAX, a, b);
            case 0x10F -> f64x2(F_MIN, a, b);
            case 0x110 -> f64x2(F_MAX, a, b);
            case 0x112 -> relaxedDot(a, b);
            default -> throw CompilerDirectives.shouldNotReachHere();
        };
    }

    /** i16x8.relaxed_dot_i8x16_i7x16_s: b taken as signed, sums wrap to 16 bits. */
    private static V128 relaxedDot(V128 a, V128 b) {
        return new V128(relaxedDotHalf(a.lo, b.lo), relaxedDotHalf(a.hi, b.hi));
    }

    private static long relaxedDotHalf(long a, long b) {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            int s = 16 * i;
            long p0 = (long) (byte) (a >>> s) * (byte) (b >>> s);
            long p1 = (long) (byte) (a >>> (s + 8)) * (byte) (b >>> (s + 8));
            r |= ((p0 + p1) & 0xFFFF) << s;
        }
        return r;
    }

    /** bitselect, and every relaxed_laneselect, which Porcini runs as a bitwise select. */
    private static boolean isBitselect(int sub) {
        return sub == 0x52 || (sub >= 0x109 && sub <= 0x10C);
    }

    static V128 ternary(int sub, V128 a, V128 b, V128 c) {
        if (isBitselect(sub)) {
            return new V128((a.lo & c.lo) | (b.lo & ~c.lo), (a.hi & c.hi) | (b.hi & ~c.hi));
        }
        return switch (sub) {
            // relaxed madd/nmadd: unfused, a product rounded and then a sum rounded.
            case 0x105 -> f32x4(F_ADD, f32x4(F_MUL, a, b), c);
            case 0x106 -> f32x4(F_ADD, f32x4(F_NEG, f32x4(F_MUL, a, b), a), c);
            case 0x107 -> f64x2(F_ADD, f64x2(F_MUL, a, b), c);
            case 0x108 -> f64x2(F_ADD, f64x2(F_NEG, f64x2(F_MUL, a, b), a), c);
            case 0x113 -> {
                // The 16-bit relaxed dot, pairwise extended to 32 bits, plus c.
                V128 d = relaxedDot(a, b);
                V128 e = new V128(pairwiseHalf(d.lo, 16, true), pairwiseHalf(d.hi, 16, true));
                yield map(ADD, 32, e, c);
            }
            default -> throw CompilerDirectives.shouldNotReachHere();
        };
    }
}
