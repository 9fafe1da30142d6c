package dev.porcini.text.wast;

import java.util.List;

/**
 * One command of a WAST script. Every command carries the line of its opening parenthesis.
 * Module identifiers are given without the {@code $}; a null module id means the latest module.
 */
public sealed interface WastCommand {

    int line();

    /** {@code (module $id? ...)}: instantiate a module (binary, text or quote) and make it the latest. */
    record ModuleCommand(int line, String id, WastModule module) implements WastCommand {
    }

    /** {@code (module definition $id? ...)} (WebAssembly 3.0 scripts): a module to instantiate later. */
    record ModuleDefinition(int line, String id, WastModule module) implements WastCommand {
    }

    /** {@code (module instance $instance? $definition?)} (WebAssembly 3.0 scripts). */
    record ModuleInstance(int line, String instanceId, String definitionId) implements WastCommand {
    }

    /** {@code (register "name" $id?)}: make a module's exports importable under {@code name}. */
    record RegisterCommand(int line, String name, String moduleId) implements WastCommand {
    }

    /** A bare {@code (invoke ...)} or {@code (get ...)}: perform it, ignoring the results. */
    record ActionCommand(int line, WastAction action) implements WastCommand {
    }

    /** The action must return results matching {@code expected}, one per result. */
    record AssertReturn(int line, WastAction action, List<WastExpected> expected) implements WastCommand {
    }

    /** The action must trap with a message starting with {@code message}. */
    record AssertTrap(int line, WastAction action, String message) implements WastCommand {
    }

    /** The action must exhaust resources (call stack exhausted). */
    record AssertExhaustion(int line, WastAction action, String message) implements WastCommand {
    }

    /** Encoding or decoding the module must fail: MALFORMED. */
    record AssertMalformed(int line, WastModule module, String message) implements WastCommand {
    }

    /** The module must fail validation: INVALID. */
    record AssertInvalid(int line, WastModule module, String message) implements WastCommand {
    }

    /** Instantiating the module must fail to link its imports: UNLINKABLE. */
    record AssertUnlinkable(int line, WastModule module, String message) implements WastCommand {
    }

    /**
     * Instantiating the module must fail while initializing it (a trap in a segment or the start
     * function). Written {@code (assert_trap (module ...) "msg")} in the spec scripts, or
     * {@code (assert_uninstantiable ...)} in older ones.
     */
    record AssertUninstantiable(int line, WastModule module, String message) implements WastCommand {
    }
}
