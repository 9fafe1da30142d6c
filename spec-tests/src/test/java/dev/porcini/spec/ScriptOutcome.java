package dev.porcini.spec;

import java.util.List;

/**
 * What running one script produced: command counts and failure lines from the engine's result,
 * or an {@code error} when the script could not run at all (it threw, or timed out).
 */
record ScriptOutcome(int passed, int failed, int skipped, List<String> failures, String error, long millis) {
    /** Fully passing: it ran, nothing failed, nothing was skipped, and something was checked. */
    boolean clean() {
        return error == null && failed == 0 && skipped == 0 && passed > 0;
    }

    String summary() {
        if (error != null) {
            return "error: " + error;
        }
        return passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "");
    }

    /** The summary and the failure lines, at most {@code limit} of them. */
    String report(int limit) {
        StringBuilder report = new StringBuilder(summary());
        if (error == null && failed == 0 && skipped > 0) {
            report.append(" (skipped commands are not passes)");
        }
        if (error == null && passed == 0 && failed == 0 && skipped == 0) {
            report.append(" (the script checked nothing)");
        }
        for (int i = 0; i < Math.min(limit, failures.size()); i++) {
            report.append("\n    ").append(failures.get(i));
        }
        if (failures.size() > limit) {
            report.append("\n    ... and ").append(failures.size() - limit).append(" more");
        }
        return report.toString();
    }
}
