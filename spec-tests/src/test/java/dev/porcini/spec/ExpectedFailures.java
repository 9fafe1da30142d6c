package dev.porcini.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checked-in list of scripts known to fail ({@code expected-failures.txt}): one
 * {@code PATH REASON} entry per line, paths relative to the suite root, {@code #} comments.
 */
record ExpectedFailures(Map<String, String> reasons, List<String> problems) {
    static final String RESOURCE = "/expected-failures.txt";

    static ExpectedFailures load() {
        try (InputStream in = ExpectedFailures.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the test class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    static ExpectedFailures parse(String text) {
        Map<String, String> reasons = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int number = 0;
        for (String line : text.lines().toList()) {
            number++;
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            String[] parts = entry.split("\\s+", 2);
            if (parts.length < 2) {
                problems.add("line " + number + ": '" + parts[0] + "' has no reason");
                continue;
            }
            if (reasons.putIfAbsent(parts[0], parts[1]) != null) {
                problems.add("line " + number + ": '" + parts[0] + "' is listed twice");
            }
        }
        return new ExpectedFailures(Map.copyOf(reasons), List.copyOf(problems));
    }

    /** Why {@code path} is expected to fail, or null if it must pass. */
    String reason(String path) {
        return reasons.get(path);
    }
}
