package dev.porcini.polyglot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the code blocks of docs/embedding.md, so the guide cannot drift from the engine. */
class EmbeddingDocsTest {
    private static String doc;

    @BeforeAll
    static void read() throws IOException {
        Path path = Path.of(System.getProperty("porcini.docs", "../docs"), "embedding.md");
        doc = Files.readString(path);
    }

    /** The fenced blocks tagged {@code tag}, in order. */
    private static List<String> blocks(String tag) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^```" + Pattern.quote(tag) + "\\n(.*?)^```$", Pattern.DOTALL).matcher(doc);
        while (m.find()) {
            found.add(m.group(1));
        }
        assertTrue(!found.isEmpty(), "no ```" + tag + " block in embedding.md");
        return found;
    }

    /** The first backquoted text after {@code marker} in the prose. */
    private static List<String> quotedAfter(String marker) {
        int at = doc.indexOf(marker);
        assertTrue(at >= 0, marker);
        String line = doc.substring(at + marker.length(), doc.indexOf('\n', at));
        List<String> quoted = new ArrayList<>();
        Matcher m = Pattern.compile("`([^`]*)`").matcher(line);
        while (m.find()) {
            quoted.add(m.group(1));
        }
        return quoted;
    }

    @Test
    void theJavaProgramCompilesRunsAndPrintsWhatTheGuideSays(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("Embed.java");
        Files.writeString(source, blocks("java").get(0));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-classpath", classPath, "-d", dir.toString(), source.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("Embed").getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        assertEquals(blocks("text").get(0), out.toString(StandardCharsets.UTF_8));
    }

    private static Value kernel(Context context) {
        return context.eval(Source.newBuilder("wasm", blocks("wat").get(0), "invert.wat").mimeType("text/x-wat").buildLiteral());
    }

    @Test
    void theJavaScriptExampleYieldsWhatTheGuideSays() {
        try (Context context = Context.newBuilder("js", "wasm").build()) {
            context.getBindings("js").putMember("imageModule", kernel(context));
            Value result = context.eval(Source.create("js", blocks("js").get(0)));
            List<String> expected = quotedAfter("It yields ");
            assertEquals(expected.get(0), result.getArrayElement(0).asString());
            assertEquals(expected.get(1), result.getArrayElement(1).asString());
        }
    }

    @Test
    void thePythonExampleYieldsWhatTheGuideSays() {
        try (Context context = Context.newBuilder("python", "wasm").build()) {
            context.getBindings("python").putMember("image_module", kernel(context));
            context.eval(Source.create("python", blocks("python").get(0)));
            String expected = quotedAfter("`result` is ").get(0);
            assertEquals(expected, context.eval("python", "repr(result)").asString());
        }
    }
}
