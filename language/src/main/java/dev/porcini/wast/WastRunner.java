package dev.porcini.wast;

import com.oracle.truffle.api.source.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.porcini.error.ErrorKind;
import dev.porcini.error.WasmException;
import dev.porcini.language.WasmLanguage;
import dev.porcini.module.ValType;
import dev.porcini.runtime.Instantiator;
import dev.porcini.runtime.ModuleCode;
import dev.porcini.runtime.WasmFunction;
import dev.porcini.runtime.WasmGlobal;
import dev.porcini.runtime.WasmInstance;
import dev.porcini.text.wast.Wast;
import dev.porcini.text.wast.WastAction;
import dev.porcini.text.wast.WastCommand;
import dev.porcini.text.wast.WastExpected;
import dev.porcini.text.wast.WastModule;
import dev.porcini.text.wast.WastScript;
import dev.porcini.text.wast.WastValue;

/**
 * Runs the commands of a WAST script against the engine and counts them. Each command passes or
 * fails on its own; a failure is recorded with its line and the script goes on.
 */
final class WastRunner {
    private final WasmLanguage language;
    private final Map<String, Map<String, Object>> registered = new HashMap<>();
    private final Map<String, WasmInstance> named = new HashMap<>();
    private final Map<String, ModuleCode> definitions = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private WasmInstance current;
    private int passed;
    private int failed;
    private int skipped;

    /** The script's source: the modules it defines report their code as part of it. */
    private final Source source;

    WastRunner(WasmLanguage language, Source source) {
        this.language = language;
        this.source = source;
        registered.put("spectest", SpectestModule.create(language));
    }

    WastResult result() {
        return new WastResult(passed, failed, skipped, failures);
    }

    void run(String text, String fileName) {
        WastScript script;
        try {
            script = Wast.parse(text, fileName);
        } catch (WasmException e) {
            fail(0, "script does not parse: " + e.getMessage());
            return;
        }
        for (WastCommand command : script.commands()) {
            try {
                execute(command);
                passed++;
            } catch (CommandFailure e) {
                fail(command.line(), e.getMessage());
            } catch (WasmException e) {
                fail(command.line(), "unexpected " + e.kind().name().toLowerCase() + " error: " + e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                fail(command.line(), "internal error: " + e);
            }
        }
    }

    private void fail(int line, String message) {
        failed++;
        failures.add("line " + line + ": " + message);
    }

    private void execute(WastCommand command) {
        switch (command) {
            case WastCommand.ModuleCommand c -> {
                WasmInstance instance = instantiate(c.module());
                current = instance;
                if (c.id() != null) {
                    named.put(c.id(), instance);
                }
            }
            case WastCommand.RegisterCommand c -> registered.put(c.name(), instance(c.moduleId()).exports());
            case WastCommand.ActionCommand c -> perform(c.action());
            case WastCommand.AssertReturn c -> checkResults(perform(c.action()), c.expected());
            case WastCommand.ModuleDefinition c -> {
                ModuleCode code = compile(c.module());
                if (c.id() != null) {
                    definitions.put(c.id(), code);
                }
            }
            case WastCommand.ModuleInstance c -> {
                ModuleCode code = definitions.get(c.definitionId());
                if (code == null) {
                    throw new CommandFailure("unknown module definition " + c.definitionId());
                }
                WasmInstance instance = instantiate(code);
                current = instance;
                if (c.instanceId() != null) {
                    named.put(c.instanceId(), instance);
                }
            }
            case WastCommand.AssertTrap c -> expectFailure(() -> perform(c.action()), c.message(), ErrorKind.TRAP);
            case WastCommand.AssertExhaustion c -> expectFailure(() -> perform(c.action()), c.message(), ErrorKind.EXHAUSTION);
            case WastCommand.AssertMalformed c -> expectFailure(() -> compile(c.module()), c.message(), ErrorKind.MALFORMED);
            case WastCommand.AssertInvalid c -> expectFailure(() -> compile(c.module()), c.message(), ErrorKind.INVALID);
            case WastCommand.AssertUnlinkable c -> expectFailure(() -> instantiate(c.module()), c.message(), ErrorKind.UNLINKABLE);
            case WastCommand.AssertUninstantiable c -> expectFailure(() -> instantiate(c.module()), c.message(), ErrorKind.TRAP,
                            ErrorKind.UNINSTANTIABLE);
        }
    }

    private ModuleCode compile(WastModule module) {
        return language.compile(module.encode(), source);
    }

    private WasmInstance instantiate(WastModule module) {
        return instantiate(compile(module));
    }

    private WasmInstance instantiate(ModuleCode code) {
        return Instantiator.instantiate(code, (moduleName, name) -> {
            Map<String, Object> exports = registered.get(moduleName);
            return exports == null ? null : exports.get(name);
        });
    }

    private WasmInstance instance(String id) {
        WasmInstance instance = id == null ? current : named.get(id);
        if (instance == null) {
            throw new CommandFailure(id == null ? "no module instantiated yet" : "unknown module " + id);
        }
        return instance;
    }

    /** Runs an action and returns its results as script values. */
    private WastValue[] perform(WastAction action) {
        WasmInstance instance = instance(action.moduleId());
        Object export = instance.exports().get(action.name());
        switch (action) {
            case WastAction.Invoke invoke -> {
                if (!(export instanceof WasmFunction function)) {
                    throw new CommandFailure("no exported function " + action.name());
                }
                List<WastValue> args = invoke.args();
                Object[] callArgs = new Object[args.size() + 1];
                callArgs[0] = function.instance();
                for (int i = 0; i < args.size(); i++) {
                    callArgs[i + 1] = ValueConversion.toWasm(args.get(i));
                }
                Object result = function.target().call(callArgs);
                ValType[] types = function.type().results();
                Object[] values = types.length == 1 ? new Object[]{result} : types.length == 0 ? new Object[0] : (Object[]) result;
                WastValue[] results = new WastValue[types.length];
                for (int i = 0; i < types.length; i++) {
                    results[i] = ValueConversion.toWast(types[i], values[i]);
                }
                return results;
            }
            case WastAction.Get get -> {
                if (!(export instanceof WasmGlobal global)) {
                    throw new CommandFailure("no exported global " + action.name());
                }
                return new WastValue[]{ValueConversion.toWast(global.valueType(), global.value())};
            }
        }
    }

    private static void checkResults(WastValue[] actual, List<WastExpected> expected) {
        if (actual.length != expected.size()) {
            throw new CommandFailure("expected " + expected.size() + " results, got " + actual.length);
        }
        for (int i = 0; i < actual.length; i++) {
            if (!expected.get(i).matches(actual[i])) {
                throw new CommandFailure("result " + i + ": expected " + expected.get(i) + ", got " + actual[i]);
            }
        }
    }

    /** Runs {@code body}, which must fail with one of the kinds and a message starting with the expected text. */
    private static void expectFailure(Runnable body, String message, ErrorKind... kinds) {
        try {
            body.run();
        } catch (WasmException e) {
            for (ErrorKind kind : kinds) {
                if (e.kind() == kind) {
                    if (!withoutPosition(e.getMessage()).startsWith(message)) {
                        throw new CommandFailure("expected " + kind.name().toLowerCase() + " \"" + message + "\", got \""
                                        + e.getMessage() + "\"");
                    }
                    return;
                }
            }
            throw new CommandFailure("expected " + kinds[0].name().toLowerCase() + " \"" + message + "\", got "
                            + e.kind().name().toLowerCase() + " \"" + e.getMessage() + "\"");
        }
        throw new CommandFailure("expected " + kinds[0].name().toLowerCase() + " \"" + message + "\", but it succeeded");
    }

    /** The message without the text parser's leading "line:column: ", so it can be compared with the spec's. */
    private static String withoutPosition(String message) {
        return message.replaceFirst("^\\d+:\\d+: ", "");
    }

    /** A command whose outcome differs from what the script expects. */
    private static final class CommandFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailure(String message) {
            super(message, null, false, false);
        }
    }

}
