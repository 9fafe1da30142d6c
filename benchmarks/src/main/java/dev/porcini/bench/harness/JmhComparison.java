package dev.porcini.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the JMH engine microbenchmarks ({@code dev.porcini.bench.engine}: call_indirect, a memory loop,
 * instantiating a 2 MB module) on Porcini and on GraalWasm, each in its own JVM on the same JDK and
 * Graal compiler, alternating engines per repetition, and writes a Markdown table of the median
 * scores with the ratio GraalWasm / Porcini. Run it through {@code benchmarks/run jmh-compare}.
 */
public final class JmhComparison {
    private static final String DEFAULT_INCLUDE = "dev.porcini.bench.engine.";
    private static final List<Runtime> ENGINES = List.of(Runtime.PORCINI, Runtime.GRAALWASM);

    /** One benchmark's score and its unit, as JMH's CSV gives them. */
    record Score(double value, String unit) {
    }

    public static void main(String[] args) throws Exception {
        int reps = 1;
        Path out = Path.of("docs/microbenchmarks.md");
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--help" -> {
                    System.out.println("""
                                    usage: benchmarks/run jmh-compare [--reps N] [--out docs/microbenchmarks.md] [REGEX] [JMH options]
                                      REGEX picks benchmarks (default dev.porcini.bench.engine.); JMH options are
                                      passed on, e.g. -wi 3 -i 3 for a shorter run.""");
                    return;
                }
                default -> jmhArgs.add(args[i]);
            }
        }
        // A benchmark regex, when given, comes first (as in the usage line).
        if (jmhArgs.isEmpty() || jmhArgs.get(0).startsWith("-")) {
            jmhArgs.add(0, DEFAULT_INCLUDE);
        }
        Path root = Path.of(System.getProperty("porcini.root", ".")).toAbsolutePath().normalize();
        Runtime.Paths paths = new Runtime.Paths(root, Path.of(ProcessHandle.current().info().command().orElse("java")));
        Path csvDir = Files.createDirectories(paths.bench().resolve("target/jmh"));

        Map<Runtime, Map<String, List<Score>>> scores = new LinkedHashMap<>();
        for (int rep = 0; rep < reps; rep++) {
            for (int e = 0; e < ENGINES.size(); e++) {
                // Alternate which engine goes first, so neither always runs on a machine the other just warmed.
                Runtime engine = ENGINES.get((e + rep) % ENGINES.size());
                Path csv = csvDir.resolve(engine.name().toLowerCase() + "-" + rep + ".csv");
                List<String> cmd = new ArrayList<>(engine.truffleJvm(paths));
                cmd.addAll(List.of("-Dporcini.root=" + root, "org.openjdk.jmh.Main", "-rf", "csv", "-rff", csv.toString()));
                cmd.addAll(jmhArgs);
                System.out.println("rep " + (rep + 1) + ": " + engine.label);
                int status = new ProcessBuilder(cmd).inheritIO().start().waitFor();
                if (status != 0) {
                    throw new IllegalStateException("JMH on " + engine.label + " exited with " + status);
                }
                readCsv(csv).forEach((name, score) -> scores.computeIfAbsent(engine, k -> new TreeMap<>())
                                .computeIfAbsent(name, k -> new ArrayList<>()).add(score));
            }
        }
        String md = report(scores, reps, String.join(" ", jmhArgs));
        Files.writeString(root.resolve(out), md);
        System.out.print(md);
        System.out.println("wrote " + out);
    }

    /** Benchmark name (without the package) to score, from a JMH CSV result file. */
    static Map<String, Score> readCsv(Path csv) throws IOException {
        Map<String, Score> result = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            // "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"; no field holds a comma.
            String[] f = line.replace("\"", "").split(",");
            if (f.length < 7) {
                continue;
            }
            String name = f[0].substring(f[0].lastIndexOf('.', f[0].lastIndexOf('.') - 1) + 1);
            result.put(name, new Score(Double.parseDouble(f[4]), f[6]));
        }
        return result;
    }

    static String report(Map<Runtime, Map<String, List<Score>>> scores, int reps, String jmhArgs) {
        StringBuilder md = new StringBuilder();
        md.append("# Engine microbenchmarks: Porcini and GraalWasm\n\n");
        md.append("Written by `benchmarks/run jmh-compare").append(jmhArgs.isBlank() ? "" : " " + jmhArgs).append("`. ")
                        .append("JMH average time per operation, the median of ").append(reps).append(" repetition(s); ")
                        .append("each engine in its own JVM on the same JDK and Graal compiler (JVMCI), engines alternating. ")
                        .append("The ratio is GraalWasm's time over Porcini's: above 1 means Porcini is faster. ")
                        .append("The modules are in `benchmarks/modules`; what each benchmark measures is in its class in `dev.porcini.bench.engine`.\n\n");
        md.append("| Benchmark | Porcini | GraalWasm | GraalWasm / Porcini |\n|---|---:|---:|---:|\n");
        Map<String, List<Score>> porcini = scores.getOrDefault(Runtime.PORCINI, Map.of());
        Map<String, List<Score>> graalwasm = scores.getOrDefault(Runtime.GRAALWASM, Map.of());
        for (String name : porcini.keySet()) {
            Score p = median(porcini.get(name));
            Score g = graalwasm.containsKey(name) ? median(graalwasm.get(name)) : null;
            md.append("| ").append(name).append(" | ").append(format(p)).append(" | ").append(g == null ? "n/a" : format(g))
                            .append(" | ").append(g == null ? "n/a" : String.format("%.2f×", g.value() / p.value())).append(" |\n");
        }
        md.append("\n## Machine\n\n").append(ResultsWriter.cpuLine())
                        .append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version")).append('\n');
        return md.toString();
    }

    private static Score median(List<Score> list) {
        List<Score> sorted = list.stream().sorted((a, b) -> Double.compare(a.value(), b.value())).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String format(Score s) {
        return String.format(s.value() >= 100 ? "%.0f %s" : "%.3g %s", s.value(), s.unit());
    }
}
