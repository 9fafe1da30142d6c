package dev.porcini.text.wast;

import java.util.List;

/** A parsed WAST script: its commands in source order. */
public record WastScript(String fileName, List<WastCommand> commands) {
}
