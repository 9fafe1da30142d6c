package dev.porcini.module;

/** A custom section: its name and the absolute position of its payload in the module bytes. */
public record CustomSection(String name, int start, int end) {
}
