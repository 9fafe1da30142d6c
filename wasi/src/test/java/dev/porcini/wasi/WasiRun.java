package dev.porcini.wasi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.graalvm.polyglot.io.IOAccess;

/** Runs a WASI program through the polyglot API and captures what it did. */
record WasiRun(String stdout, String stderr, int exitCode) {

    static byte[] program(String name) throws IOException {
        try (InputStream in = WasiRun.class.getResourceAsStream("/wasi-programs/" + name + ".wasm")) {
            if (in == null) {
                throw new IOException("missing test program " + name + ".wasm (run wasi/src/test/c/build.sh)");
            }
            return in.readAllBytes();
        }
    }

    static WasiRun run(byte[] wasm, List<String> argv, Map<String, String> env, String dirs, byte[] stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Context.Builder builder = Context.newBuilder("wasm").allowIO(IOAccess.ALL).in(new ByteArrayInputStream(stdin))
                        .out(out).err(err).arguments("wasm", argv.toArray(String[]::new)).option("wasm.WasiDirs", dirs);
        env.forEach((k, v) -> builder.option("wasm.WasiEnv." + k, v));
        int code = 0;
        try (Context context = builder.build()) {
            Value module = context.eval(Source.newBuilder("wasm", ByteSequence.create(wasm), "program.wasm").buildLiteral());
            Value instance = module.invokeMember("newInstance");
            try {
                instance.getMember("exports").getMember("_start").execute();
            } catch (PolyglotException e) {
                if (!e.isExit()) {
                    throw e;
                }
                code = e.getExitStatus();
            }
        }
        return new WasiRun(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), code);
    }

    /** A fresh sandbox/ beside outside/secret.txt, with three links in the sandbox that point out of it. */
    static Path sandbox(Path tmp) throws IOException {
        Path sandbox = Files.createDirectory(tmp.resolve("sandbox"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(sandbox.resolve("abs_link"), outside.resolve("secret.txt").toAbsolutePath());
        Files.createSymbolicLink(sandbox.resolve("rel_link"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(sandbox.resolve("dir_link"), Path.of("../outside"));
        return sandbox;
    }
}
