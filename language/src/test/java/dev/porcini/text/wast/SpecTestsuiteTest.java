package dev.porcini.text.wast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.porcini.error.ErrorKind;
import dev.porcini.error.WasmException;
import dev.porcini.text.wast.WastCommand.AssertInvalid;
import dev.porcini.text.wast.WastCommand.AssertMalformed;
import dev.porcini.text.wast.WastCommand.AssertUninstantiable;
import dev.porcini.text.wast.WastCommand.AssertUnlinkable;
import dev.porcini.text.wast.WastCommand.ModuleCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Parses every script of the WebAssembly 2.0 spec testsuite and encodes every module in it: all
 * must encode, except the quote modules of {@code assert_malformed}, which must fail with the
 * expected message.
 *
 * <p>The testsuite folder is {@code ../shared/spec-testsuite} seen from the project root, or the
 * system property {@code porcini.spec.dir} (the folder holding {@code wasm-2.0/}, or the
 * {@code wasm-2.0} folder itself).
 */
class SpecTestsuiteTest {

    static Path suiteDirectory() {
        String property = System.getProperty("porcini.spec.dir");
        List<Path> candidates = property != null
                        ? List.of(Path.of(property).resolve("wasm-2.0"), Path.of(property))
                        : List.of(Path.of("../shared/spec-testsuite/wasm-2.0"), Path.of("../../shared/spec-testsuite/wasm-2.0"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("i32.wast"))) {
                return candidate;
            }
        }
        fail("spec testsuite not found: looked for wasm-2.0/*.wast in " + candidates.stream().map(p -> p.toAbsolutePath().normalize())
                        .toList() + "; set -Dporcini.spec.dir=<folder holding wasm-2.0>");
        return null;
    }

    @TestFactory
    Stream<DynamicTest> everyScriptParsesAndEncodes() throws IOException {
        Path dir = suiteDirectory();
        List<Path> scripts;
        try (Stream<Path> files = Files.list(dir)) {
            scripts = files.filter(p -> p.toString().endsWith(".wast")).sorted().toList();
        }
        assertTrue(scripts.size() >= 147, "expected the 147 scripts of the 2.0 suite, found " + scripts.size());
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> check(script)));
    }

    private static void check(Path script) throws IOException {
        String name = script.getFileName().toString();
        WastScript parsed = Wast.parse(Files.readString(script), name);
        assertFalse(parsed.commands().isEmpty());
        for (WastCommand command : parsed.commands()) {
            String where = name + ":" + command.line();
            switch (command) {
                case ModuleCommand c -> encodes(c.module(), where);
                case AssertInvalid c -> encodes(c.module(), where);
                case AssertUnlinkable c -> encodes(c.module(), where);
                case AssertUninstantiable c -> encodes(c.module(), where);
                case AssertMalformed c -> {
                    if (c.module().kind() != WastModule.Kind.QUOTE) {
                        assertEquals(WastModule.Kind.BINARY, c.module().kind(), where);
                        continue;
                    }
                    WasmException e = assertThrows(WasmException.class, () -> c.module().encode(), where);
                    assertEquals(ErrorKind.MALFORMED, e.kind(), where);
                    assertTrue(e.getMessage().matches("\\d+:\\d+: .*"), where + ": no position in " + e.getMessage());
                    assertTrue(e.getMessage().contains(c.message()),
                                    where + ": expected \"" + c.message() + "\" but got \"" + e.getMessage() + "\"");
                }
                default -> {
                }
            }
        }
    }

    private static void encodes(WastModule module, String where) {
        try {
            byte[] binary = module.encode();
            if (module.kind() != WastModule.Kind.BINARY) {
                assertEquals("\0asm", new String(binary, 0, 4, StandardCharsets.ISO_8859_1), where);
            }
        } catch (WasmException e) {
            fail(where + ": " + e.getMessage());
        }
    }
}
