package dev.porcini.module;

/** How an element or data segment is used. */
public enum SegmentMode {
    ACTIVE,
    PASSIVE,
    DECLARATIVE
}
