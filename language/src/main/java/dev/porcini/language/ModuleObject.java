package dev.porcini.language;

import java.util.Map;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.interop.ArityException;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.TruffleObject;
import com.oracle.truffle.api.interop.UnknownIdentifierException;
import com.oracle.truffle.api.interop.UnsupportedMessageException;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;

import dev.porcini.runtime.InteropArray;

import com.oracle.truffle.api.interop.UnknownKeyException;
import com.oracle.truffle.api.interop.UnsupportedTypeException;

import dev.porcini.module.FuncType;
import dev.porcini.module.GlobalType;
import dev.porcini.module.Import;
import dev.porcini.runtime.ImportResolver;
import dev.porcini.runtime.InteropConversions;
import dev.porcini.runtime.WasmFunction;
import dev.porcini.runtime.WasmGlobal;
import dev.porcini.runtime.Instantiator;
import dev.porcini.runtime.ModuleCode;

/** What evaluating a module source returns: a compiled module with a {@code newInstance([imports])} member. */
@ExportLibrary(InteropLibrary.class)
public final class ModuleObject implements TruffleObject {
    private static final String NEW_INSTANCE = "newInstance";

    private final ModuleCode code;

    public ModuleObject(ModuleCode code) {
        this.code = code;
    }

    public ModuleCode code() {
        return code;
    }

    @ExportMessage
    boolean hasMembers() {
        return true;
    }

    @ExportMessage
    Object getMembers(@SuppressWarnings("unused") boolean includeInternal) {
        return new InteropArray(new String[]{NEW_INSTANCE});
    }

    @ExportMessage
    boolean isMemberInvocable(String member) {
        return NEW_INSTANCE.equals(member);
    }

    @ExportMessage
    @TruffleBoundary
    Object invokeMember(String member, Object[] arguments) throws UnknownIdentifierException, ArityException, UnsupportedTypeException {
        if (!NEW_INSTANCE.equals(member)) {
            throw UnknownIdentifierException.create(member);
        }
        if (arguments.length > 1) {
            throw ArityException.create(0, 1, arguments.length);
        }
        WasmContext context = WasmContext.get(null);
        ImportResolver given = arguments.length == 0 ? ImportResolver.NONE : importObject(context.language(), arguments[0]);
        // The import object wins; host modules (such as WASI) supply what it leaves out.
        ImportResolver imports = new ImportResolver() {
            @Override
            public Object resolve(String module, String name) {
                Map<String, Object> host = context.hostModule(module);
                return host == null ? null : host.get(name);
            }

            @Override
            public Object resolve(Import imp) {
                Object value = given.resolve(imp);
                return value != null ? value : resolve(imp.module(), imp.name());
            }
        };
        return new InstanceObject(Instantiator.instantiate(code, imports, context.maxMemoryPages()));
    }

    /**
     * Reads imports from an object of objects, {@code imports[module][name]}: members (JavaScript
     * objects, {@code ProxyObject}) or hash entries (Python dicts, Java maps with map access).
     * Host values are adapted to the import's declared type: executables become functions of the
     * declared signature, plain numbers immutable globals.
     */
    private ImportResolver importObject(WasmLanguage language, Object imports) throws UnsupportedTypeException {
        InteropLibrary interop = InteropLibrary.getUncached();
        if (interop.isNull(imports)) {
            return ImportResolver.NONE;
        }
        if (!interop.hasMembers(imports) && !interop.hasHashEntries(imports)) {
            throw UnsupportedTypeException.create(new Object[]{imports}, "the import object must be an object or map of modules, got "
                            + ToWasmNode.describe(imports));
        }
        return new ImportResolver() {
            @Override
            public Object resolve(String module, String name) {
                Object namespace = entry(imports, module);
                return namespace == null || interop.isNull(namespace) ? null : entry(namespace, name);
            }

            @Override
            public Object resolve(Import imp) {
                Object value = resolve(imp.module(), imp.name());
                return value == null ? null : adapt(language, imp, value);
            }
        };
    }

    private static Object entry(Object object, String key) {
        InteropLibrary interop = InteropLibrary.getUncached();
        try {
            if (interop.hasHashEntries(object) && interop.isHashEntryReadable(object, key)) {
                return interop.readHashValue(object, key);
            }
            if (interop.isMemberReadable(object, key)) {
                return interop.readMember(object, key);
            }
        } catch (UnsupportedMessageException | UnknownIdentifierException | UnknownKeyException e) {
            // absent
        }
        return null;
    }

    private Object adapt(WasmLanguage language, Import imp, Object value) {
        InteropLibrary interop = InteropLibrary.getUncached();
        String name = imp.module() + "." + imp.name();
        switch (imp.kind()) {
            case FUNC -> {
                if (!(value instanceof WasmFunction) && interop.isExecutable(value)) {
                    FuncType type = code.module().types()[imp.typeIndex()];
                    return language.hostCallable(type, name, value);
                }
            }
            case GLOBAL -> {
                GlobalType type = imp.global();
                if (!(value instanceof WasmGlobal) && !type.mutable() && !type.type().isReference()
                                && interop.isNumber(value)) {
                    try {
                        WasmGlobal global = new WasmGlobal(type);
                        global.setValue(InteropConversions.toWasm(type.type(), value, new Object[]{value}));
                        return global;
                    } catch (UnsupportedTypeException e) {
                        return value; // linking reports the mismatch
                    }
                }
            }
            default -> {
            }
        }
        return value;
    }

    @Override
    public String toString() {
        return "wasm module";
    }
}
