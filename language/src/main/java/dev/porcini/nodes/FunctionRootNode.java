package dev.porcini.nodes;

import static dev.porcini.bytecode.Bytecode.readInt;
import static dev.porcini.bytecode.Bytecode.readLong;

import com.oracle.truffle.api.Assumption;
import com.oracle.truffle.api.CompilerAsserts;
import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.HostCompilerDirectives.BytecodeInterpreterSwitch;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.TruffleSafepoint;
import com.oracle.truffle.api.source.SourceSection;
import com.oracle.truffle.api.frame.FrameDescriptor;
import com.oracle.truffle.api.frame.FrameSlotKind;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.BytecodeOSRNode;
import com.oracle.truffle.api.nodes.ExplodeLoop;
import com.oracle.truffle.api.nodes.LoopNode;
import com.oracle.truffle.api.nodes.RootNode;
import com.oracle.truffle.api.profiles.BranchProfile;

import dev.porcini.bytecode.Bytecode;
import dev.porcini.bytecode.LoweredCode;
import dev.porcini.error.WasmException;
import dev.porcini.language.WasmLanguage;
import dev.porcini.memory.LinearMemory;
import dev.porcini.memory.MemoryAccessException;
import dev.porcini.module.ValType;
import dev.porcini.runtime.CallDepth;
import dev.porcini.runtime.ModuleCode;
import dev.porcini.runtime.V128;
import dev.porcini.runtime.WasmGlobal;
import dev.porcini.runtime.WasmInstance;
import dev.porcini.runtime.WasmNull;

/**
 * One defined Wasm function. Its lowered {@link Bytecode} runs in a loop that Graal partially
 * evaluates with {@code MERGE_EXPLODE}: pc and the operand stack height are constants at every
 * point, so locals and stack values become SSA values in compiled code and never box.
 *
 * <p>The node belongs to the module, not to an instance: the instance arrives as argument 0, so
 * every instance of a module shares the same call targets and compiled code.
 */
public final class FunctionRootNode extends RootNode implements BytecodeOSRNode {
    private static final int PROFILE_CAP = 1 << 29;
    /** br_table lengths up to which compiled code dispatches on the index itself. */
    private static final int BR_TABLE_POSITIONS = 256;
    /**
     * What the bytecode loop returns for a function without results, so that null can mean
     * "OSR did not run" on a back edge. {@link #execute} returns null in its place.
     */
    private static final Object VOID = new Object();

    private final ModuleCode module;
    private final int functionIndex;
    private final String name;
    private final LoweredCode lowered;
    /** The frame's slots, for clearing them all on a trap. */
    private final int frameSlotCount;
    @CompilationFinal(dimensions = 1) private final byte[] code;
    @CompilationFinal(dimensions = 1) private final ValType[] localTypes;
    @CompilationFinal(dimensions = 1) private final ValType[] resultTypes;
    @CompilationFinal(dimensions = 1) private final ValType[] globalTypes;
    /** Per LOOP instruction: the locals compiled code clears on loop entry and at back edges. */
    @CompilationFinal(dimensions = 2) private final int[][] loopDeadLocals;
    /** Per IF and BR_IF, each way: the locals compiled code clears when it takes it. */
    @CompilationFinal(dimensions = 2) private final int[][] branchDeadLocals;
    /** Per profile: taken count at 2i, not-taken count at 2i+1. */
    @CompilationFinal(dimensions = 1) private final int[] profiles;
    /**
     * Per BR_IF profile, for back edges: what the interpreter saw of its condition and of the
     * operands of the comparison that computes it ({@link #SEEN_NEGATIVE}, {@link #SEEN_LESS},
     * {@link #SEEN_GREATER}, {@link #SEEN_SIGN_BIT}).
     */
    @CompilationFinal(dimensions = 1) private final byte[] backEdgeConditions;
    /** Per LOOP immediate n: {@link LoweredCode#loopRotations}. */
    @CompilationFinal(dimensions = 1) private final int[] rotations;
    /** Per LOOP immediate n: {@link LoweredCode#loopCountdowns}. */
    @CompilationFinal(dimensions = 1) private final int[] countdowns;
    private final int localCount;
    /** Where the high half of a v128 lies from its low half's slot (see {@link Slots}). */
    private final int high;
    private final boolean usesV128;
    /**
     * Whether the function calls nothing. It then skips the call-depth count: it adds one frame
     * at most on top of its caller, so the limit still bounds the stack, and inlined leaf calls
     * in hot loops no longer load, compare and store the count.
     */
    private final boolean leaf;
    private final BranchProfile trapProfile = BranchProfile.create();
    /**
     * Valid while compiled code may let one bounds check cover several accesses (the lowered
     * reach, see {@link Bytecode}); invalidated the first time such a check fails where the
     * access that made it fits, as when a branch skips the access it was widened for.
     */
    private final Assumption boundsChecksShared = Assumption.create("bounds checks shared");
    private final int paramCount;
    @Children private final CallNode[] callNodes;
    @Child private StatementNode statement;
    @CompilationFinal private Object osrMetadata;

    public FunctionRootNode(TruffleLanguage<?> language, ModuleCode module, int functionIndex, LoweredCode lowered) {
        super(language, frameDescriptor(lowered));
        this.module = module;
        this.functionIndex = functionIndex;
        this.name = module.module().functionName(functionIndex);
        lowered = lowered.withDeadLocals();
        this.lowered = lowered;
        this.frameSlotCount = lowered.frameSlots();
        this.code = lowered.code();
        this.localTypes = lowered.localTypes();
        this.loopDeadLocals = lowered.loopDeadLocals();
        this.branchDeadLocals = lowered.branchDeadLocals();
        this.resultTypes = module.module().functionType(functionIndex).results();
        this.globalTypes = module.globalValueTypes();
        this.profiles = new int[2 * lowered.profiles()];
        this.backEdgeConditions = new byte[lowered.profiles()];
        this.rotations = lowered.loopRotations();
        this.countdowns = lowered.loopCountdowns(rotations);
        this.localCount = localTypes.length;
        this.high = lowered.v128HighOffset();
        this.usesV128 = lowered.usesV128();
        this.leaf = lowered.callSites() == 0;
        this.paramCount = module.module().functionType(functionIndex).params().length;
        this.callNodes = CallNode.createAll(module, lowered);
        this.statement = new StatementNode(module.functionSection());
    }

    private static FrameDescriptor frameDescriptor(LoweredCode lowered) {
        FrameDescriptor.Builder builder = FrameDescriptor.newBuilder();
        builder.addSlots(lowered.frameSlots(), FrameSlotKind.Static);
        return builder.build();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public SourceSection getSourceSection() {
        return statement.getSourceSection();
    }

    @Override
    public String toString() {
        return name;
    }

    public int functionIndex() {
        return functionIndex;
    }

    public ModuleCode module() {
        return module;
    }

    /** Where the high half of a v128 lies from its low half's slot. */
    int v128HighOffset() {
        return high;
    }

    @Override
    public Object execute(VirtualFrame frame) {
        Object[] args = frame.getArguments();
        WasmInstance instance = module.constantInstance((WasmInstance) args[0]);
        CallDepth depth = leaf ? null : WasmLanguage.get(this).callDepth();
        if (depth != null && !depth.enter()) {
            CompilerDirectives.transferToInterpreter();
            throw WasmException.exhaustion(this);
        }
        initLocals(frame, args);
        statement.execute(frame);
        try {
            Object result = executeFrom(frame, instance, 0, localCount);
            return result == VOID ? null : result;
        } catch (StackOverflowError e) {
            // The Java stack ran out before the depth limit (a host thread with a small stack).
            CompilerDirectives.transferToInterpreter();
            throw WasmException.exhaustion(this);
        } finally {
            if (depth != null) {
                depth.exit();
            }
        }
    }

    @ExplodeLoop
    private void initLocals(VirtualFrame frame, Object[] args) {
        for (int i = 0; i < localCount; i++) {
            ValType type = localTypes[i];
            if (i < paramCount) {
                Slots.push(frame, i, high, type, args[i + 1]);
            } else {
                switch (type) {
                    case I32 -> frame.setIntStatic(i, 0);
                    case I64 -> frame.setLongStatic(i, 0);
                    case F32 -> frame.setFloatStatic(i, 0);
                    case F64 -> frame.setDoubleStatic(i, 0);
                    case V128 -> Slots.putV128(frame, i, high, V128.ZERO);
                    default -> frame.setObjectStatic(i, WasmNull.INSTANCE);
                }
            }
        }
        // A pop leaves its slot tagged cleared (forgetPopped); a fresh frame's tags differ, so each
        // loop header would merge a tag per stack slot, kept in a register or spilled on every back edge.
        forgetPopped(frame, localCount, high);
    }

    // ---- OSR: the target is the position of a branch entry (targetPc, height, count) ----

    @Override
    public Object executeOSR(VirtualFrame osrFrame, int target, Object interpreterState) {
        // The OSR frame's arguments are not the function's, so the instance travels as interpreter state.
        WasmInstance instance = module.constantInstance((WasmInstance) interpreterState);
        int sp = localCount + readInt(code, target + 4) + readInt(code, target + 8);
        if (CompilerDirectives.inCompiledCode()) {
            // The OSR frame's tags are copied from the interpreter's, unknown to the compiler; give
            // them the values the loop writes (see initLocals), or each loop header merges them.
            retagLocals(osrFrame);
            forgetPopped(osrFrame, sp, high);
            forgetDeadLocals(osrFrame, readInt(code, target));
        }
        return executeFrom(osrFrame, instance, readInt(code, target), sp);
    }

    /**
     * Writes every local back with its own type's setter, which sets its tag to that type's. The
     * box between the two is virtual: this runs in compiled code only.
     */
    @ExplodeLoop
    private void retagLocals(VirtualFrame frame) {
        for (int i = 0; i < localCount; i++) {
            Slots.push(frame, i, high, localTypes[i], Slots.pop(frame, i, high, localTypes[i]));
        }
    }

    /**
     * Nothing to restore: OSR code runs the function to its end, and the interpreter only returns
     * that result, so the parent frame is dead. Restoring it would copy the frame and deoptimize
     * the OSR code on every exit.
     */
    @Override
    public void restoreParentFrame(VirtualFrame osrFrame, VirtualFrame parentFrame) {
    }

    @Override
    public Object getOSRMetadata() {
        return osrMetadata;
    }

    @Override
    public void setOSRMetadata(Object osrMetadata) {
        this.osrMetadata = osrMetadata;
    }

    /**
     * Moves a branch's results into place, forgets the slots above them up to {@code before} (the
     * height before the branch instruction) and returns the new stack pointer.
     */
    @ExplodeLoop
    private int moveResults(VirtualFrame frame, int sp, int before, int entry) {
        int base = localCount + readInt(code, entry + 4);
        int count = readInt(code, entry + 8);
        if (base != sp - count) {
            for (int i = 0; i < count; i++) {
                Slots.copy(frame, sp - count + i, base + i, high, usesV128);
            }
        }
        forgetPopped(frame, base + count, before);
        return base + count;
    }

    /** The rotation after going on at {@code target}: 0 if that leaves the rotated loop. */
    private int rotationAfter(int rotation, int target) {
        if (rotation == 0) {
            return 0;
        }
        int backEdge = rotations[3 * Math.abs(rotation) - 2];
        return target > backEdge || target < readInt(code, backEdge + 1) ? 0 : rotation;
    }

    /**
     * A back edge's condition was negative, or a countdown loop began off its step
     * ({@link #checkCountdown}).
     */
    private static final byte SEEN_NEGATIVE = 1;
    /** The operands of the {@code i32.ne} a back edge tests were a &lt; b (signed). */
    private static final byte SEEN_LESS = 2;
    /** The operands of the {@code i32.ne} a back edge tests were a &gt; b (signed). */
    private static final byte SEEN_GREATER = 4;
    /** An operand of the unsigned comparison a back edge tests had its sign bit set. */
    private static final byte SEEN_SIGN_BIT = 8;

    /**
     * Whether the rotated loop's back edge with profile {@code index} is taken on {@code value}.
     * Unless the interpreter saw a negative condition, compiled code tests {@code value > 0}, and
     * deoptimizes on a negative one: a loop counting down by two to zero then is a counted loop
     * for Graal, which it is not while the test is {@code != 0}. A {@code countdown} loop, whose
     * counter {@link #checkCountdown} checked as it began, cannot see a negative one and tests
     * {@code value > 0} alone.
     */
    private boolean backEdgeTaken(int index, int value, boolean countdown) {
        if ((backEdgeConditions[index] & SEEN_NEGATIVE) != 0) {
            return value != 0;
        }
        if (countdown) {
            // Not negative, by checkCountdown at the loop's start: see SimpleLoops.countdowns.
            return value > 0;
        }
        if (value < 0) {
            CompilerDirectives.transferToInterpreterAndInvalidate();
            backEdgeConditions[index] |= SEEN_NEGATIVE;
            return true;
        }
        return value > 0;
    }

    /**
     * Before the rotated loop numbered {@code loop} begins: if it counts a local down
     * ({@link SimpleLoops#countdowns}), whose back edge then tests {@code c > 0} alone, the counter
     * must be positive and a multiple of the step. Deoptimizes otherwise, and the loop tests
     * {@code c != 0} from then on, as after a negative condition.
     */
    private void checkCountdown(VirtualFrame frame, int loop) {
        int local = countdowns[2 * loop];
        if (local < 0) {
            return;
        }
        int index = readInt(code, rotations[3 * loop + 1] + 13);
        if ((backEdgeConditions[index] & SEEN_NEGATIVE) != 0) {
            return;
        }
        int counter = frame.getIntStatic(local);
        if (counter <= 0 || counter % countdowns[2 * loop + 1] != 0) {
            CompilerDirectives.transferToInterpreterAndInvalidate();
            backEdgeConditions[index] |= SEEN_NEGATIVE;
        }
    }

    /**
     * {@code a != b} for the rotated loop's back edge with profile {@code index}. Where the
     * interpreter saw only {@code a < b} (or only {@code a > b}) when they differed, compiled code
     * tests that and deoptimizes if the other order comes: Graal counts a loop stepping by two to
     * its bound only with an ordered test.
     */
    private boolean backEdgeNotEqual(int index, int a, int b) {
        byte seen = backEdgeConditions[index];
        boolean less = (seen & SEEN_LESS) != 0;
        boolean greater = (seen & SEEN_GREATER) != 0;
        if (less == greater) {
            return a != b;
        }
        if (less ? a < b : a > b) {
            return true;
        }
        if (a == b) {
            return false;
        }
        CompilerDirectives.transferToInterpreterAndInvalidate();
        backEdgeConditions[index] |= less ? SEEN_GREATER : SEEN_LESS;
        return true;
    }

    /**
     * The unsigned comparison {@code op} for the rotated loop's back edge with profile
     * {@code index}. While the interpreter saw no operand with its sign bit set, compiled code
     * compares signed, which is the same for such operands and which Graal counts without a
     * failing overflow speculation, and deoptimizes on an operand with the bit set.
     */
    private boolean backEdgeUnsigned(int index, int op, int a, int b) {
        if ((backEdgeConditions[index] & SEEN_SIGN_BIT) == 0) {
            if ((a | b) < 0) {
                CompilerDirectives.transferToInterpreterAndInvalidate();
                backEdgeConditions[index] |= SEEN_SIGN_BIT;
            } else {
                return switch (op) {
                    case Bytecode.I32_LT_U -> a < b;
                    case Bytecode.I32_GT_U -> a > b;
                    case Bytecode.I32_LE_U -> a <= b;
                    default -> a >= b;
                };
            }
        }
        int order = Integer.compareUnsigned(a, b);
        return switch (op) {
            case Bytecode.I32_LT_U -> order < 0;
            case Bytecode.I32_GT_U -> order > 0;
            case Bytecode.I32_LE_U -> order <= 0;
            default -> order >= 0;
        };
    }

    private boolean profile(int index, boolean condition) {
        int taken = profiles[2 * index];
        int notTaken = profiles[2 * index + 1];
        if (CompilerDirectives.inInterpreter()) {
            if (condition) {
                if (taken < PROFILE_CAP) {
                    profiles[2 * index] = taken + 1;
                }
            } else if (notTaken < PROFILE_CAP) {
                profiles[2 * index + 1] = notTaken + 1;
            }
            return condition;
        }
        if (condition) {
            if (taken == 0) {
                CompilerDirectives.transferToInterpreterAndInvalidate();
                return true;
            }
            if (notTaken == 0) {
                return true;
            }
        } else {
            if (notTaken == 0) {
                CompilerDirectives.transferToInterpreterAndInvalidate();
                return false;
            }
            if (taken == 0) {
                return false;
            }
        }
        return CompilerDirectives.injectBranchProbability((double) taken / (double) (taken + notTaken), condition);
    }

    @ExplodeLoop(kind = ExplodeLoop.LoopExplosionKind.MERGE_EXPLODE)
    @BytecodeInterpreterSwitch
    @SuppressWarnings("fallthrough")
    private Object executeFrom(VirtualFrame frame, WasmInstance instance, int startPc, int startSp) {
        final byte[] code = this.code;
        final BackEdgeCounter backEdges = new BackEdgeCounter();
        final Object[] vectorRegisters = SimdOps.vectorRegisters(usesV128);
        int pc = startPc;
        int sp = startSp;
        // 0, or for the simple loop numbered n: n + 1 while its first iteration runs, -(n + 1) after.
        int rotation = 0;
        loop: while (true) {
            CompilerAsserts.partialEvaluationConstant(pc);
            CompilerAsserts.partialEvaluationConstant(sp);
            CompilerAsserts.partialEvaluationConstant(rotation);
            if (rotation > 0 && rotations[3 * (rotation - 1)] == pc) {
                // The first iteration ran up to the loop's test: Graal's loop begins here.
                checkCountdown(frame, rotation - 1);
                rotation = -rotation;
                continue loop;
            }
            final int spBefore = sp;
            int op = code[pc] & 0xFF;
            switch (op) {
                case Bytecode.UNREACHABLE:
                    throw trap("unreachable", pc);
                case Bytecode.IF: {
                    boolean c = frame.getIntStatic(--sp) != 0;
                    forgetPopped(frame, sp, spBefore);
                    // Each way continues on its own: a shared merge would turn pc into a phi.
                    int index = readInt(code, pc + 5);
                    if (profile(index, c)) {
                        forgetLocals(frame, branchDeadLocals[2 * index]);
                        pc += 9;
                        continue loop;
                    } else {
                        forgetLocals(frame, branchDeadLocals[2 * index + 1]);
                        pc = readInt(code, pc + 1);
                        continue loop;
                    }
                }
                case Bytecode.JUMP:
                    pc = readInt(code, pc + 1);
                    break;
                case Bytecode.LOOP:
                    forgetDeadLocals(frame, pc + 5);
                    if (CompilerDirectives.inCompiledCode() && rotations[3 * readInt(code, pc + 1)] >= 0) {
                        rotation = readInt(code, pc + 1) + 1;
                    }
                    pc += 5;
                    break;
                case Bytecode.BR: {
                    sp = moveResults(frame, sp, spBefore, pc + 1);
                    int target = readInt(code, pc + 1);
                    rotation = rotationAfter(rotation, target);
                    if (target <= pc) {
                        forgetDeadLocals(frame, target);
                        Object osr = backEdge(frame, instance, pc + 1, backEdges);
                        if (osr != null) {
                            return osr;
                        }
                    }
                    pc = target;
                    continue loop;
                }
                case Bytecode.BR_IF: {
                    int index = readInt(code, pc + 13);
                    boolean c;
                    if (rotation < 0 && rotations[-3 * rotation - 2] == pc) {
                        int fused = rotations[-3 * rotation - 1];
                        if (fused >= 0) {
                            // The comparison before this left its operands.
                            int b = frame.getIntStatic(--sp);
                            int a = frame.getIntStatic(--sp);
                            int test = code[fused] & 0xFF;
                            c = test == Bytecode.I32_NE ? backEdgeNotEqual(index, a, b) : backEdgeUnsigned(index, test, a, b);
                        } else {
                            c = backEdgeTaken(index, frame.getIntStatic(--sp), countdowns[-2 * rotation - 2] >= 0);
                        }
                    } else {
                        int value = frame.getIntStatic(--sp);
                        c = value != 0;
                        if (CompilerDirectives.inInterpreter() && value < 0) {
                            backEdgeConditions[index] |= SEEN_NEGATIVE;
                        }
                    }
                    if (profile(index, c)) {
                        forgetLocals(frame, branchDeadLocals[2 * index]);
                        sp = moveResults(frame, sp, spBefore, pc + 1);
                        int target = readInt(code, pc + 1);
                        rotation = rotationAfter(rotation, target);
                        if (target <= pc) {
                            forgetDeadLocals(frame, target);
                            Object osr = backEdge(frame, instance, pc + 1, backEdges);
                            if (osr != null) {
                                return osr;
                            }
                        }
                        pc = target;
                        continue loop;
                    } else {
                        forgetLocals(frame, branchDeadLocals[2 * index + 1]);
                        forgetPopped(frame, sp, spBefore);
                        rotation = rotationAfter(rotation, pc + 17);
                        pc += 17;
                        continue loop;
                    }
                }
                case Bytecode.BR_TABLE: {
                    int index = frame.getIntStatic(--sp);
                    int count = readInt(code, pc + 1);
                    int distinct = readInt(code, pc + 5);
                    int names = pc + 9 + 12 * distinct;
                    int position = Integer.compareUnsigned(index, count) < 0 ? index : count;
                    // Each case continues the dispatch loop on its own, so that its target and height
                    // stay constants for partial evaluation. A short table gets a case per position,
                    // which Graal compiles to a jump table on the index; a long one gets a case per
                    // distinct target, chosen through the table, so that it does not explode.
                    boolean byPosition = count <= BR_TABLE_POSITIONS;
                    int key = byPosition ? position : readInt(code, names + 4 * position);
                    int last = byPosition ? count : distinct - 1;
                    for (int k = 0; k <= last; k++) {
                        if (k == key || k == last) {
                            int entry = pc + 9 + 12 * (byPosition ? readInt(code, names + 4 * k) : k);
                            sp = moveResults(frame, sp, spBefore, entry);
                            int target = readInt(code, entry);
                            rotation = rotationAfter(rotation, target);
                            if (target <= pc) {
                                forgetDeadLocals(frame, target);
                                Object osr = backEdge(frame, instance, entry, backEdges);
                                if (osr != null) {
                                    return osr;
                                }
                            }
                            pc = target;
                            continue loop;
                        }
                    }
                    throw CompilerDirectives.shouldNotReachHere();
                }
                case Bytecode.RETURN:
                    return returnValue(frame, sp);
                case Bytecode.CALL:
                    sp = callNodes[readInt(code, pc + 5)].execute(frame, instance, sp);
                    pc += 9;
                    break;
                case Bytecode.CALL_INDIRECT:
                    sp = callNodes[readInt(code, pc + 9)].execute(frame, instance, sp);
                    pc += 13;
                    break;
                case Bytecode.DROP:
                    sp--;
                    pc++;
                    break;
                case Bytecode.SELECT: {
                    if (frame.getIntStatic(sp - 1) == 0) {
                        Slots.copy(frame, sp - 2, sp - 3, high, usesV128);
                    }
                    sp -= 2;
                    pc++;
                    break;
                }
                case Bytecode.LOCAL_GET:
                case Bytecode.LOCAL_GET_LAST: {
                    int local = readInt(code, pc + 1);
                    Slots.copy(frame, local, sp, high, localTypes[local] == ValType.V128);
                    if (op == Bytecode.LOCAL_GET_LAST) {
                        forgetLocal(frame, local);
                    }
                    sp++;
                    pc += 5;
                    break;
                }
                case Bytecode.LOCAL_SET: {
                    int local = readInt(code, pc + 1);
                    Slots.copy(frame, --sp, local, high, localTypes[local] == ValType.V128);
                    pc += 5;
                    break;
                }
                case Bytecode.LOCAL_TEE: {
                    int local = readInt(code, pc + 1);
                    Slots.copy(frame, sp - 1, local, high, localTypes[local] == ValType.V128);
                    pc += 5;
                    break;
                }
                case Bytecode.LOCAL_GET_V128:
                case Bytecode.LOCAL_GET_V128_LAST: {
                    int local = readInt(code, pc + 1);
                    Slots.copy(frame, local, sp, high, true);
                    if (op == Bytecode.LOCAL_GET_V128_LAST) {
                        forgetLocal(frame, local);
                    }
                    SimdOps.localGet(vectorRegisters, readInt(code, pc + 5));
                    sp++;
                    pc += 9;
                    break;
                }
                case Bytecode.LOCAL_SET_V128: {
                    int local = readInt(code, pc + 1);
                    SimdOps.localSet(vectorRegisters, readInt(code, pc + 5));
                    Slots.copy(frame, --sp, local, high, true);
                    pc += 9;
                    break;
                }
                case Bytecode.LOCAL_TEE_V128: {
                    int local = readInt(code, pc + 1);
                    SimdOps.localSet(vectorRegisters, readInt(code, pc + 5));
                    Slots.copy(frame, sp - 1, local, high, true);
                    pc += 9;
                    break;
                }
                case Bytecode.GLOBAL_GET: {
                    int index = readInt(code, pc + 1);
                    getGlobal(frame, sp, high, globalTypes[index], instance.global(index));
                    sp++;
                    pc += 5;
                    break;
                }
                case Bytecode.GLOBAL_SET: {
                    int index = readInt(code, pc + 1);
                    setGlobal(frame, --sp, high, globalTypes[index], instance.global(index));
                    pc += 5;
                    break;
                }
                case Bytecode.TABLE_GET:
                case Bytecode.TABLE_SET:
                case Bytecode.TABLE_INIT:
                case Bytecode.ELEM_DROP:
                case Bytecode.TABLE_COPY:
                case Bytecode.TABLE_GROW:
                case Bytecode.TABLE_SIZE:
                case Bytecode.TABLE_FILL:
                case Bytecode.MEMORY_INIT:
                case Bytecode.DATA_DROP:
                case Bytecode.MEMORY_COPY:
                case Bytecode.MEMORY_FILL:
                    sp = BulkOps.execute(this, frame, instance, code, op, pc, sp);
                    pc += BulkOps.length(op);
                    break;
                case Bytecode.I32_LOAD:
                case Bytecode.I64_LOAD:
                case Bytecode.F32_LOAD:
                case Bytecode.F64_LOAD:
                case Bytecode.I32_LOAD8_S:
                case Bytecode.I32_LOAD8_U:
                case Bytecode.I32_LOAD16_S:
                case Bytecode.I32_LOAD16_U:
                case Bytecode.I64_LOAD8_S:
                case Bytecode.I64_LOAD8_U:
                case Bytecode.I64_LOAD16_S:
                case Bytecode.I64_LOAD16_U:
                case Bytecode.I64_LOAD32_S:
                case Bytecode.I64_LOAD32_U: {
                    LinearMemory memory = instance.memory(readInt(code, pc + 1));
                    long address = (frame.getIntStatic(sp - 1) & 0xFFFFFFFFL) + (readInt(code, pc + 5) & 0xFFFFFFFFL);
                    try {
                        load(frame, sp - 1, op, memory, address, reach(memory, address, 1 << ACCESS_ALIGN[op - Bytecode.I32_LOAD], readInt(code, pc + 9)));
                    } catch (MemoryAccessException e) {
                        throw outOfBoundsMemory(pc);
                    }
                    pc += 13;
                    break;
                }
                case Bytecode.I32_STORE:
                case Bytecode.I64_STORE:
                case Bytecode.F32_STORE:
                case Bytecode.F64_STORE:
                case Bytecode.I32_STORE8:
                case Bytecode.I32_STORE16:
                case Bytecode.I64_STORE8:
                case Bytecode.I64_STORE16:
                case Bytecode.I64_STORE32: {
                    LinearMemory memory = instance.memory(readInt(code, pc + 1));
                    long address = (frame.getIntStatic(sp - 2) & 0xFFFFFFFFL) + (readInt(code, pc + 5) & 0xFFFFFFFFL);
                    try {
                        store(frame, sp, op, memory, address, reach(memory, address, 1 << ACCESS_ALIGN[op - Bytecode.I32_LOAD], readInt(code, pc + 9)));
                    } catch (MemoryAccessException e) {
                        // In a function with v128 values, see trapInPlace.
                        throw usesV128 ? trapInPlace(frame, MemoryAccessException.MESSAGE, pc) : outOfBoundsMemory(pc);
                    }
                    sp -= 2;
                    pc += 13;
                    break;
                }
                case Bytecode.MEMORY_SIZE:
                    frame.setIntStatic(sp, (int) instance.memory(readInt(code, pc + 1)).pages());
                    sp++;
                    pc += 5;
                    break;
                case Bytecode.MEMORY_GROW: {
                    LinearMemory memory = instance.memory(readInt(code, pc + 1));
                    frame.setIntStatic(sp - 1, (int) memory.grow(frame.getIntStatic(sp - 1) & 0xFFFFFFFFL));
                    pc += 5;
                    break;
                }
                case Bytecode.I32_CONST:
                    frame.setIntStatic(sp, readInt(code, pc + 1));
                    sp++;
                    pc += 5;
                    break;
                case Bytecode.I64_CONST:
                    frame.setLongStatic(sp, readLong(code, pc + 1));
                    sp++;
                    pc += 9;
                    break;
                case Bytecode.F32_CONST:
                    frame.setFloatStatic(sp, Float.intBitsToFloat(readInt(code, pc + 1)));
                    sp++;
                    pc += 5;
                    break;
                case Bytecode.F64_CONST:
                    frame.setDoubleStatic(sp, Double.longBitsToDouble(readLong(code, pc + 1)));
                    sp++;
                    pc += 9;
                    break;
                case Bytecode.REF_NULL:
                    frame.setObjectStatic(sp, WasmNull.INSTANCE);
                    sp++;
                    pc++;
                    break;
                case Bytecode.REF_IS_NULL:
                    frame.setIntStatic(sp - 1, frame.getObjectStatic(sp - 1) == WasmNull.INSTANCE ? 1 : 0);
                    pc++;
                    break;
                case Bytecode.REF_FUNC:
                    frame.setObjectStatic(sp, instance.function(readInt(code, pc + 1)));
                    sp++;
                    pc += 5;
                    break;
                case Bytecode.SIMD_PREFIX:
                    sp = SimdOps.execute(this, frame, instance, code, pc, sp, vectorRegisters);
                    pc += SimdOps.length(readInt(code, pc + 1));
                    break;
                case Bytecode.I32_NE:
                case Bytecode.I32_LT_U:
                case Bytecode.I32_GT_U:
                case Bytecode.I32_LE_U:
                case Bytecode.I32_GE_U:
                    if (rotation < 0 && rotations[-3 * rotation - 1] == pc) {
                        // The rotated loop's back edge compares the operands itself.
                        pc++;
                        continue loop;
                    }
                    if (CompilerDirectives.inInterpreter() && (code[pc + 1] & 0xFF) == Bytecode.BR_IF && readInt(code, pc + 2) <= pc) {
                        int a = frame.getIntStatic(sp - 2);
                        int b = frame.getIntStatic(sp - 1);
                        if (op != Bytecode.I32_NE) {
                            backEdgeConditions[readInt(code, pc + 14)] |= (a | b) < 0 ? SEEN_SIGN_BIT : 0;
                        } else if (a != b) {
                            backEdgeConditions[readInt(code, pc + 14)] |= a < b ? SEEN_LESS : SEEN_GREATER;
                        }
                    }
                    // fall through
                default:
                    sp = NumericOps.execute(this, frame, op, pc, sp);
                    pc++;
                    break;
            }
            forgetPopped(frame, sp, spBefore);
        }
    }

    /**
     * In compiled code, marks the stack slots an instruction popped, {@code [sp, before)}, as dead.
     * Otherwise every frame state (at loop headers, calls and deoptimization points) keeps the last
     * value each slot held: Graal then carries dead values around loops in phis, spills them, and
     * merges a slot that held an f64 on one path and an i32 on another as raw long bits. The
     * interpreter never reads a slot above the stack pointer, so it skips the work.
     */
    @ExplodeLoop
    void forgetPopped(VirtualFrame frame, int sp, int before) {
        if (CompilerDirectives.inCompiledCode()) {
            for (int slot = sp; slot < before; slot++) {
                frame.clearStatic(slot);
                if (usesV128) {
                    frame.clearStatic(slot + high);
                }
            }
        }
    }

    /**
     * In compiled code, clears the locals that no path from the loop header {@code header} reads
     * before writing them ({@link Bytecode#LOOP}), on each way into the header. Otherwise the
     * header's frame state keeps each one's value alive around the loop: a phi, a register or a
     * spill per iteration, and for a v128 local two extracts from its vector register.
     */
    private void forgetDeadLocals(VirtualFrame frame, int header) {
        forgetLocals(frame, loopDeadLocals[readInt(code, header - 4)]);
    }

    /** {@link #forgetLocal} of each of {@code locals}; the interpreter skips even the loop. */
    @ExplodeLoop
    private void forgetLocals(VirtualFrame frame, int[] locals) {
        if (CompilerDirectives.inCompiledCode()) {
            for (int i = 0; i < locals.length; i++) {
                forgetLocal(frame, locals[i]);
            }
        }
    }

    /**
     * In compiled code, clears a local nobody reads before writing it again, so that no later frame
     * state keeps its value alive. The interpreter never reads it before writing it, so it skips
     * the work, like {@link #forgetPopped}.
     */
    private void forgetLocal(VirtualFrame frame, int local) {
        if (CompilerDirectives.inCompiledCode()) {
            frame.clearStatic(local);
            if (localTypes[local] == ValType.V128) {
                frame.clearStatic(local + high);
            }
        }
    }

    /**
     * Loop iterations are reported in batches of this many, for the tiering heuristics: without the
     * reports a function called rarely but looping long (a benchmark's whole run in one call) would
     * stay in first-tier code forever.
     */
    private static final int REPORT_LOOP_STRIDE = 1 << 8;

    /** Back edges taken since the last report; one per activation, gone in last-tier code. */
    private static final class BackEdgeCounter {
        int count;
    }

    /**
     * A loop back edge: polls safepoints, reports iterations to the compilation heuristics while
     * a higher tier exists and, in the interpreter, tries OSR. Returns the function's result when
     * OSR ran the rest of it ({@link #VOID} for no results), else null.
     */
    private Object backEdge(VirtualFrame frame, WasmInstance instance, int entry, BackEdgeCounter backEdges) {
        TruffleSafepoint.poll(this);
        statement.execute(frame);
        if (CompilerDirectives.hasNextTier() && ++backEdges.count >= REPORT_LOOP_STRIDE) {
            LoopNode.reportLoopCount(this, REPORT_LOOP_STRIDE);
            backEdges.count = 0;
        }
        if (CompilerDirectives.inInterpreter() && BytecodeOSRNode.pollOSRBackEdge(this, 1)) {
            // Not frame.getArguments()[0]: after a deoptimization in OSR code, the interpreter runs on in
            // the OSR frame, whose arguments are not the function's.
            Object result = BytecodeOSRNode.tryOSR(this, entry, instance, null, frame);
            if (result != null) {
                return result;
            }
        }
        return null;
    }

    private static void getGlobal(VirtualFrame frame, int slot, int high, ValType type, WasmGlobal global) {
        switch (type) {
            case I32 -> frame.setIntStatic(slot, (int) global.bits());
            case I64 -> frame.setLongStatic(slot, global.bits());
            case F32 -> frame.setFloatStatic(slot, Float.intBitsToFloat((int) global.bits()));
            case F64 -> frame.setDoubleStatic(slot, Double.longBitsToDouble(global.bits()));
            case V128 -> Slots.putV128(frame, slot, high, (V128) global.ref());
            default -> frame.setObjectStatic(slot, global.ref());
        }
    }

    private static void setGlobal(VirtualFrame frame, int slot, int high, ValType type, WasmGlobal global) {
        switch (type) {
            case I32 -> global.setBits(frame.getIntStatic(slot) & 0xFFFFFFFFL);
            case I64 -> global.setBits(frame.getLongStatic(slot));
            case F32 -> global.setBits(Float.floatToRawIntBits(frame.getFloatStatic(slot)) & 0xFFFFFFFFL);
            case F64 -> global.setBits(Double.doubleToRawLongBits(frame.getDoubleStatic(slot)));
            case V128 -> global.setRef(Slots.getV128(frame, slot, high));
            default -> global.setRef(frame.getObjectStatic(slot));
        }
    }

    /** {@link Bytecode#MEMORY_ALIGN}, which the annotation lets compiled code fold. */
    @CompilationFinal(dimensions = 1) private static final byte[] ACCESS_ALIGN = Bytecode.MEMORY_ALIGN;

    /**
     * The reach a {@code width}-byte load or store passes to the memory: the lowered one while
     * checks are shared, else its width.
     */
    int reach(LinearMemory memory, long address, int width, int loweredImmediate) {
        if (!boundsChecksShared.isValid()) {
            return width;
        }
        int lowered = loweredImmediate & Bytecode.Reach.MASK;
        // A check that also covers accesses below this one starts that many bytes lower. Two
        // compares, not one unsigned compare of address - below: Graal hoists these two out of a
        // counted loop (speculative guard movement), and that one stayed in dot_i8's loop.
        int below = loweredImmediate >>> Bytecode.Reach.BELOW_SHIFT;
        if (CompilerDirectives.inCompiledCode() && (lowered > width || below != 0) && (address < below || !memory.inBounds(address, lowered))) {
            if (memory.inBounds(address, width)) {
                CompilerDirectives.transferToInterpreter();
                boundsChecksShared.invalidate(); // recompiled code checks every access by itself
                return width;
            }
            // The access itself leaves the memory: it traps right here, in compiled code (see
            // trap), not through a deoptimization that a program trapping again and again would
            // take every time. Thrown, not returned, so the hot path keeps a single check.
            memory.checkedAddress(address, width, width);
            throw CompilerDirectives.shouldNotReachHere();
        }
        return lowered;
    }

    private static void load(VirtualFrame frame, int slot, int op, LinearMemory m, long address, int reach) {
        switch (op) {
            case Bytecode.I32_LOAD -> frame.setIntStatic(slot, m.loadI32(address, reach));
            case Bytecode.I64_LOAD -> frame.setLongStatic(slot, m.loadI64(address, reach));
            case Bytecode.F32_LOAD -> frame.setFloatStatic(slot, m.loadF32(address, reach));
            case Bytecode.F64_LOAD -> frame.setDoubleStatic(slot, m.loadF64(address, reach));
            case Bytecode.I32_LOAD8_S -> frame.setIntStatic(slot, m.loadI8(address, reach));
            case Bytecode.I32_LOAD8_U -> frame.setIntStatic(slot, m.loadU8(address, reach));
            case Bytecode.I32_LOAD16_S -> frame.setIntStatic(slot, m.loadI16(address, reach));
            case Bytecode.I32_LOAD16_U -> frame.setIntStatic(slot, m.loadU16(address, reach));
            case Bytecode.I64_LOAD8_S -> frame.setLongStatic(slot, m.loadI8(address, reach));
            case Bytecode.I64_LOAD8_U -> frame.setLongStatic(slot, m.loadU8(address, reach));
            case Bytecode.I64_LOAD16_S -> frame.setLongStatic(slot, m.loadI16(address, reach));
            case Bytecode.I64_LOAD16_U -> frame.setLongStatic(slot, m.loadU16(address, reach));
            case Bytecode.I64_LOAD32_S -> frame.setLongStatic(slot, m.loadI32(address, reach));
            case Bytecode.I64_LOAD32_U -> frame.setLongStatic(slot, m.loadU32(address, reach));
            default -> throw CompilerDirectives.shouldNotReachHere();
        }
    }

    /**
     * Stores the value on top of the stack at {@code address}. The two operands are read first and
     * their slots forgotten before the write: the write is a side effect, and its frame state is the
     * one every later deoptimization point and the loop's safepoint reuse until the next side
     * effect. Forgotten there, the address and the value need not stay live to the back edge.
     */
    private void store(VirtualFrame frame, int sp, int op, LinearMemory m, long address, int reach) {
        int slot = sp - 1;
        switch (op) {
            case Bytecode.F32_STORE -> {
                float value = frame.getFloatStatic(slot);
                forgetPopped(frame, sp - 2, sp);
                m.storeF32(address, reach, value);
            }
            case Bytecode.F64_STORE -> {
                double value = frame.getDoubleStatic(slot);
                forgetPopped(frame, sp - 2, sp);
                m.storeF64(address, reach, value);
            }
            case Bytecode.I64_STORE, Bytecode.I64_STORE8, Bytecode.I64_STORE16, Bytecode.I64_STORE32 -> {
                long value = frame.getLongStatic(slot);
                forgetPopped(frame, sp - 2, sp);
                switch (op) {
                    case Bytecode.I64_STORE -> m.storeI64(address, reach, value);
                    case Bytecode.I64_STORE8 -> m.storeI8(address, reach, (int) value);
                    case Bytecode.I64_STORE16 -> m.storeI16(address, reach, (int) value);
                    default -> m.storeI32(address, reach, (int) value);
                }
            }
            default -> {
                int value = frame.getIntStatic(slot);
                forgetPopped(frame, sp - 2, sp);
                switch (op) {
                    case Bytecode.I32_STORE -> m.storeI32(address, reach, value);
                    case Bytecode.I32_STORE8 -> m.storeI8(address, reach, value);
                    default -> m.storeI16(address, reach, value);
                }
            }
        }
    }

    @ExplodeLoop
    private Object returnValue(VirtualFrame frame, int sp) {
        int count = resultTypes.length;
        if (count == 0) {
            return VOID;
        }
        if (count == 1) {
            return Slots.pop(frame, sp - 1, high, resultTypes[0]);
        }
        Object[] results = new Object[count];
        for (int i = 0; i < count; i++) {
            results[i] = Slots.pop(frame, sp - count + i, high, resultTypes[i]);
        }
        return results;
    }

    /** The trap for a memory access outside the memory, at {@code pc}. */
    WasmException outOfBoundsMemory(int pc) {
        return trap(MemoryAccessException.MESSAGE, pc);
    }

    /**
     * A trap at {@code pc}, named by function and module byte offset. The first trap of a function
     * invalidates its compiled code; from then on the trap paths are compiled in, so a program
     * that traps repeatedly (and catches the traps in the host) does not deoptimize on every one.
     */
    WasmException trap(String message, int pc) {
        trapProfile.enter();
        return trapAt(message, pc);
    }

    /**
     * A trap thrown without deoptimizing. The frame is cleared first: the trap ends the function,
     * so the call's frame state holds none of its values. Used where v128 values are about:
     * <ul>
     * <li>the lane loads of a gather: their checks then stay where they are instead of becoming
     * guards that Graal schedules as early as it can (all 48 of a gather before its first load,
     * each address live until its load);
     * <li>every SIMD access but {@code v128.load}, and scalar stores in a function that uses
     * v128. A deoptimizing check takes the frame state of the last side effect before it, often
     * the store before, and every v128 live there had its two halves extracted and spilled on
     * the hot path (26 per iteration in {@code yuv.simd}'s loop, 13 in {@code resize.simd}'s).
     * {@code v128.load} keeps the deoptimization: in a counted loop Graal hoists that check out
     * of the loop, which {@code matmul.simd} and {@code conv2d.simd} need.
     * </ul>
     */
    @ExplodeLoop
    WasmException trapInPlace(VirtualFrame frame, String message, int pc) {
        if (CompilerDirectives.inCompiledCode()) {
            for (int slot = 0; slot < frameSlotCount; slot++) {
                frame.clearStatic(slot);
            }
        }
        return trapAt(message, pc);
    }

    @TruffleBoundary
    private WasmException trapAt(String message, int pc) {
        int offset = lowered.sourceOffset(pc);
        String where = offset >= 0 ? String.format(" (in %s at offset 0x%x)", name, offset) : " (in " + name + ")";
        return WasmException.trap(message + where, this);
    }
}
