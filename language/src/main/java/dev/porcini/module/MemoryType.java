package dev.porcini.module;

/** A memory's limits in pages, and whether it is shared (threads). */
public record MemoryType(Limits limits, boolean shared) {
}
