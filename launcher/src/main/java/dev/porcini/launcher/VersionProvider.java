package dev.porcini.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.graalvm.polyglot.Engine;

import picocli.CommandLine.IVersionProvider;

/** {@code porcini --version}: the release, the JVM, and whether the Graal JIT is active. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String runtime;
        try (Engine engine = Engine.create()) {
            String name = engine.getImplementationName();
            runtime = "Interpreted".equals(name) ? name + " (the Graal JIT is not active)" : name;
        } catch (RuntimeException e) {
            runtime = "unavailable (" + Errors.oneLine(e.getMessage()) + ")";
        }
        return new String[]{
                        "porcini " + version(),
                        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                        "Truffle runtime: " + runtime,
        };
    }

    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
