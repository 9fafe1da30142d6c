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

import dev.porcini.runtime.ImportResolver;
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
    Object invokeMember(String member, Object[] arguments) throws UnknownIdentifierException, ArityException {
        if (!NEW_INSTANCE.equals(member)) {
            throw UnknownIdentifierException.create(member);
        }
        if (arguments.length > 1) {
            throw ArityException.create(0, 1, arguments.length);
        }
        ImportResolver given = arguments.length == 0 ? ImportResolver.NONE : importObject(arguments[0]);
        WasmContext context = WasmContext.get(null);
        // The import object wins; host modules (such as WASI) supply what it leaves out.
        ImportResolver imports = (module, name) -> {
            Object value = given.resolve(module, name);
            if (value == null) {
                Map<String, Object> host = context.hostModule(module);
                value = host == null ? null : host.get(name);
            }
            return value;
        };
        return new InstanceObject(Instantiator.instantiate(code, imports));
    }

    /** Reads imports from an interop object of objects: {@code imports[module][name]}. */
    private static ImportResolver importObject(Object imports) {
        InteropLibrary interop = InteropLibrary.getUncached();
        return (module, name) -> {
            try {
                if (!interop.isMemberReadable(imports, module)) {
                    return null;
                }
                Object namespace = interop.readMember(imports, module);
                if (!interop.isMemberReadable(namespace, name)) {
                    return null;
                }
                Object value = interop.readMember(namespace, name);
                return value;
            } catch (UnsupportedMessageException | UnknownIdentifierException e) {
                return null;
            }
        };
    }

    @Override
    public String toString() {
        return "wasm module";
    }
}
