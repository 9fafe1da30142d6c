package dev.porcini.module;

/** A table's element type and limits. */
public record TableType(ValType elementType, Limits limits) {
}
