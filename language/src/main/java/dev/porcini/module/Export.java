package dev.porcini.module;

/** One export: a name and an index into the index space of its kind. */
public record Export(String name, ExternKind kind, int index) {
}
