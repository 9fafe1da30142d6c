package dev.porcini.module;

/** A data segment. {@code memoryIndex} and {@code offset} are meaningful only for active segments. */
public record DataSegment(SegmentMode mode, int memoryIndex, ConstExpr offset, byte[] bytes) {
}
