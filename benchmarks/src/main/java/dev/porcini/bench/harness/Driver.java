package dev.porcini.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The timing protocol every runtime's driver follows (the Node and native drivers repeat it in their
 * own language), over the kernel protocol of {@code kernels/src/bench.h}.
 *
 * <pre>
 *   DRIVER once   FILE.wasm SIZE ITERATIONS          load, init, run ITERATIONS; for whole-process timing
 *   DRIVER steady FILE.wasm SIZE WARMUP_MS SAMPLES   cold start, warm-up, then SAMPLES timed batches
 * </pre>
 *
 * It prints one line {@code RESULT key=value ...}: {@code checksum} (the first result),
 * {@code steady_checksum} (the last), {@code cold_ms} (load + compile + instantiate + init + the first
 * iteration), {@code iter_ms} (median time per iteration after warm-up), {@code impl} (which runtime
 * actually ran).
 */
abstract class Driver {
    /** Compiles and instantiates the module; returns the name of the runtime that runs it. */
    abstract String load(byte[] wasm, String name) throws Exception;

    abstract int init(int size);

    abstract int run(int iterations);

    final void drive(String[] args) throws Exception {
        boolean once = args.length == 4 && args[0].equals("once");
        if (!once && !(args.length == 5 && args[0].equals("steady"))) {
            System.err.println("usage: once FILE SIZE ITERATIONS | steady FILE SIZE WARMUP_MS SAMPLES");
            System.exit(2);
        }
        Path file = Path.of(args[1]);
        int size = Integer.parseInt(args[2]);
        long t0 = System.nanoTime();
        String impl = load(Files.readAllBytes(file), file.getFileName().toString()).replace(' ', '_');
        if (init(size) != 0) {
            throw new IllegalArgumentException("bench_init(" + size + ") failed");
        }
        if (once) {
            System.out.printf("RESULT checksum=%s impl=%s%n", hex(run(Integer.parseInt(args[3]))), impl);
            return;
        }
        int first = run(1);
        double coldMs = (System.nanoTime() - t0) / 1e6;
        double warmupMs = Double.parseDouble(args[3]);
        int samples = Integer.parseInt(args[4]);
        // Batch iterations so that one sample lasts at least warmup/20: timer noise stays small.
        int batch = 1;
        for (long start = System.nanoTime(); (System.nanoTime() - start) / 1e6 < warmupMs;) {
            long s = System.nanoTime();
            run(batch);
            if ((System.nanoTime() - s) / 1e6 < warmupMs / 20 && batch < (1 << 20)) {
                batch *= 2;
            }
        }
        double[] perIteration = new double[samples];
        int last = first;
        for (int i = 0; i < samples; i++) {
            long s = System.nanoTime();
            last = run(batch);
            perIteration[i] = (System.nanoTime() - s) / 1e6 / batch;
        }
        Arrays.sort(perIteration);
        System.out.println(String.format(Locale.ROOT,
                        "RESULT checksum=%s steady_checksum=%s cold_ms=%.3f iter_ms=%.6f batch=%d samples=%d impl=%s",
                        hex(first), hex(last), coldMs, perIteration[samples / 2], batch, samples, impl));
    }

    static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
