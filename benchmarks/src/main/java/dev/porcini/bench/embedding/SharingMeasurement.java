package dev.porcini.bench.embedding;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;

import dev.porcini.text.Wat;

/**
 * Measures what a second context on the same engine saves: the time to evaluate a big binary
 * module and instantiate it, in a first context and then in a second one sharing the engine.
 * Usage: {@code SharingMeasurement [functions] [rounds]}.
 */
public final class SharingMeasurement {
    private SharingMeasurement() {
    }

    static byte[] bigModule(int functions) {
        StringBuilder wat = new StringBuilder("(module (memory 1)\n");
        for (int i = 0; i < functions; i++) {
            // Each body has loops, branches, memory access and a call, so validation and lowering have real work.
            wat.append("(func $f").append(i).append(" (export \"f").append(i).append("\") (param $n i32) (result i32) (local $a i32)\n")
                            .append(" (block $d (loop $l (br_if $d (i32.eqz (local.get $n)))\n")
                            .append("  (local.set $a (i32.add (local.get $a) (i32.load (i32.and (local.get $n) (i32.const 1020)))))\n")
                            .append("  (if (i32.gt_s (local.get $a) (i32.const ").append(i).append(")) (then (local.set $a (i32.rem_u (local.get $a) (i32.const 7)))))\n")
                            .append("  (i32.store (i32.const 8) (local.get $a))\n")
                            .append("  (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))\n")
                            .append(i > 0 ? " (drop (call $f" + (i - 1) + " (i32.const 0)))\n" : "")
                            .append(" (local.get $a))\n");
        }
        return Wat.encodeModule(wat.append(")").toString(), false);
    }

    public static void main(String[] args) {
        int functions = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        byte[] bytes = bigModule(functions);
        System.out.printf("module: %d functions, %d bytes%n", functions, bytes.length);
        for (int round = 0; round < rounds; round++) {
            Source source = Source.newBuilder("wasm", ByteSequence.create(bytes), "big.wasm").buildLiteral();
            try (Engine engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build()) {
                long first = instantiateMicros(engine, source);
                long second = instantiateMicros(engine, source);
                long third = instantiateMicros(engine, source);
                System.out.printf("round %d: first context %,d us, second %,d us, third %,d us (second = %.1f%% of first)%n", round, first,
                                second, third, 100.0 * second / first);
            }
        }
    }

    private static long instantiateMicros(Engine engine, Source source) {
        try (Context context = Context.newBuilder("wasm").engine(engine).build()) {
            long start = System.nanoTime();
            Value exports = context.eval(source).invokeMember("newInstance").getMember("exports");
            long elapsed = System.nanoTime() - start;
            if (exports.getMember("f1").execute(3).asInt() < 0) {
                throw new AssertionError();
            }
            return elapsed / 1000;
        }
    }
}
