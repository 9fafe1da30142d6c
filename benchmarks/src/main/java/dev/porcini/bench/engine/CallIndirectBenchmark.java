package dev.porcini.bench.engine;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code call_indirect} against a direct call (benchmarks/modules/call_indirect.wat). Each call
 * benchmark makes {@link #CALLS} calls from one Wasm loop, so its time divided by {@code CALLS} is
 * the cost of one call plus one loop iteration; {@code direct} gives the loop's share.
 */
public class CallIndirectBenchmark extends ModuleBenchmark {
    static final int CALLS = 10_000;

    private Value direct;
    private Value sameTarget;
    private Value fourTargets;
    private Value wrongType;

    @Override
    String moduleName() {
        return "call_indirect";
    }

    @Override
    void prepare(Value exports) {
        direct = exports.getMember("direct");
        sameTarget = exports.getMember("same_target");
        fourTargets = exports.getMember("four_targets");
        wrongType = exports.getMember("wrong_type");
    }

    @Benchmark
    public int direct() {
        return direct.execute(CALLS).asInt();
    }

    /** Every call reaches table slot 0 (one target). */
    @Benchmark
    public int sameTarget() {
        return sameTarget.execute(CALLS, 0).asInt();
    }

    /** The calls cycle through four table slots (four targets at one call site). */
    @Benchmark
    public int fourTargets() {
        return fourTargets.execute(CALLS).asInt();
    }

    /** One call whose signature check fails: the cost of raising and catching a Wasm trap in the host. */
    @Benchmark
    public boolean signatureMismatchTrap() {
        try {
            wrongType.execute(0);
            throw new AssertionError("call_indirect with the wrong type did not trap");
        } catch (PolyglotException e) {
            return e.isGuestException();
        }
    }
}
