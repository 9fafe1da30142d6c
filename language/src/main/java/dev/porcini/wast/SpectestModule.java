package dev.porcini.wast;

import java.util.HashMap;
import java.util.Map;

import dev.porcini.language.WasmLanguage;
import dev.porcini.module.FuncType;
import dev.porcini.module.GlobalType;
import dev.porcini.module.Limits;
import dev.porcini.module.MemoryType;
import dev.porcini.module.TableType;
import dev.porcini.module.ValType;
import dev.porcini.runtime.Instantiator;
import dev.porcini.runtime.WasmGlobal;
import dev.porcini.runtime.WasmMemory;
import dev.porcini.runtime.WasmNull;
import dev.porcini.runtime.WasmTable;

/** The {@code spectest} host module that the official scripts import from. */
final class SpectestModule {
    private SpectestModule() {
    }

    static Map<String, Object> create(WasmLanguage language) {
        Map<String, Object> exports = new HashMap<>();
        printFunction(language, exports, "print");
        printFunction(language, exports, "print_i32", ValType.I32);
        printFunction(language, exports, "print_i64", ValType.I64);
        printFunction(language, exports, "print_f32", ValType.F32);
        printFunction(language, exports, "print_f64", ValType.F64);
        printFunction(language, exports, "print_i32_f32", ValType.I32, ValType.F32);
        printFunction(language, exports, "print_f64_f64", ValType.F64, ValType.F64);
        global(exports, "global_i32", ValType.I32, 666);
        global(exports, "global_i64", ValType.I64, 666L);
        global(exports, "global_f32", ValType.F32, 666.6f);
        global(exports, "global_f64", ValType.F64, 666.6);
        exports.put("table", new WasmTable(new TableType(ValType.FUNCREF, new Limits(10, 20)), WasmNull.INSTANCE));
        MemoryType memory = new MemoryType(new Limits(1, 2), false);
        exports.put("memory", new WasmMemory(Instantiator.allocateMemory(memory)));
        return exports;
    }

    /** The print functions accept their arguments and do nothing: scripts only link against them. */
    private static void printFunction(WasmLanguage language, Map<String, Object> exports, String name, ValType... params) {
        exports.put(name, language.hostFunction(new FuncType(params, new ValType[0]), "spectest." + name, (caller, args) -> null));
    }

    private static void global(Map<String, Object> exports, String name, ValType type, Object value) {
        WasmGlobal global = new WasmGlobal(new GlobalType(type, false));
        global.setValue(value);
        exports.put(name, global);
    }
}
