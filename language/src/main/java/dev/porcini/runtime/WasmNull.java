package dev.porcini.runtime;

import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.TruffleObject;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;

/** The null reference, for funcref and externref alike. Distinct from Java null so it can be an interop value. */
@ExportLibrary(InteropLibrary.class)
public final class WasmNull implements TruffleObject {
    public static final WasmNull INSTANCE = new WasmNull();

    private WasmNull() {
    }

    @ExportMessage
    boolean isNull() {
        return true;
    }

    @Override
    public String toString() {
        return "null";
    }
}
