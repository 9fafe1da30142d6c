package dev.porcini.error;

/** The kinds of failure the WebAssembly spec distinguishes, plus the host-level ones. */
public enum ErrorKind {
    /** The binary or text could not be decoded ("unexpected end", "integer too large", ...). */
    MALFORMED,
    /** The module decoded but failed validation ("type mismatch", "unknown local", ...). */
    INVALID,
    /** An import could not be resolved or has the wrong type ("unknown import", "incompatible import type"). */
    UNLINKABLE,
    /** Instantiation failed while initializing segments or running the start function. */
    UNINSTANTIABLE,
    /** A runtime trap ("integer divide by zero", "out of bounds memory access", ...). */
    TRAP,
    /** Resource exhaustion: "call stack exhausted". */
    EXHAUSTION,
    /** The guest asked to exit (WASI proc_exit). */
    EXIT
}
