package dev.porcini.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * The launcher's view of the engine: one polyglot {@link Engine} per command (so compiled code
 * is shared between the contexts of a {@code wast} run), and the rules for turning files into
 * sources. Everything goes through the public polyglot API.
 */
final class Wasm implements AutoCloseable {
    static final String LANGUAGE = "wasm";
    static final String WAT_MIME = "text/x-wat";
    static final String WAST_MIME = "text/x-wast";

    private static final byte[] MAGIC = {0, 'a', 's', 'm'};

    private final Engine engine;

    private Wasm(Engine engine) {
        this.engine = engine;
    }

    /** Starts the engine; warns on {@code err} when the Graal JIT is not active. */
    static Wasm open(PrintWriter err) {
        Engine engine;
        try {
            // No permitted-language list here: that would report a missing language as a bad option.
            engine = Engine.newBuilder().build();
        } catch (IllegalArgumentException e) {
            // Options passed as -Dpolyglot.* system properties (PORCINI_JAVA_OPTS) are checked here.
            throw new CliException("the engine could not start: " + Errors.oneLine(e.getMessage()));
        }
        if (!engine.getLanguages().containsKey(LANGUAGE)) {
            engine.close();
            throw new CliException("the WebAssembly language (id '" + LANGUAGE + "') is not installed: "
                            + "the porcini class path is incomplete", ExitCodes.INTERNAL);
        }
        if ("Interpreted".equals(engine.getImplementationName())) {
            // Truffle may fall back without a word (e.g. a Graal compiler newer than the JDK update).
            err.println("porcini: warning: the Graal JIT is not active, so WebAssembly runs interpreted and slowly; "
                            + "run porcini through its launcher script with a JDK 25.0.3 or newer");
            err.flush();
        }
        return new Wasm(engine);
    }

    Context newContext() {
        return contextBuilder().build();
    }

    /** A context builder on the shared engine, for commands that configure more (WASI options, IO). */
    Context.Builder contextBuilder() {
        return Context.newBuilder(LANGUAGE).engine(engine);
    }

    /** Checks that {@code name} names a readable regular file and returns its path. */
    static Path existingFile(String name) {
        Path path = Path.of(name);
        if (Files.isDirectory(path)) {
            throw new CliException(name + ": is a directory, not a file");
        }
        if (!Files.isRegularFile(path)) {
            throw new CliException(name + ": no such file");
        }
        return path;
    }

    /**
     * A module source: binary when the file starts with the Wasm magic number, otherwise the text
     * format (whatever the extension, as wasmtime does).
     */
    static Source moduleSource(Path file) {
        byte[] bytes = read(file);
        if (startsWithMagic(bytes)) {
            return Source.newBuilder(LANGUAGE, ByteSequence.create(bytes), file.toString()).buildLiteral();
        }
        return Source.newBuilder(LANGUAGE, text(file, bytes), file.toString()).mimeType(WAT_MIME).buildLiteral();
    }

    /** A WAST script source. */
    static Source scriptSource(Path file) {
        return Source.newBuilder(LANGUAGE, text(file, read(file)), file.toString()).mimeType(WAST_MIME).buildLiteral();
    }

    /** Runs a WAST script in a fresh context. */
    ScriptResult runScript(Path file) {
        Source source = scriptSource(file);
        try (Context context = newContext()) {
            Value result = context.eval(source);
            List<String> failures = new ArrayList<>();
            Value list = result.getMember("failures");
            for (long i = 0; list != null && i < list.getArraySize(); i++) {
                failures.add(list.getArrayElement(i).asString());
            }
            return new ScriptResult(count(result, "passed"), count(result, "failed"), count(result, "skipped"), failures, null);
        } catch (PolyglotException e) {
            if (e.isInternalError()) {
                throw e;
            }
            // A script the engine cannot run at all (e.g. it does not parse) counts as one failed command.
            return new ScriptResult(0, 1, 0, List.of(), Errors.describe(e));
        }
    }

    private static int count(Value result, String member) {
        Value value = result.getMember(member);
        return value == null || value.isNull() ? 0 : value.asInt();
    }

    /** The outcome of one script; {@code error} is set when the script could not run at all. */
    record ScriptResult(int passed, int failed, int skipped, List<String> failures, String error) {
    }

    private static boolean startsWithMagic(byte[] bytes) {
        if (bytes.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(file + ": no such file");
        } catch (IOException e) {
            throw new CliException(file + ": cannot read: " + Errors.oneLine(e.getMessage()));
        }
    }

    private static String text(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
        } catch (CharacterCodingException e) {
            throw new CliException(file + ": neither a Wasm binary nor UTF-8 text");
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
