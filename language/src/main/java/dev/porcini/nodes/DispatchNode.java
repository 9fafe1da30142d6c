package dev.porcini.nodes;

import com.oracle.truffle.api.CallTarget;
import com.oracle.truffle.api.dsl.Cached;
import com.oracle.truffle.api.dsl.GenerateInline;
import com.oracle.truffle.api.dsl.Specialization;
import com.oracle.truffle.api.nodes.DirectCallNode;
import com.oracle.truffle.api.nodes.IndirectCallNode;
import com.oracle.truffle.api.nodes.Node;

/** Calls a target that varies at run time, with an inline cache of direct calls for the common targets. */
@GenerateInline(false)
abstract class DispatchNode extends Node {
    abstract Object execute(CallTarget target, Object[] args);

    @Specialization(guards = "target == cachedTarget", limit = "3")
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
