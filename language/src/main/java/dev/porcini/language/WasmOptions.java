package dev.porcini.language;

import org.graalvm.options.OptionCategory;
import org.graalvm.options.OptionKey;
import org.graalvm.options.OptionMap;
import org.graalvm.options.OptionStability;

import com.oracle.truffle.api.Option;

/** The language options, set as {@code wasm.Name} on a context or engine. */
@Option.Group(WasmLanguage.ID)
public final class WasmOptions {
    private WasmOptions() {
    }

    @Option(help = "The most nested Wasm calls on one thread before the call-stack-exhausted trap (default 30000).",
                    category = OptionCategory.USER, stability = OptionStability.STABLE, usageSyntax = "<count>")
    public static final OptionKey<Integer> MaxCallDepth = new OptionKey<>(30_000);

    @Option(help = "The most 64 KiB pages any linear memory of the context may have; memory.grow beyond it fails (default 65536, 4 GiB).",
                    category = OptionCategory.USER, stability = OptionStability.STABLE, usageSyntax = "<pages>")
    public static final OptionKey<Integer> MaxMemoryPages = new OptionKey<>(65536);

    @Option(help = "WASI preopened directories: HOST[::GUEST] entries separated by the path separator; GUEST defaults to HOST.",
                    category = OptionCategory.USER, stability = OptionStability.STABLE, usageSyntax = "<host>[::<guest>]:...")
    public static final OptionKey<String> WasiDirs = new OptionKey<>("");

    @Option(help = "A WASI environment variable for the guest, as wasm.WasiEnv.NAME=VALUE (repeatable; none by default).",
                    category = OptionCategory.USER, stability = OptionStability.STABLE, usageSyntax = "<value>")
    public static final OptionKey<OptionMap<String>> WasiEnv = OptionKey.mapOf(String.class);

    @Option(help = "The WASI argument vector, NUL-separated, used when the context has no application arguments.",
                    category = OptionCategory.USER, stability = OptionStability.STABLE, usageSyntax = "<arg0>\\0<arg1>...")
    public static final OptionKey<String> WasiArgs = new OptionKey<>("");
}
