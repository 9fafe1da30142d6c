package dev.porcini.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cross-runtime comparison: runs every kernel on every runtime through its driver, in separate
 * processes, interleaving runtimes and repeating, checks every checksum, and writes the report.
 * Run it through {@code benchmarks/run}, which builds what it needs; {@code --help} lists the options.
 */
public final class Harness {
    /** One measurement of one kernel on one runtime; times in ms, NaN where it failed. */
    record Sample(Kernel kernel, Runtime runtime, double iterMs, double coldMs, double wholeMs, String error) {
    }

    /** The settings of one run. */
    record Settings(boolean quick, int reps, double warmupMs, int samples, int onceIterations, boolean simd,
                    List<Runtime> runtimes, List<String> kernels, Path out, String note) {
        int size(Kernel k) {
            return quick ? k.small() : k.size();
        }
    }

    private static final long TIMEOUT_S = 300;

    public static void main(String[] args) throws Exception {
        Settings s = parse(args);
        Path root = Path.of(System.getProperty("porcini.root", ".")).toAbsolutePath().normalize();
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Runtime.Paths paths = new Runtime.Paths(root, java);
        Path kernelsDir = paths.bench().resolve("kernels");
        Map<String, String> expected = Kernel.checksums(kernelsDir);
        List<Kernel> kernels = Kernel.readAll(kernelsDir).stream().filter(k -> s.kernels().isEmpty() || s.kernels().contains(k.id())).toList();

        List<Sample> results = new ArrayList<>();
        for (int rep = 0; rep < s.reps(); rep++) {
            for (Kernel k : kernels) {
                // Rotate the runtime order each repetition, so none always runs right after another's load.
                List<Runtime> order = new ArrayList<>(s.runtimes());
                Collections.rotate(order, -rep);
                for (Runtime r : order) {
                    Sample sample = measure(paths, s, k, r, expected.get(k.id() + "/" + s.size(k)));
                    results.add(sample);
                    System.out.printf("rep %d  %-11s %-10s %s%n", rep + 1, k.id(), r.name().toLowerCase(),
                                    sample.error() != null ? "FAILED: " + sample.error()
                                                    : String.format("iter %.3f ms  cold %.1f ms  whole %.1f ms", sample.iterMs(), sample.coldMs(), sample.wholeMs()));
                }
            }
        }
        new ResultsWriter(s, kernels, results).write(root.resolve(s.out()));
        System.out.println("wrote " + s.out());
    }

    /** Runs the steady-state process, then a short whole-process run, and checks both checksums. */
    private static Sample measure(Runtime.Paths p, Settings s, Kernel k, Runtime r, String expected) {
        int size = s.size(k);
        try {
            Map<String, String> steady = run(r.command(p, k, s.simd(), List.of("steady", "" + size, "" + (long) s.warmupMs(), "" + s.samples())));
            long t0 = System.nanoTime();
            Map<String, String> once = run(r.command(p, k, s.simd(), List.of("once", "" + size, "" + s.onceIterations())));
            double wholeMs = (System.nanoTime() - t0) / 1e6;
            for (String got : List.of(steady.get("checksum"), steady.get("steady_checksum"), once.get("checksum"))) {
                if (expected == null || !expected.equals(got)) {
                    return failed(k, r, "checksum " + got + ", expected " + expected);
                }
            }
            String impl = steady.getOrDefault("impl", "");
            if ((r == Runtime.PORCINI || r == Runtime.GRAALWASM) && !impl.startsWith(r.name().toLowerCase() + "/")) {
                return failed(k, r, "wrong engine on the class path: " + impl);
            }
            return new Sample(k, r, Double.parseDouble(steady.get("iter_ms")), Double.parseDouble(steady.get("cold_ms")), wholeMs, null);
        } catch (IOException | RuntimeException e) {
            return failed(k, r, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(k, r, "interrupted");
        }
    }

    private static Sample failed(Kernel k, Runtime r, String why) {
        return new Sample(k, r, Double.NaN, Double.NaN, Double.NaN, why);
    }

    /** Runs one driver process and parses its {@code RESULT key=value ...} line. */
    private static Map<String, String> run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // Read before waiting, so a chatty process cannot block on a full pipe.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out after " + TIMEOUT_S + " s");
        }
        String line = output.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b).orElse(null);
        if (process.exitValue() != 0 || line == null) {
            String tail = output.lines().reduce((a, b) -> b).orElse("");
            throw new IllegalStateException("exit " + process.exitValue() + ": " + tail);
        }
        Map<String, String> fields = new HashMap<>();
        for (String kv : line.substring(7).trim().split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) fields.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return fields;
    }

    private static Settings parse(String[] args) {
        boolean quick = false, simd = false;
        Integer reps = null, samples = null;
        Double warmup = null;
        List<Runtime> runtimes = Arrays.asList(Runtime.values());
        List<String> kernels = List.of();
        String out = "docs/benchmarks.md", note = "";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> quick = true;
                case "--simd" -> simd = true;
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup-ms" -> warmup = Double.parseDouble(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--runtimes" -> runtimes = Arrays.stream(args[++i].split(",")).map(n -> Runtime.valueOf(n.trim().toUpperCase())).toList();
                case "--kernels" -> kernels = List.of(args[++i].split(","));
                case "--out" -> out = args[++i];
                case "--note" -> note = args[++i];
                default -> {
                    System.err.println("""
                                    usage: benchmarks/run [--quick] [--reps N] [--warmup-ms MS] [--samples N] [--simd]
                                                          [--runtimes porcini,graalwasm,chicory,node,native] [--kernels a,b]
                                                          [--out docs/benchmarks.md] [--note "conditions"]
                                      --quick  the small sizes, 1 repetition, shorter warm-up (about 12 minutes on 2 cores)
                                      --simd   run the -msimd128 builds (native stays scalar C)""");
                    System.exit(a.equals("--help") || a.equals("-h") ? 0 : 2);
                }
            }
        }
        return new Settings(quick, reps != null ? reps : quick ? 1 : 3, warmup != null ? warmup : quick ? 3000 : 10000,
                        samples != null ? samples : quick ? 5 : 10, quick ? 2 : 5, simd, runtimes, kernels, Path.of(out), note);
    }
}
