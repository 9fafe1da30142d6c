package dev.porcini.language;

import org.graalvm.options.OptionCategory;
import org.graalvm.options.OptionKey;
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
}
