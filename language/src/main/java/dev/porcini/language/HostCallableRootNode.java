package dev.porcini.language;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.interop.ArityException;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.UnsupportedMessageException;
import com.oracle.truffle.api.interop.UnsupportedTypeException;
import com.oracle.truffle.api.nodes.ExplodeLoop;
import com.oracle.truffle.api.nodes.RootNode;

import dev.porcini.error.WasmException;
import dev.porcini.module.FuncType;

/**
 * Calls a host executable (a Java {@code ProxyExecutable}, a JavaScript function, a Python callable)
 * imported as a Wasm function of a declared type. There is no boundary here: the interop call and
 * the result conversion partially evaluate into the Wasm caller, so known types need no boxing
 * once Graal inlines the call. Host exceptions pass through unchanged.
 */
final class HostCallableRootNode extends RootNode {
    private final Object callable;
    private final FuncType type;
    private final String name;
    @Child private InteropLibrary interop;
    @Children private final ToWasmNode[] results;
    @Child private InteropLibrary tuples;

    HostCallableRootNode(WasmLanguage language, Object callable, FuncType type, String name) {
        super(language);
        this.callable = callable;
        this.type = type;
        this.name = name;
        this.interop = InteropLibrary.getFactory().create(callable);
        this.results = new ToWasmNode[type.results().length];
        for (int i = 0; i < results.length; i++) {
            results[i] = new ToWasmNode(type.results()[i], name);
        }
        if (results.length > 1) {
            tuples = InteropLibrary.getFactory().createDispatched(2);
        }
    }

    @Override
    public Object execute(VirtualFrame frame) {
        Object[] args = frame.getArguments();
        Object[] hostArgs = copyArguments(args);
        Object result;
        try {
            result = interop.execute(callable, hostArgs);
        } catch (UnsupportedMessageException | ArityException | UnsupportedTypeException e) {
            CompilerDirectives.transferToInterpreter();
            throw WasmException.trap("host function " + name + " " + type + " cannot be called: " + e.getMessage(), null);
        }
        return convertResults(result);
    }

    @ExplodeLoop
    private Object[] copyArguments(Object[] args) {
        // Argument 0 is the calling instance; hosts see only the Wasm values.
        int n = type.params().length;
        Object[] hostArgs = new Object[n];
        for (int i = 0; i < n; i++) {
            hostArgs[i] = args[i + 1];
        }
        return hostArgs;
    }

    @ExplodeLoop
    private Object convertResults(Object result) {
        if (results.length == 0) {
            return null;
        }
        if (results.length == 1) {
            return results[0].execute(result);
        }
        try {
            if (!tuples.hasArrayElements(result) || tuples.getArraySize(result) != results.length) {
                CompilerDirectives.transferToInterpreter();
                throw WasmException.trap("host function " + name + " returned " + ToWasmNode.describe(result) + ", expected an array of "
                                + results.length + " values " + type, null);
            }
            Object[] values = new Object[results.length];
            for (int i = 0; i < results.length; i++) {
                values[i] = results[i].execute(tuples.readArrayElement(result, i));
            }
            return values;
        } catch (UnsupportedMessageException | com.oracle.truffle.api.interop.InvalidArrayIndexException e) {
            CompilerDirectives.transferToInterpreter();
            throw WasmException.trap("host function " + name + " returned an unreadable array: " + e.getMessage(), null);
        }
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String toString() {
        return "host " + name;
    }
}
