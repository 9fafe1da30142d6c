package dev.porcini.module;

/**
 * An element segment. {@code tableIndex} and {@code offset} are meaningful only for active segments.
 * Every item is a constant expression; function-index encodings are turned into {@code ref.func}.
 */
public record ElementSegment(SegmentMode mode, ValType elementType, int tableIndex, ConstExpr offset, ConstExpr[] items) {
}
