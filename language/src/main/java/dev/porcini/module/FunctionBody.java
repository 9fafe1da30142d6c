package dev.porcini.module;

/**
 * The code of a defined function: its declared locals (params excluded, runs expanded) and the
 * position of its instructions in the module's bytes. {@code codeStart} is the first instruction,
 * {@code codeEnd} is one past the final {@code end}. Offsets are absolute in {@link WasmModule#bytes()},
 * so error messages can name the byte offset.
 */
public record FunctionBody(ValType[] locals, int codeStart, int codeEnd) {
}
