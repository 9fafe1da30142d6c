package dev.porcini.module;

/** A global defined by the module. */
public record Global(GlobalType type, ConstExpr init) {
}
