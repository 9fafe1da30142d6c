package dev.porcini.nodes;

import static dev.porcini.bytecode.Bytecode.readInt;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.DirectCallNode;
import com.oracle.truffle.api.nodes.ExplodeLoop;
import com.oracle.truffle.api.nodes.Node;
import com.oracle.truffle.api.profiles.ValueProfile;

import dev.porcini.bytecode.Bytecode;
import dev.porcini.bytecode.LoweredCode;
import dev.porcini.module.FuncType;
import dev.porcini.module.ValType;
import dev.porcini.runtime.ModuleCode;
import dev.porcini.runtime.WasmFunction;
import dev.porcini.runtime.WasmInstance;

/**
 * One call site. It pops the arguments from the caller's frame, calls, and pushes the results;
 * {@link #execute} returns the caller's new stack pointer.
 */
abstract class CallNode extends Node {
    @CompilationFinal(dimensions = 1) private final ValType[] params;
    @CompilationFinal(dimensions = 1) private final ValType[] results;
    /** The call instruction's pc, for trap locations. */
    final int pc;
    /** The caller's v128 high-half offset (see {@link Slots}). */
    private final int high;

    CallNode(FuncType type, int pc, int high) {
        this.params = type.params();
        this.results = type.results();
        this.pc = pc;
        this.high = high;
    }

    abstract int execute(VirtualFrame frame, WasmInstance instance, int sp);

    /** Builds the callee's arguments from the top of the caller's stack. */
    @ExplodeLoop
    final Object[] popArguments(VirtualFrame frame, int sp, Object calleeInstance) {
        int n = params.length;
        Object[] args = new Object[n + 1];
        args[0] = calleeInstance;
        for (int i = 0; i < n; i++) {
            args[i + 1] = Slots.pop(frame, sp - n + i, high, params[i]);
        }
        return args;
    }

    /** Pushes the callee's result(s) where its arguments were; returns the new stack pointer. */
    @ExplodeLoop
    final int pushResults(VirtualFrame frame, int sp, Object result) {
        int base = sp - params.length;
        int n = results.length;
        if (n == 1) {
            Slots.push(frame, base, high, results[0], result);
        } else if (n > 1) {
            Object[] values = (Object[]) result;
            for (int i = 0; i < n; i++) {
                Slots.push(frame, base + i, high, results[i], values[i]);
            }
        }
        return base + n;
    }

    /** A Wasm callee runs in its own instance; a host callee (no instance) is told its caller instead. */
    static WasmInstance calleeInstance(WasmFunction callee, WasmInstance caller) {
        WasmInstance own = callee.instance();
        return own != null ? own : caller;
    }

    /** One node per CALL / CALL_INDIRECT of the lowered code, indexed by call site number. */
    static CallNode[] createAll(ModuleCode module, LoweredCode lowered) {
        CallNode[] nodes = new CallNode[lowered.callSites()];
        byte[] code = lowered.code();
        int high = lowered.v128HighOffset();
        int[] offsets = lowered.offsets();
        // The offsets table lists every emitted instruction's pc, which lets us walk opcodes safely.
        for (int k = 0; k < offsets.length; k += 2) {
            int pc = offsets[k];
            int op = code[pc] & 0xFF;
            if (op == Bytecode.CALL) {
                int function = readInt(code, pc + 1);
                nodes[readInt(code, pc + 5)] = module.module().importedFunctions() > function
                                ? new ImportedCallNode(module.module().functionType(function), function, pc, high)
                                : new DirectWasmCallNode(module, function, pc, high);
            } else if (op == Bytecode.CALL_INDIRECT) {
                int typeIndex = readInt(code, pc + 1);
                nodes[readInt(code, pc + 9)] = new IndirectCallNode(module.module().types()[typeIndex],
                                module.typeId(typeIndex), readInt(code, pc + 5), pc, high);
            }
        }
        return nodes;
    }

    /** A call to a function defined in the same module: always the same target, so Graal can inline it. */
    static final class DirectWasmCallNode extends CallNode {
        private final ModuleCode module;
        private final int function;
        @Child private DirectCallNode call;

        DirectWasmCallNode(ModuleCode module, int function, int pc, int high) {
            super(module.module().functionType(function), pc, high);
            this.module = module;
            this.function = function;
        }

        @Override
        int execute(VirtualFrame frame, WasmInstance instance, int sp) {
            if (call == null) {
                // Created on first use: the callee's root node may not exist while this one is built.
                CompilerDirectives.transferToInterpreterAndInvalidate();
                call = insert(DirectCallNode.create(module.callTarget(function)));
            }
            Object result = call.call(popArguments(frame, sp, instance));
            return pushResults(frame, sp, result);
        }
    }

    /** A call to an imported function, which differs per instance. */
    static final class ImportedCallNode extends CallNode {
        private final int function;
        @Child private DispatchNode dispatch = DispatchNodeGen.create();

        ImportedCallNode(FuncType type, int function, int pc, int high) {
            super(type, pc, high);
            this.function = function;
        }

        @Override
        int execute(VirtualFrame frame, WasmInstance instance, int sp) {
            WasmFunction callee = instance.function(function);
            Object result = dispatch.execute(callee.target(), popArguments(frame, sp, calleeInstance(callee, instance)));
            return pushResults(frame, sp, result);
        }
    }

    /**
     * {@code call_indirect}: table lookup, signature check by canonical id, then a cached dispatch.
     * While a site always finds the same function, compiled code sees that function as a constant,
     * so its signature check, call target and instance fold away.
     */
    static final class IndirectCallNode extends CallNode {
        private final int typeId;
        private final int table;
        private final ValueProfile calleeProfile = ValueProfile.createIdentityProfile();
        @Child private DispatchNode dispatch = DispatchNodeGen.create();

        IndirectCallNode(FuncType type, int typeId, int table, int pc, int high) {
            super(type, pc, high);
            this.typeId = typeId;
            this.table = table;
        }

        @Override
        int execute(VirtualFrame frame, WasmInstance instance, int sp) {
            int index = frame.getIntStatic(sp - 1);
            int argsTop = sp - 1;
            var t = instance.table(table);
            if (Integer.compareUnsigned(index, t.size()) >= 0) {
                throw trap("undefined element");
            }
            Object element = t.get(index);
            if (!(element instanceof WasmFunction found)) {
                throw trap("uninitialized element " + index);
            }
            WasmFunction callee = calleeProfile.profile(found);
            if (callee.typeId() != typeId) {
                throw trap("indirect call type mismatch");
            }
            Object result = dispatch.execute(callee.target(), popArguments(frame, argsTop, calleeInstance(callee, instance)));
            return pushResults(frame, argsTop, result);
        }

        private RuntimeException trap(String message) {
            return ((FunctionRootNode) getRootNode()).trap(message, pc);
        }
    }
}
