package dev.porcini.validation;

import dev.porcini.binary.BinaryReader;
import dev.porcini.binary.Instructions;
import dev.porcini.binary.SimdOpcodes;
import dev.porcini.bytecode.Bytecode;
import dev.porcini.bytecode.LoweredCode;
import dev.porcini.error.WasmException;
import dev.porcini.module.FunctionBody;
import dev.porcini.module.ValType;
import dev.porcini.module.WasmModule;

import java.util.Arrays;

/**
 * Validates one function body at a time and lowers it to {@link Bytecode} in the same pass.
 *
 * <p>This is the spec's validation algorithm (operand type stack plus control frames, with a
 * polymorphic stack after unconditional branches). On top of it the lowering tracks {@link #live}:
 * whether execution can actually reach the current instruction. Code that is not live emits
 * nothing, so besides spec-unreachable code this also drops code after a block whose end no branch
 * and no fall-through reaches. While live, the type stack height is exactly the run-time operand
 * stack height, which is what branch instructions record.
 *
 * <p>Buffers are reused from one function to the next; only the final arrays are allocated.
 */
final class CodeValidator {
    /** The type of a value popped from the polymorphic stack of unreachable code. */
    private static final int UNKNOWN = 0;
    private static final int I32 = 0x7F;
    private static final int I64 = 0x7E;
    private static final int F32 = 0x7D;
    private static final int F64 = 0x7C;
    private static final int V128 = 0x7B;
    private static final int FUNCREF = 0x70;
    private static final int EXTERNREF = 0x6F;

    // Control frame kinds.
    private static final int FUNC = 0;
    private static final int BLOCK = 1;
    private static final int LOOP = 2;
    private static final int IF = 3;
    private static final int ELSE = 4;

    /** Operand and result types of the numeric opcodes 0x45..0xC4 (second operand 0 for unary ones). */
    private static final byte[] NUM_IN1 = new byte[256];
    private static final byte[] NUM_IN2 = new byte[256];
    private static final byte[] NUM_OUT = new byte[256];
    /** For loads and stores 0x28..0x3E: the value type (their widths: Bytecode.MEMORY_ALIGN). */
    private static final byte[] MEM_TYPE = new byte[256];

    static {
        num(0x45, 0x45, I32, 0, I32); // i32.eqz
        num(0x46, 0x4F, I32, I32, I32); // i32 comparisons
        num(0x50, 0x50, I64, 0, I32); // i64.eqz
        num(0x51, 0x5A, I64, I64, I32);
        num(0x5B, 0x60, F32, F32, I32);
        num(0x61, 0x66, F64, F64, I32);
        num(0x67, 0x69, I32, 0, I32); // clz, ctz, popcnt
        num(0x6A, 0x78, I32, I32, I32);
        num(0x79, 0x7B, I64, 0, I64);
        num(0x7C, 0x8A, I64, I64, I64);
        num(0x8B, 0x91, F32, 0, F32); // abs .. sqrt
        num(0x92, 0x98, F32, F32, F32);
        num(0x99, 0x9F, F64, 0, F64);
        num(0xA0, 0xA6, F64, F64, F64);
        num(0xA7, 0xA7, I64, 0, I32); // i32.wrap_i64
        num(0xA8, 0xA9, F32, 0, I32);
        num(0xAA, 0xAB, F64, 0, I32);
        num(0xAC, 0xAD, I32, 0, I64); // i64.extend_i32_s/u
        num(0xAE, 0xAF, F32, 0, I64);
        num(0xB0, 0xB1, F64, 0, I64);
        num(0xB2, 0xB3, I32, 0, F32);
        num(0xB4, 0xB5, I64, 0, F32);
        num(0xB6, 0xB6, F64, 0, F32); // f32.demote_f64
        num(0xB7, 0xB8, I32, 0, F64);
        num(0xB9, 0xBA, I64, 0, F64);
        num(0xBB, 0xBB, F32, 0, F64); // f64.promote_f32
        num(0xBC, 0xBC, F32, 0, I32); // reinterpretations
        num(0xBD, 0xBD, F64, 0, I64);
        num(0xBE, 0xBE, I32, 0, F32);
        num(0xBF, 0xBF, I64, 0, F64);
        num(0xC0, 0xC1, I32, 0, I32); // i32.extend8_s, extend16_s
        num(0xC2, 0xC4, I64, 0, I64);

        mem(0x28, I32);
        mem(0x29, I64);
        mem(0x2A, F32);
        mem(0x2B, F64);
        mem(0x2C, I32);
        mem(0x2D, I32);
        mem(0x2E, I32);
        mem(0x2F, I32);
        mem(0x30, I64);
        mem(0x31, I64);
        mem(0x32, I64);
        mem(0x33, I64);
        mem(0x34, I64);
        mem(0x35, I64);
        mem(0x36, I32);
        mem(0x37, I64);
        mem(0x38, F32);
        mem(0x39, F64);
        mem(0x3A, I32);
        mem(0x3B, I32);
        mem(0x3C, I64);
        mem(0x3D, I64);
        mem(0x3E, I64);
    }

    private static void num(int from, int to, int in1, int in2, int out) {
        for (int op = from; op <= to; op++) {
            NUM_IN1[op] = (byte) in1;
            NUM_IN2[op] = (byte) in2;
            NUM_OUT[op] = (byte) out;
        }
    }

    private static void mem(int op, int type) {
        MEM_TYPE[op] = (byte) type;
    }

    /** Input and output types of the saturating truncations, 0xFC 0..7. */
    private static final byte[] TRUNC_SAT_IN = {F32, F32, F64, F64, F32, F32, F64, F64};
    private static final byte[] TRUNC_SAT_OUT = {I32, I32, I32, I32, I64, I64, I64, I64};

    private final Validator ctx;
    private final WasmModule module;
    private final BinaryReader r;
    private final CodeBuffer out = new CodeBuffer();

    private byte[] locals = new byte[16];
    private int localCount;
    /** Per local: its vector register ({@link Bytecode.SimdWord#LOCAL_REGISTERS}), or -1. */
    private int[] localRegister = new int[16];
    /**
     * Per local with a register: where the word of its last local.set or local.tee is, or -1.
     * Only a set at or after {@link #runStart} can hand the vector to a get (see {@link #localV128}).
     */
    private int[] localFill = new int[16];
    /** Per local with a register: where the word of the last get that reads localFill's vector is, or -1. */
    private int[] localLastGet = new int[16];
    /**
     * Per local: the position, in the current straight-line run, of the set or tee that stored an
     * all-zero v128 into it, else -1 (or a position before the run). Its gets in the run then push
     * a known zero.
     */
    private int[] localZeroAt = new int[16];

    private byte[] vals = new byte[64];
    private int valCount;
    /**
     * Per operand stack position: where the SIMD instruction that pushed the v128 there has its
     * word in the code, or -1. Only entries at or after {@link #runStart} can be paired.
     */
    private int[] simdProducer = new int[64];
    /** Per operand stack position: the i32's address symbol for {@link #sharedChecks}. */
    private long[] addressSymbol = new long[64];
    /** Per operand stack position: the value is a v128 known to be all zeros. */
    private boolean[] zeroV128 = new boolean[64];
    /** Code position where the current straight-line run began (see {@link #continuesRun}). */
    private int runStart;
    private final SharedBoundsChecks sharedChecks = new SharedBoundsChecks();
    /** LOOP instructions emitted so far; each one's immediate is its number. */
    private int loops;
    /** The register flags {@link #pairVectorOperands} found for the SIMD instruction being lowered. */
    private int simdRegisterFlags;

    // Control frames, one entry per open block (struct of arrays to avoid an object per block).
    private int depth;
    private int[] kind = new int[16];
    /** -1: no params or results; -(code): one result; otherwise a type index. */
    private int[] blockType = new int[16];
    /** Operand stack height at the frame's base (entry height minus params). */
    private int[] height = new int[16];
    private boolean[] unreachable = new boolean[16];
    /** Loops: pc of the first instruction, the target of branches. */
    private int[] startPc = new int[16];
    /** Head of the list of forward branch immediates to patch with the end's pc (-1: none). */
    private int[] patches = new int[16];
    /** Ifs: position of the IF's elsePc immediate until patched (-1: none). */
    private int[] ifPatch = new int[16];
    /** Whether the frame was entered live (for an if: whether the else path is live). */
    private boolean[] entryLive = new boolean[16];
    /** Whether a live branch or else-jump targets the frame's end. */
    private boolean[] endReachable = new boolean[16];

    // The patch lists' nodes.
    private int[] fixPos = new int[32];
    private int[] fixNext = new int[32];
    private int fixCount;

    private int[] tableLabels = new int[16];
    /** For br_table lowering, indexed by frame: its index among the distinct targets, -1 when not seen. */
    private int[] distinctOfFrame = new int[0];
    /** For br_table lowering: the distinct target frames in order (at most one per open frame). */
    private int[] distinctFrames = new int[0];
    private byte[] scratch = new byte[16];

    private boolean live;
    private int maxHeight;
    private boolean usesV128;
    private int callSites;
    private int profiles;
    /** Module offset of the instruction being validated, for error messages and the offset table. */
    private int instrStart;

    CodeValidator(Validator ctx) {
        this.ctx = ctx;
        this.module = ctx.module;
        this.r = new BinaryReader(module.bytes(), 0, module.bytes().length);
    }

    LoweredCode validate(int funcIndex) {
        FunctionBody body = module.body(funcIndex);
        int typeIndex = module.functionTypes()[funcIndex];
        setUpLocals(typeIndex, body.locals());
        valCount = 0;
        runStart = 0;
        sharedChecks.startFunction(localCount);
        loops = 0;
        depth = 0;
        fixCount = 0;
        maxHeight = 0;
        usesV128 = false;
        callSites = 0;
        profiles = 0;
        out.reset();
        live = true;
        pushFrame(FUNC, typeIndex);
        // Like the reference decoder, instructions are read up to the module's end; a body whose
        // final `end` is not its last byte is then a size mismatch.
        r.setPos(body.codeStart());
        instrStart = body.codeStart();
        try {
            readInstructions();
            if (r.pos() != body.codeEnd()) {
                throw WasmException.malformed("section size mismatch");
            }
        } catch (WasmException e) {
            throw located(e, module, funcIndex, instrStart);
        }
        ValType[] localTypes = localTypes(typeIndex, body.locals());
        usesV128 |= Arrays.asList(localTypes).contains(ValType.V128);
        return new LoweredCode(out.code(), localTypes, maxHeight, callSites, profiles, out.offsets(), usesV128, noneEach(loops),
                        noneEach(2 * profiles));
    }

    /** {@code count} empty sets. */
    private static int[][] noneEach(int count) {
        int[][] sets = new int[count][];
        Arrays.fill(sets, new int[0]);
        return sets;
    }

    /** Adds the function and offset to an error found in a body. */
    static WasmException located(WasmException e, WasmModule module, int funcIndex, int offset) {
        String where = offset >= 0 ? " at offset 0x" + Integer.toHexString(offset) : "";
        return WasmException.of(e.kind(), e.getMessage() + " (in " + module.functionName(funcIndex) + where + ")");
    }

    private void setUpLocals(int typeIndex, ValType[] declared) {
        byte[] params = ctx.typeParams[typeIndex];
        localCount = params.length + declared.length;
        if (locals.length < localCount) {
            locals = new byte[localCount];
        }
        System.arraycopy(params, 0, locals, 0, params.length);
        for (int i = 0; i < declared.length; i++) {
            locals[params.length + i] = (byte) declared[i].code;
        }
        if (localRegister.length < localCount) {
            localRegister = new int[localCount];
            localFill = new int[localCount];
            localLastGet = new int[localCount];
            localZeroAt = new int[localCount];
        }
        int registers = 0;
        for (int x = 0; x < localCount; x++) {
            boolean gets = locals[x] == V128 && registers < Bytecode.SimdWord.LOCAL_REGISTERS;
            localRegister[x] = gets ? registers++ : -1;
            localFill[x] = -1;
            localLastGet[x] = -1;
            localZeroAt[x] = -1;
        }
    }

    private ValType[] localTypes(int typeIndex, ValType[] declared) {
        ValType[] params = module.types()[typeIndex].params();
        ValType[] all = Arrays.copyOf(params, params.length + declared.length);
        System.arraycopy(declared, 0, all, params.length, declared.length);
        return all;
    }

    // ---- the instruction loop ----

    private void readInstructions() {
        while (true) {
            instrStart = r.pos();
            int op = r.u8();
            if (!continuesRun(op)) {
                runStart = out.pc();
            }
            if (!continuesCheckedRun(op)) {
                sharedChecks.startRun();
            }
            switch (op) {
                case 0x00 -> {
                    emit(Bytecode.UNREACHABLE);
                    setUnreachable();
                }
                case 0x01 -> {
                    // nop
                }
                case 0x02 -> {
                    int bt = readBlockType();
                    popParams(bt);
                    pushFrame(BLOCK, bt);
                    pushParams(bt);
                }
                case 0x03 -> {
                    int bt = readBlockType();
                    popParams(bt);
                    pushFrame(LOOP, bt);
                    if (live) {
                        out.op(Bytecode.LOOP, instrStart);
                        out.i32(loops++);
                        // Back edges enter at the header, after the LOOP instruction: a new run.
                        runStart = out.pc();
                    }
                    startPc[depth - 1] = out.pc();
                    pushParams(bt);
                }
                case 0x04 -> ifOp();
                case 0x05 -> elseOp();
                case 0x0B -> {
                    if (endOp()) {
                        return;
                    }
                }
                case 0x0C -> br();
                case 0x0D -> brIf();
                case 0x0E -> brTable();
                case 0x0F -> {
                    popLabel(0);
                    emit(Bytecode.RETURN);
                    setUnreachable();
                }
                case 0x10 -> call();
                case 0x11 -> callIndirect();
                case 0x1A -> {
                    pop();
                    emit(Bytecode.DROP);
                }
                case 0x1B -> select();
                case 0x1C -> selectTyped();
                case 0x20 -> {
                    int x = localIndex();
                    push(locals[x]);
                    addressSymbol[valCount - 1] = sharedChecks.get(x);
                    zeroV128[valCount - 1] = localZeroAt[x] >= runStart;
                    if (locals[x] == V128) {
                        localV128(Bytecode.LOCAL_GET_V128, x, 0);
                    } else {
                        emitIndex(Bytecode.LOCAL_GET, x);
                    }
                }
                case 0x21 -> localSet(false);
                case 0x22 -> localSet(true);
                case 0x23 -> {
                    int x = globalIndex();
                    push(ctx.globalTypes[x]);
                    emitIndex(Bytecode.GLOBAL_GET, x);
                }
                case 0x24 -> {
                    int x = globalIndex();
                    if (!ctx.globalMutable[x]) {
                        throw WasmException.invalid("global is immutable");
                    }
                    popExpect(ctx.globalTypes[x]);
                    emitIndex(Bytecode.GLOBAL_SET, x);
                }
                case 0x25 -> {
                    int x = tableIndex();
                    popExpect(I32);
                    push(ctx.tableTypes[x]);
                    emitIndex(Bytecode.TABLE_GET, x);
                }
                case 0x26 -> {
                    int x = tableIndex();
                    popExpect(ctx.tableTypes[x]);
                    popExpect(I32);
                    emitIndex(Bytecode.TABLE_SET, x);
                }
                case 0x3F -> {
                    r.zeroByte();
                    checkMemory(0);
                    push(I32);
                    emitIndex(Bytecode.MEMORY_SIZE, 0);
                }
                case 0x40 -> {
                    r.zeroByte();
                    checkMemory(0);
                    popExpect(I32);
                    push(I32);
                    emitIndex(Bytecode.MEMORY_GROW, 0);
                }
                case 0x41 -> {
                    int v = r.s32();
                    push(I32);
                    addressSymbol[valCount - 1] = SharedBoundsChecks.constant(v);
                    emitIndex(Bytecode.I32_CONST, v);
                }
                case 0x42 -> {
                    long v = r.s64();
                    push(I64);
                    if (live) {
                        out.op(Bytecode.I64_CONST, instrStart);
                        out.i64(v);
                    }
                }
                case 0x43 -> {
                    int bits = r.fixed32();
                    push(F32);
                    emitIndex(Bytecode.F32_CONST, bits);
                }
                case 0x44 -> {
                    long bits = r.fixed64();
                    push(F64);
                    if (live) {
                        out.op(Bytecode.F64_CONST, instrStart);
                        out.i64(bits);
                    }
                }
                case 0xD0 -> {
                    push(r.refType().code);
                    emit(Bytecode.REF_NULL);
                }
                case 0xD1 -> {
                    int t = pop();
                    if (t != UNKNOWN && t != FUNCREF && t != EXTERNREF) {
                        throw typeMismatch();
                    }
                    push(I32);
                    emit(Bytecode.REF_IS_NULL);
                }
                case 0xD2 -> {
                    int x = r.u32();
                    if (x < 0 || x >= ctx.functionCount) {
                        throw unknown("function", x);
                    }
                    if (!ctx.declaredRefs[x]) {
                        throw WasmException.invalid("undeclared function reference");
                    }
                    push(FUNCREF);
                    emitIndex(Bytecode.REF_FUNC, x);
                }
                case 0xFC -> prefixFC();
                case 0xFD -> simd();
                default -> {
                    if (op >= 0x45 && op <= 0xC4) {
                        numeric(op);
                    } else if (op >= 0x28 && op <= 0x3E) {
                        memoryAccess(op);
                    } else {
                        throw Instructions.illegalOpcode();
                    }
                }
            }
        }
    }

    private void numeric(int op) {
        long sum = op == 0x6A ? SharedBoundsChecks.add(addressSymbolAt(1), addressSymbolAt(0)) : SharedBoundsChecks.UNKNOWN;
        int in2 = NUM_IN2[op];
        if (in2 != 0) {
            popExpect(in2);
        }
        popExpect(NUM_IN1[op]);
        push(NUM_OUT[op]);
        addressSymbol[valCount - 1] = sum;
        emit(op);
    }

    private void memoryAccess(int op) {
        int align = Instructions.readAlign(r);
        int offset = r.u32();
        checkMemory(0);
        int natural = Bytecode.MEMORY_ALIGN[op - Bytecode.I32_LOAD];
        if (align > natural) {
            throw WasmException.invalid("alignment must not be larger than natural");
        }
        int type = MEM_TYPE[op];
        boolean load = op <= 0x35;
        long address = addressSymbolAt(load ? 0 : 1);
        if (load) {
            popExpect(I32);
            push(type);
        } else {
            popExpect(type);
            popExpect(I32);
        }
        if (live) {
            out.op(op, instrStart);
            emitMemarg(address, offset, 1 << natural);
        }
    }

    /** Emits [memIndex][offset][reach] for a {@code width}-byte access at {@code address + offset}. */
    private void emitMemarg(long address, int offset, int width) {
        out.i32(0);
        out.i32(offset);
        out.i32(sharedChecks.reach(address, offset & 0xFFFFFFFFL, width, out.pc(), out));
    }

    /** Whether the value {@code below} positions under the top of the stack is a v128 known to be all zeros. */
    private boolean zeroAt(int below) {
        int p = valCount - 1 - below;
        return p >= height[depth - 1] && zeroV128[p];
    }

    /** The address symbol {@code below} positions under the top of the stack. */
    private long addressSymbolAt(int below) {
        int p = valCount - 1 - below;
        return p >= height[depth - 1] ? addressSymbol[p] : SharedBoundsChecks.UNKNOWN;
    }

    // ---- 0xFD prefix: SIMD ----

    /**
     * Types and lowers one SIMD instruction. It is lowered to [SIMD_PREFIX][int sub] followed by
     * the immediates {@link Bytecode#SIMD_PREFIX} lists; see {@link SimdOpcodes} for the shapes.
     */
    private void simd() {
        int sub = r.u32();
        if (sub < 0 || sub >= SimdOpcodes.COUNT || SimdOpcodes.KIND[sub] == SimdOpcodes.ILLEGAL) {
            throw Instructions.illegalOpcode();
        }
        int kind = SimdOpcodes.KIND[sub];
        int scalar = SimdOpcodes.SCALAR[sub];
        simdRegisterFlags = live ? pairVectorOperands(vectorOperandDepths(kind)) : 0;
        switch (kind) {
            case SimdOpcodes.LOAD, SimdOpcodes.STORE -> {
                int offset = simdMemarg(sub);
                long address = addressSymbolAt(kind == SimdOpcodes.LOAD ? 0 : 1);
                if (kind == SimdOpcodes.LOAD) {
                    popExpect(I32);
                    push(V128);
                } else {
                    popExpect(V128);
                    popExpect(I32);
                }
                if (live) {
                    simdOp(sub);
                    emitMemarg(address, offset, 1 << SimdOpcodes.ALIGN[sub]);
                }
            }
            case SimdOpcodes.LOAD_LANE, SimdOpcodes.STORE_LANE -> {
                int offset = simdMemarg(sub);
                int lane = simdLane(sub);
                long address = addressSymbolAt(1);
                popExpect(V128);
                popExpect(I32);
                if (kind == SimdOpcodes.LOAD_LANE) {
                    push(V128);
                }
                if (live) {
                    simdOp(sub);
                    emitMemarg(address, offset, 1 << SimdOpcodes.ALIGN[sub]);
                    out.i32(lane);
                }
            }
            case SimdOpcodes.CONST -> {
                long lo = r.fixed64();
                long hi = r.fixed64();
                push(V128);
                zeroV128[valCount - 1] = lo == 0 && hi == 0;
                if (live) {
                    simdOp(sub);
                    out.i64(lo);
                    out.i64(hi);
                }
            }
            case SimdOpcodes.SHUFFLE -> {
                long lo = 0;
                long hi = 0;
                boolean firstZero = zeroAt(1);
                boolean secondZero = zeroAt(0);
                for (int i = 0; i < 16; i++) {
                    int lane = r.u8();
                    if (lane >= 32) {
                        throw WasmException.invalid("invalid lane index");
                    }
                    if (lane < 16 ? firstZero : secondZero) {
                        lane = Bytecode.ZERO_LANE;
                    }
                    if (i < 8) {
                        lo |= (long) lane << (8 * i);
                    } else {
                        hi |= (long) lane << (8 * (i - 8));
                    }
                }
                popExpect(V128);
                popExpect(V128);
                push(V128);
                if (live) {
                    simdOp(sub);
                    out.i64(lo);
                    out.i64(hi);
                }
            }
            case SimdOpcodes.EXTRACT, SimdOpcodes.REPLACE -> {
                int lane = simdLane(sub);
                if (kind == SimdOpcodes.REPLACE) {
                    popExpect(scalar);
                    popExpect(V128);
                    push(V128);
                } else {
                    popExpect(V128);
                    push(scalar);
                }
                if (live) {
                    simdOp(sub);
                    out.i32(lane);
                }
            }
            case SimdOpcodes.SPLAT -> simdPlain(sub, scalar, 0, 0, V128);
            case SimdOpcodes.V_V -> simdPlain(sub, V128, 0, 0, V128);
            case SimdOpcodes.VV_V -> simdPlain(sub, V128, V128, 0, V128);
            case SimdOpcodes.VVV_V -> simdPlain(sub, V128, V128, V128, V128);
            case SimdOpcodes.V_I -> simdPlain(sub, V128, 0, 0, I32);
            case SimdOpcodes.VI_V -> simdPlain(sub, V128, I32, 0, V128);
            default -> throw Instructions.illegalOpcode();
        }
    }

    /** Pops operands of types a, b, c (0: none), pushes {@code result} and emits an immediate-free op. */
    private void simdPlain(int sub, int a, int b, int c, int result) {
        if (c != 0) {
            popExpect(c);
        }
        if (b != 0) {
            popExpect(b);
        }
        popExpect(a);
        push(result);
        if (live) {
            simdOp(sub);
        }
    }

    private void simdOp(int sub) {
        out.op(Bytecode.SIMD_PREFIX, instrStart);
        int kind = SimdOpcodes.KIND[sub];
        boolean v128Result = switch (kind) {
            case SimdOpcodes.STORE, SimdOpcodes.STORE_LANE, SimdOpcodes.EXTRACT, SimdOpcodes.V_I -> false;
            default -> true;
        };
        if (v128Result) {
            simdProducer[valCount - 1] = out.pc(); // the result was pushed before the lowering
        }
        out.i32(sub | kind << 16 | simdRegisterFlags);
    }

    /** Bit d set: the operand at depth d (0 = top of stack) of a SIMD instruction of this kind is a v128. */
    private static int vectorOperandDepths(int kind) {
        return switch (kind) {
            case SimdOpcodes.STORE, SimdOpcodes.LOAD_LANE, SimdOpcodes.STORE_LANE, SimdOpcodes.EXTRACT, SimdOpcodes.V_V, SimdOpcodes.V_I -> 0b001;
            case SimdOpcodes.REPLACE, SimdOpcodes.VI_V -> 0b010;
            case SimdOpcodes.SHUFFLE, SimdOpcodes.VV_V -> 0b011;
            case SimdOpcodes.VVV_V -> 0b111;
            default -> 0;
        };
    }

    /**
     * Pairs each v128 operand of the instruction about to pop them (bit d of {@code depths} set:
     * the operand at depth d, 0 = top) with the instruction of the same straight-line run that
     * pushed it, a SIMD instruction or a v128 local.get or local.tee: the producer's word gets
     * {@link Bytecode.SimdWord#TO_REGISTER}, and the returned flags say which operands the consumer
     * takes from their registers. Compiled code then hands the value over in a vector register
     * instead of through the two long slots; no merge or branch lies between the two, so no
     * register is live where control flow joins.
     */
    private int pairVectorOperands(int depths) {
        int top = valCount - 1;
        if (depths == 0 || top >= Bytecode.SimdWord.REGISTERS) {
            return 0;
        }
        int flags = 0;
        for (int d = 0; d < 3; d++) {
            int p = top - d;
            if ((depths & 1 << d) != 0 && p >= 0 && simdProducer[p] >= runStart) {
                out.or(simdProducer[p], Bytecode.SimdWord.TO_REGISTER | p << Bytecode.SimdWord.RESULT_REGISTER_SHIFT);
                flags |= Bytecode.SimdWord.FROM_REGISTER << d;
            }
        }
        return flags == 0 ? 0 : flags | top << Bytecode.SimdWord.TOP_REGISTER_SHIFT;
    }

    /** Validates and lowers local.set, or local.tee when {@code tee}. */
    private void localSet(boolean tee) {
        int x = localIndex();
        long symbol = addressSymbolAt(0);
        boolean zero = zeroAt(0);
        int flags = locals[x] == V128 && live ? pairVectorOperands(0b001) : 0;
        popExpect(locals[x]);
        long kept = sharedChecks.set(x, symbol);
        if (tee) {
            push(locals[x]);
            addressSymbol[valCount - 1] = kept;
            zeroV128[valCount - 1] = zero;
        }
        // Only a lowered set records its position: then every later run starts above it.
        localZeroAt[x] = zero && live ? out.pc() : -1;
        if (locals[x] == V128) {
            localV128(tee ? Bytecode.LOCAL_TEE_V128 : Bytecode.LOCAL_SET_V128, x, flags);
        } else {
            emitIndex(tee ? Bytecode.LOCAL_TEE : Bytecode.LOCAL_SET, x);
        }
    }

    /**
     * Lowers local.get, local.set or local.tee of a v128 local; {@code stackFlags} are what
     * {@link #pairVectorOperands} found for a set's or tee's operand. Within a straight-line run a
     * set or tee leaves the vector in the local's register for the gets that follow, and the last
     * of those gets empties it again, so that no register holds a vector where control flow joins.
     * Since which get is the last only shows later, each get is lowered as the last and the one
     * before it is then flagged to keep the vector; likewise a set fills the register only once a
     * get reads it. Gets and tees then hand the vector on through the stack registers like a SIMD
     * instruction.
     */
    private void localV128(int opcode, int x, int stackFlags) {
        if (!live) {
            return;
        }
        int register = localRegister[x];
        out.op(opcode, instrStart);
        out.i32(x);
        int word = out.pc();
        int flags = stackFlags | Math.max(register, 0);
        if (register >= 0 && opcode == Bytecode.LOCAL_GET_V128) {
            if (localFill[x] >= runStart) {
                out.or(localFill[x], Bytecode.SimdWord.TO_LOCAL_REGISTER);
                if (localLastGet[x] >= 0) {
                    out.or(localLastGet[x], Bytecode.SimdWord.KEEP_LOCAL_REGISTER);
                }
                localLastGet[x] = word;
                flags |= Bytecode.SimdWord.FROM_LOCAL_REGISTER;
            }
        } else if (register >= 0) {
            localFill[x] = word;
            localLastGet[x] = -1;
        }
        if (opcode != Bytecode.LOCAL_SET_V128) {
            simdProducer[valCount - 1] = word;
        }
        out.i32(flags);
    }

    /**
     * Whether a straight-line run goes on across this instruction: it neither branches, nor is a
     * branch target, nor calls out. Every other instruction ends the run. Within a run a v128 may
     * stay in a vector register, and one bounds check may cover several accesses.
     */
    private static boolean continuesRun(int op) {
        return op == 0x01 || op == 0x1A || op == 0x1B || op == 0x1C // nop, drop, select
                        || (op >= 0x20 && op <= 0x24) // locals and globals
                        || (op >= 0x28 && op <= 0x3E) // loads and stores
                        || (op >= 0x41 && op <= 0xC4) // constants and numeric instructions
                        || op == 0xFD;
    }

    /**
     * Whether a bounds check made before this instruction still holds after it, on the path that
     * goes on: the straight-line run continues, or only the fall-through path of {@code block},
     * {@code if} or {@code br_if} reaches the next instruction. Branch targets ({@code loop},
     * {@code else}, {@code end}) and calls end it.
     */
    private static boolean continuesCheckedRun(int op) {
        return continuesRun(op) || op == 0x02 || op == 0x04 || op == 0x0D;
    }

    /** Reads a SIMD memarg, checks the memory and alignment; returns the offset. */
    private int simdMemarg(int sub) {
        int align = Instructions.readAlign(r);
        int offset = r.u32();
        checkMemory(0);
        if (align > SimdOpcodes.ALIGN[sub]) {
            throw WasmException.invalid("alignment must not be larger than natural");
        }
        return offset;
    }

    private int simdLane(int sub) {
        int lane = r.u8();
        if (lane >= SimdOpcodes.LANES[sub]) {
            throw WasmException.invalid("invalid lane index");
        }
        return lane;
    }

    // ---- structured control ----

    private void ifOp() {
        int bt = readBlockType();
        popExpect(I32);
        popParams(bt);
        int patch = -1;
        if (live) {
            out.op(Bytecode.IF, instrStart);
            patch = out.pc();
            out.i32(-1);
            out.i32(profiles++);
        }
        pushFrame(IF, bt);
        ifPatch[depth - 1] = patch;
        pushParams(bt);
    }

    private void elseOp() {
        int f = depth - 1;
        if (kind[f] != IF) {
            throw WasmException.malformed("END opcode expected");
        }
        popResults(f);
        if (live) {
            // The then-branch falls through: jump over the else-branch.
            out.op(Bytecode.JUMP, instrStart);
            addPatch(f);
            out.i32(-1);
            endReachable[f] = true;
        }
        if (ifPatch[f] >= 0) {
            out.patch(ifPatch[f], out.pc());
            ifPatch[f] = -1;
        }
        kind[f] = ELSE;
        unreachable[f] = false;
        valCount = height[f];
        live = entryLive[f];
        pushParams(blockType[f]);
    }

    /** Closes the innermost frame; returns true at the function's final end. */
    private boolean endOp() {
        int f = depth - 1;
        int bt = blockType[f];
        popResults(f);
        if (kind[f] == IF && !paramsEqualResults(bt)) {
            // Without an else, the implicit empty else-branch must turn the params into the results.
            throw typeMismatch();
        }
        int endPc = out.pc();
        if (f == 0) {
            out.op(Bytecode.RETURN, instrStart);
            applyPatches(f, endPc);
            depth = 0;
            return true;
        }
        boolean endLive = live || endReachable[f] || (kind[f] == IF && entryLive[f]);
        if (ifPatch[f] >= 0) {
            out.patch(ifPatch[f], endPc);
        }
        applyPatches(f, endPc);
        depth--;
        valCount = height[f];
        live = endLive;
        pushResults(bt);
        return false;
    }

    private boolean paramsEqualResults(int bt) {
        if (bt < 0) {
            return bt == -1;
        }
        return Arrays.equals(ctx.typeParams[bt], ctx.typeResults[bt]);
    }

    private void br() {
        int f = labelFrame();
        popLabel(f);
        if (live) {
            if (f == 0) {
                out.op(Bytecode.RETURN, instrStart);
            } else {
                out.op(Bytecode.BR, instrStart);
                emitTarget(f);
            }
        }
        setUnreachable();
    }

    private void brIf() {
        int f = labelFrame();
        popExpect(I32);
        popLabel(f);
        pushLabel(f);
        if (live) {
            out.op(Bytecode.BR_IF, instrStart);
            emitTarget(f);
            out.i32(profiles++);
        }
    }

    private void brTable() {
        int n = r.count();
        if (tableLabels.length < n + 1) {
            tableLabels = new int[n + 1];
        }
        for (int i = 0; i <= n; i++) {
            tableLabels[i] = r.u32();
        }
        popExpect(I32);
        int defaultFrame = frameOf(tableLabels[n]);
        tableLabels[n] = defaultFrame;
        int arity = labelArity(defaultFrame);
        if (scratch.length < arity) {
            scratch = new byte[arity];
        }
        for (int i = 0; i < n; i++) {
            int f = frameOf(tableLabels[i]);
            tableLabels[i] = f;
            if (labelArity(f) != arity) {
                throw typeMismatch();
            }
            // Each target checks the operands, which then stay as they were (Unknown stays Unknown).
            for (int k = arity - 1; k >= 0; k--) {
                scratch[k] = (byte) popExpect(labelType(f, k));
            }
            for (int k = 0; k < arity; k++) {
                push(scratch[k]);
            }
        }
        popLabel(defaultFrame);
        if (live) {
            emitBrTable(n);
        }
        setUnreachable();
    }

    /**
     * Writes a br_table whose n + 1 labels (frames) are in {@code tableLabels}: each distinct
     * target once, then each label's index among them. Compiled code then has one path per
     * distinct target, however long the table.
     */
    private void emitBrTable(int n) {
        if (distinctOfFrame.length < depth) {
            distinctOfFrame = new int[Math.max(depth, 2 * distinctOfFrame.length)];
            Arrays.fill(distinctOfFrame, -1);
            distinctFrames = new int[distinctOfFrame.length];
        }
        int distinct = 0;
        for (int i = 0; i <= n; i++) {
            int f = tableLabels[i];
            if (distinctOfFrame[f] < 0) {
                distinctOfFrame[f] = distinct;
                distinctFrames[distinct++] = f;
            }
        }
        out.op(Bytecode.BR_TABLE, instrStart);
        out.i32(n);
        out.i32(distinct);
        for (int j = 0; j < distinct; j++) {
            emitTarget(distinctFrames[j]);
        }
        for (int i = 0; i <= n; i++) {
            out.i32(distinctOfFrame[tableLabels[i]]);
        }
        for (int j = 0; j < distinct; j++) {
            distinctOfFrame[distinctFrames[j]] = -1;
        }
    }

    /** Writes [targetPc][targetHeight][resultCount] for a branch to frame {@code f}. */
    private void emitTarget(int f) {
        if (kind[f] == LOOP) {
            out.i32(startPc[f]);
        } else {
            addPatch(f);
            out.i32(-1);
            endReachable[f] = true;
        }
        out.i32(height[f]);
        out.i32(labelArity(f));
    }

    /** Records that the int at the current pc must become frame {@code f}'s end pc. */
    private void addPatch(int f) {
        if (fixCount == fixPos.length) {
            fixPos = Arrays.copyOf(fixPos, fixCount * 2);
            fixNext = Arrays.copyOf(fixNext, fixCount * 2);
        }
        fixPos[fixCount] = out.pc();
        fixNext[fixCount] = patches[f];
        patches[f] = fixCount++;
    }

    private void applyPatches(int f, int targetPc) {
        for (int p = patches[f]; p >= 0; p = fixNext[p]) {
            out.patch(fixPos[p], targetPc);
        }
    }

    // ---- calls ----

    private void call() {
        int x = r.u32();
        if (x < 0 || x >= ctx.functionCount) {
            throw unknown("function", x);
        }
        int type = module.functionTypes()[x];
        popTypes(ctx.typeParams[type]);
        pushTypes(ctx.typeResults[type]);
        if (live) {
            out.op(Bytecode.CALL, instrStart);
            out.i32(x);
            out.i32(callSites++);
        }
    }

    private void callIndirect() {
        int type = r.u32();
        int table = r.u32();
        if (table < 0 || table >= ctx.tableTypes.length) {
            throw unknown("table", table);
        }
        if (type < 0 || type >= ctx.typeParams.length) {
            throw unknown("type", type);
        }
        if (ctx.tableTypes[table] != FUNCREF) {
            throw typeMismatch();
        }
        popExpect(I32);
        popTypes(ctx.typeParams[type]);
        pushTypes(ctx.typeResults[type]);
        if (live) {
            out.op(Bytecode.CALL_INDIRECT, instrStart);
            out.i32(type);
            out.i32(table);
            out.i32(callSites++);
        }
    }

    // ---- parametric ----

    private void select() {
        popExpect(I32);
        int t1 = pop();
        int t2 = pop();
        // Untyped select takes numeric (or vector) operands only.
        if (isReference(t1) || isReference(t2) || (t1 != t2 && t1 != UNKNOWN && t2 != UNKNOWN)) {
            throw typeMismatch();
        }
        push(t1 == UNKNOWN ? t2 : t1);
        emit(Bytecode.SELECT);
    }

    private void selectTyped() {
        int n = r.count();
        int t = UNKNOWN;
        for (int i = 0; i < n; i++) {
            t = r.valType().code;
        }
        if (n != 1) {
            throw WasmException.invalid("invalid result arity");
        }
        popExpect(I32);
        popExpect(t);
        popExpect(t);
        push(t);
        emit(Bytecode.SELECT);
    }

    private static boolean isReference(int t) {
        return t == FUNCREF || t == EXTERNREF;
    }

    // ---- 0xFC prefix ----

    private void prefixFC() {
        int sub = r.u32();
        switch (sub) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> {
                popExpect(TRUNC_SAT_IN[sub]);
                push(TRUNC_SAT_OUT[sub]);
                emit(Bytecode.TRUNC_SAT_BASE + sub);
            }
            case 8 -> { // memory.init
                Instructions.dataCountRequired(module.dataCount() < 0);
                int data = r.u32();
                r.zeroByte();
                checkMemory(0);
                checkData(data);
                popI32s(3);
                if (live) {
                    out.op(Bytecode.MEMORY_INIT, instrStart);
                    out.i32(data);
                    out.i32(0);
                }
            }
            case 9 -> { // data.drop
                Instructions.dataCountRequired(module.dataCount() < 0);
                int data = r.u32();
                checkData(data);
                emitIndex(Bytecode.DATA_DROP, data);
            }
            case 10 -> { // memory.copy
                r.zeroByte();
                r.zeroByte();
                checkMemory(0);
                popI32s(3);
                if (live) {
                    out.op(Bytecode.MEMORY_COPY, instrStart);
                    out.i32(0);
                    out.i32(0);
                }
            }
            case 11 -> { // memory.fill
                r.zeroByte();
                checkMemory(0);
                popI32s(3);
                emitIndex(Bytecode.MEMORY_FILL, 0);
            }
            case 12 -> { // table.init elem table
                int elem = r.u32();
                int table = tableIndex();
                checkElem(elem);
                if (ctx.elemTypes[elem] != ctx.tableTypes[table]) {
                    throw typeMismatch();
                }
                popI32s(3);
                if (live) {
                    out.op(Bytecode.TABLE_INIT, instrStart);
                    out.i32(elem);
                    out.i32(table);
                }
            }
            case 13 -> { // elem.drop
                int elem = r.u32();
                checkElem(elem);
                emitIndex(Bytecode.ELEM_DROP, elem);
            }
            case 14 -> { // table.copy dst src
                int dst = tableIndex();
                int src = tableIndex();
                if (ctx.tableTypes[dst] != ctx.tableTypes[src]) {
                    throw typeMismatch();
                }
                popI32s(3);
                if (live) {
                    out.op(Bytecode.TABLE_COPY, instrStart);
                    out.i32(dst);
                    out.i32(src);
                }
            }
            case 15 -> { // table.grow
                int x = tableIndex();
                popExpect(I32);
                popExpect(ctx.tableTypes[x]);
                push(I32);
                emitIndex(Bytecode.TABLE_GROW, x);
            }
            case 16 -> { // table.size
                int x = tableIndex();
                push(I32);
                emitIndex(Bytecode.TABLE_SIZE, x);
            }
            case 17 -> { // table.fill
                int x = tableIndex();
                popExpect(I32);
                popExpect(ctx.tableTypes[x]);
                popExpect(I32);
                emitIndex(Bytecode.TABLE_FILL, x);
            }
            default -> throw Instructions.illegalOpcode();
        }
    }

    private void popI32s(int n) {
        for (int i = 0; i < n; i++) {
            popExpect(I32);
        }
    }

    // ---- index checks ----

    private int localIndex() {
        int x = r.u32();
        if (x < 0 || x >= localCount) {
            throw unknown("local", x);
        }
        return x;
    }

    private int globalIndex() {
        int x = r.u32();
        if (x < 0 || x >= ctx.globalTypes.length) {
            throw unknown("global", x);
        }
        return x;
    }

    private int tableIndex() {
        int x = r.u32();
        if (x < 0 || x >= ctx.tableTypes.length) {
            throw unknown("table", x);
        }
        return x;
    }

    private void checkMemory(int x) {
        if (x >= ctx.memoryCount) {
            throw unknown("memory", x);
        }
    }

    private void checkData(int x) {
        if (x < 0 || x >= module.dataCount()) {
            throw unknown("data segment", x);
        }
    }

    private void checkElem(int x) {
        if (x < 0 || x >= ctx.elemTypes.length) {
            throw unknown("elem segment", x);
        }
    }

    private static WasmException unknown(String what, int index) {
        return WasmException.invalid("unknown " + what + " " + Integer.toUnsignedString(index));
    }

    private static WasmException typeMismatch() {
        return WasmException.invalid("type mismatch");
    }

    /** Reads a block type and checks a type index against the type section. */
    private int readBlockType() {
        int bt = Instructions.readBlockType(r);
        if (bt >= ctx.typeParams.length) {
            throw unknown("type", bt);
        }
        return bt;
    }

    // ---- labels ----

    /** Reads a label index and returns the frame it names. */
    private int labelFrame() {
        return frameOf(r.u32());
    }

    private int frameOf(int label) {
        if (label < 0 || label >= depth) {
            throw WasmException.invalid("unknown label");
        }
        return depth - 1 - label;
    }

    /** Branch arity: a loop's label takes its params, any other its results. */
    private int labelArity(int f) {
        int bt = blockType[f];
        return kind[f] == LOOP ? paramCount(bt) : resultCount(bt);
    }

    private int labelType(int f, int i) {
        int bt = blockType[f];
        return kind[f] == LOOP ? ctx.typeParams[bt][i] : resultType(bt, i);
    }

    private void popLabel(int f) {
        for (int i = labelArity(f) - 1; i >= 0; i--) {
            popExpect(labelType(f, i));
        }
    }

    private void pushLabel(int f) {
        int n = labelArity(f);
        for (int i = 0; i < n; i++) {
            push(labelType(f, i));
        }
    }

    // ---- block types ----

    private int paramCount(int bt) {
        return bt >= 0 ? ctx.typeParams[bt].length : 0;
    }

    private int resultCount(int bt) {
        return bt >= 0 ? ctx.typeResults[bt].length : bt == -1 ? 0 : 1;
    }

    private int resultType(int bt, int i) {
        return bt >= 0 ? ctx.typeResults[bt][i] : -bt;
    }

    private void popParams(int bt) {
        if (bt >= 0) {
            popTypes(ctx.typeParams[bt]);
        }
    }

    private void pushParams(int bt) {
        if (bt >= 0) {
            pushTypes(ctx.typeParams[bt]);
        }
    }

    private void pushResults(int bt) {
        if (bt >= 0) {
            pushTypes(ctx.typeResults[bt]);
        } else if (bt != -1) {
            push(-bt);
        }
    }

    /** Pops the frame's results and checks that nothing else is left above its base. */
    private void popResults(int f) {
        int bt = blockType[f];
        for (int i = resultCount(bt) - 1; i >= 0; i--) {
            popExpect(resultType(bt, i));
        }
        if (valCount != height[f]) {
            throw typeMismatch();
        }
    }

    // ---- the operand type stack ----

    private void push(int type) {
        if (valCount == vals.length) {
            vals = Arrays.copyOf(vals, valCount * 2);
            simdProducer = Arrays.copyOf(simdProducer, valCount * 2);
            addressSymbol = Arrays.copyOf(addressSymbol, valCount * 2);
            zeroV128 = Arrays.copyOf(zeroV128, valCount * 2);
        }
        simdProducer[valCount] = -1;
        addressSymbol[valCount] = SharedBoundsChecks.UNKNOWN;
        zeroV128[valCount] = false;
        vals[valCount++] = (byte) type;
        if (live && valCount > maxHeight) {
            maxHeight = valCount;
        }
        usesV128 |= live && type == V128;
    }

    private void pushTypes(byte[] types) {
        for (byte t : types) {
            push(t);
        }
    }

    private int pop() {
        int f = depth - 1;
        if (valCount == height[f]) {
            if (unreachable[f]) {
                return UNKNOWN;
            }
            throw typeMismatch();
        }
        return vals[--valCount];
    }

    /** Pops a value that must have type {@code expected}; returns the popped type (maybe UNKNOWN). */
    private int popExpect(int expected) {
        int actual = pop();
        if (actual != expected && actual != UNKNOWN && expected != UNKNOWN) {
            throw typeMismatch();
        }
        return actual;
    }

    private void popTypes(byte[] types) {
        for (int i = types.length - 1; i >= 0; i--) {
            popExpect(types[i]);
        }
    }

    private void pushFrame(int k, int bt) {
        if (depth == kind.length) {
            growFrames();
        }
        int f = depth++;
        kind[f] = k;
        blockType[f] = bt;
        height[f] = valCount;
        unreachable[f] = false;
        startPc[f] = -1;
        patches[f] = -1;
        ifPatch[f] = -1;
        entryLive[f] = live;
        endReachable[f] = false;
    }

    private void growFrames() {
        int n = kind.length * 2;
        kind = Arrays.copyOf(kind, n);
        blockType = Arrays.copyOf(blockType, n);
        height = Arrays.copyOf(height, n);
        unreachable = Arrays.copyOf(unreachable, n);
        startPc = Arrays.copyOf(startPc, n);
        patches = Arrays.copyOf(patches, n);
        ifPatch = Arrays.copyOf(ifPatch, n);
        entryLive = Arrays.copyOf(entryLive, n);
        endReachable = Arrays.copyOf(endReachable, n);
    }

    /** After an unconditional transfer: the rest of the block is spec-unreachable (and not live). */
    private void setUnreachable() {
        int f = depth - 1;
        valCount = height[f];
        unreachable[f] = true;
        live = false;
    }

    // ---- emission (only while live) ----

    private void emit(int opcode) {
        if (live) {
            out.op(opcode, instrStart);
        }
    }

    private void emitIndex(int opcode, int immediate) {
        if (live) {
            out.op(opcode, instrStart);
            out.i32(immediate);
        }
    }
}
