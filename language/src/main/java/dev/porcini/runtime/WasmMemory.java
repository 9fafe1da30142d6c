package dev.porcini.runtime;

import com.oracle.truffle.api.interop.TruffleObject;

import dev.porcini.memory.LinearMemory;

/** A memory as a first-class value: what memory exports and imports pass around. */
public final class WasmMemory implements TruffleObject {
    private final LinearMemory memory;

    public WasmMemory(LinearMemory memory) {
        this.memory = memory;
    }

    public LinearMemory memory() {
        return memory;
    }
}
