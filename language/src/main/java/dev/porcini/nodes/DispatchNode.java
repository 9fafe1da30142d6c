package dev.porcini.nodes;

import com.oracle.truffle.api.CallTarget;
import com.oracle.truffle.api.dsl.Cached;
import com.oracle.truffle.api.dsl.GenerateInline;
import com.oracle.truffle.api.dsl.Specialization;
import com.oracle.truffle.api.nodes.DirectCallNode;
import com.oracle.truffle.api.nodes.IndirectCallNode;
import com.oracle.truffle.api.nodes.Node;

/**
 * Calls a target that varies at run time, with an inline cache of direct calls for the common
 * targets. Four entries, like V8's polymorphic Wasm call inlining; GraalWasm also inlines all four
 * targets of a four-way {@code call_indirect} site (benchmarks/modules/call_indirect.wat).
 */
@GenerateInline(false)
abstract class DispatchNode extends Node {
    abstract Object execute(CallTarget target, Object[] args);

    @Specialization(guards = "target == cachedTarget", limit = "4")
    static Object direct(@SuppressWarnings("unused") CallTarget target, Object[] args,
                    @Cached("target") @SuppressWarnings("unused") CallTarget cachedTarget,
                    @Cached("create(cachedTarget)") DirectCallNode call) {
        return call.call(args);
    }

    @Specialization(replaces = "direct")
    static Object indirect(CallTarget target, Object[] args, @Cached IndirectCallNode call) {
        return call.call(target, args);
    }
}
