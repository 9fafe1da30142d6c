package dev.porcini.text.wast;

import dev.porcini.error.WasmException;
import dev.porcini.module.ValType;
import dev.porcini.text.Cursor;
import dev.porcini.text.Literals;
import dev.porcini.text.SExpr;
import dev.porcini.text.SExpr.Atom;
import dev.porcini.text.SExpr.SList;
import dev.porcini.text.SExprReader;
import dev.porcini.text.Utf8;
import dev.porcini.text.V128Literals;
import dev.porcini.text.V128Literals.Shape;
import dev.porcini.text.Wat;
import dev.porcini.text.wast.WastCommand.ActionCommand;
import dev.porcini.text.wast.WastCommand.AssertExhaustion;
import dev.porcini.text.wast.WastCommand.AssertInvalid;
import dev.porcini.text.wast.WastCommand.AssertMalformed;
import dev.porcini.text.wast.WastCommand.AssertReturn;
import dev.porcini.text.wast.WastCommand.AssertTrap;
import dev.porcini.text.wast.WastCommand.AssertUninstantiable;
import dev.porcini.text.wast.WastCommand.AssertUnlinkable;
import dev.porcini.text.wast.WastCommand.ModuleCommand;
import dev.porcini.text.wast.WastCommand.ModuleDefinition;
import dev.porcini.text.wast.WastCommand.ModuleInstance;
import dev.porcini.text.wast.WastCommand.RegisterCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * The WAST script format of the spec testsuite: modules, actions and assertions. Parsing checks
 * the script's structure and its constants; text modules inside are encoded only on demand
 * ({@link WastModule#encode()}).
 */
public final class Wast {
    private Wast() {
    }

    /**
     * Parses a script.
     *
     * @param fileName used in error messages only
     * @throws WasmException of kind MALFORMED, with {@code file:line:column} in the message
     */
    public static WastScript parse(String text, String fileName) {
        List<WastCommand> commands = new ArrayList<>();
        try {
            List<SExpr> top = SExprReader.read(text);
            if (!top.isEmpty() && isModuleField(top.get(0))) {
                // A script may be just the fields of one module.
                SList first = (SList) top.get(0);
                List<SExpr> items = new ArrayList<>();
                items.add(new Atom(Atom.Kind.KEYWORD, "module", null, first.line(), first.column()));
                items.addAll(top);
                top = List.of(new SList(items, first.line(), first.column(), first.endLine(), first.endColumn()));
            }
            for (SExpr command : top) {
                commands.add(command(command));
            }
        } catch (WasmException e) {
            throw WasmException.malformed(fileName + ":" + e.getMessage());
        }
        return new WastScript(fileName, List.copyOf(commands));
    }

    private static boolean isModuleField(SExpr at) {
        return at instanceof SList l && l.head() != null && switch (l.head()) {
            case "type", "import", "func", "table", "memory", "global", "export", "start", "elem", "data" -> true;
            default -> false;
        };
    }

    private static WastCommand command(SExpr command) {
        if (!(command instanceof SList list) || list.head() == null) {
            throw Cursor.unexpected(command);
        }
        int line = list.line();
        switch (list.head()) {
            case "module" -> {
                return moduleCommand(list);
            }
            case "invoke", "get" -> {
                return new ActionCommand(line, action(list));
            }
            default -> {
            }
        }
        Cursor c = new Cursor(list, 1);
        WastCommand result = switch (list.head()) {
            case "register" -> new RegisterCommand(line, string(c), optionalId(c));
            case "assert_return" -> {
                WastAction action = action(c.next());
                List<WastExpected> expected = new ArrayList<>();
                while (!c.atEnd()) {
                    expected.add(expected(c.next()));
                }
                yield new AssertReturn(line, action, List.copyOf(expected));
            }
            case "assert_trap" -> {
                SExpr target = c.next();
                yield target.isList("module")
                                ? new AssertUninstantiable(line, module((SList) target), string(c))
                                : new AssertTrap(line, action(target), string(c));
            }
            case "assert_exhaustion" -> new AssertExhaustion(line, action(c.next()), string(c));
            case "assert_malformed" -> new AssertMalformed(line, module(c.nextList("module")), string(c));
            case "assert_invalid" -> new AssertInvalid(line, module(c.nextList("module")), string(c));
            case "assert_unlinkable" -> new AssertUnlinkable(line, module(c.nextList("module")), string(c));
            case "assert_uninstantiable" -> new AssertUninstantiable(line, module(c.nextList("module")), string(c));
            default -> throw list.items().get(0).error("unknown command " + list.head());
        };
        c.expectEnd();
        return result;
    }

    /** {@code (module ...)}, {@code (module definition ...)} or {@code (module instance ...)}. */
    private static WastCommand moduleCommand(SList list) {
        int line = list.line();
        Cursor c = new Cursor(list, 1);
        if (c.tryKeyword("instance")) {
            String instance = optionalId(c);
            String definition = optionalId(c);
            c.expectEnd();
            return new ModuleInstance(line, instance, definition);
        }
        if (c.tryKeyword("definition")) {
            String id = optionalId(c);
            return new ModuleDefinition(line, id, module(withoutWord(list, 1)));
        }
        return new ModuleCommand(line, optionalId(c), module(list));
    }

    /** The list without its element {@code index} (so {@code (module definition $m ...)} reads as a module). */
    private static SList withoutWord(SList list, int index) {
        List<SExpr> items = new ArrayList<>(list.items());
        items.remove(index);
        return new SList(items, list.line(), list.column(), list.endLine(), list.endColumn());
    }

    /** A module in any of its three forms; binary and quote strings are read now, text kept as is. */
    private static WastModule module(SList list) {
        Cursor c = new Cursor(list, 1);
        c.optionalId();
        if (c.tryKeyword("binary")) {
            return WastModule.binary(list.line(), Wat.concatenatedStrings(c));
        }
        if (c.tryKeyword("quote")) {
            return WastModule.quote(list.line(), Wat.quotedText(c));
        }
        return WastModule.text(list.line(), list);
    }

    private static String optionalId(Cursor c) {
        Atom id = c.optionalId();
        return id == null ? null : id.idName();
    }

    private static String string(Cursor c) {
        SExpr at = c.peek();
        byte[] bytes = c.nextString();
        return Utf8.decode(bytes, at);
    }

    private static WastAction action(SExpr at) {
        if (!(at instanceof SList list) || !(at.isList("invoke") || at.isList("get"))) {
            throw Cursor.unexpected(at);
        }
        Cursor c = new Cursor(list, 1);
        String module = optionalId(c);
        String name = string(c);
        if (list.head().equals("get")) {
            c.expectEnd();
            return new WastAction.Get(module, name);
        }
        List<WastValue> args = new ArrayList<>();
        while (!c.atEnd()) {
            args.add(constant(c.next()));
        }
        return new WastAction.Invoke(module, name, List.copyOf(args));
    }

    /** An argument constant: {@code (t.const x)}, {@code (ref.null t)} or {@code (ref.extern n)}. */
    private static WastValue constant(SExpr at) {
        SList list = constList(at);
        Cursor c = new Cursor(list, 1);
        WastValue value = switch (list.head()) {
            case "i32.const" -> WastValue.i32((int) Literals.integer(c.next(), 32));
            case "i64.const" -> WastValue.i64(Literals.integer(c.next(), 64));
            case "f32.const" -> WastValue.f32(Literals.f32(c.next()));
            case "f64.const" -> WastValue.f64(Literals.f64(c.next()));
            case "v128.const" -> new WastValue.V128(V128Literals.v128Const(c));
            case "ref.null" -> new WastValue.RefNull(heapType(c.next()));
            case "ref.extern", "ref.host" -> new WastValue.RefExtern(Literals.u32(c.next()));
            default -> throw Cursor.unexpected(list.items().get(0));
        };
        c.expectEnd();
        return value;
    }

    private static SList constList(SExpr at) {
        if (at instanceof SList list && list.head() != null) {
            return list;
        }
        throw Cursor.unexpected(at);
    }

    private static ValType heapType(SExpr at) {
        if (at.isKeyword("func")) {
            return ValType.FUNCREF;
        } else if (at.isKeyword("extern")) {
            return ValType.EXTERNREF;
        }
        throw Cursor.unexpected(at);
    }

    /** An expected result: a constant, a NaN pattern, a reference pattern or {@code (either ...)}. */
    private static WastExpected expected(SExpr at) {
        SList list = constList(at);
        Cursor c = new Cursor(list, 1);
        WastExpected result;
        switch (list.head()) {
            case "f32.const" -> result = floatPattern(c.next(), ValType.F32);
            case "f64.const" -> result = floatPattern(c.next(), ValType.F64);
            case "v128.const" -> result = v128Pattern(c);
            case "ref.func" -> result = new WastExpected.AnyRefFunc();
            case "ref.extern", "ref.null" -> {
                if (!c.atEnd()) {
                    return new WastExpected.Exact(constant(list));
                }
                result = list.head().equals("ref.null") ? new WastExpected.AnyRefNull() : new WastExpected.AnyRefExtern();
            }
            case "either" -> {
                List<WastExpected> alternatives = new ArrayList<>();
                while (!c.atEnd()) {
                    alternatives.add(expected(c.next()));
                }
                result = new WastExpected.Either(List.copyOf(alternatives));
            }
            default -> {
                return new WastExpected.Exact(constant(list));
            }
        }
        c.expectEnd();
        return result;
    }

    private static WastExpected floatPattern(SExpr at, ValType type) {
        if (at.isKeyword("nan:canonical")) {
            return new WastExpected.CanonicalNan(type);
        } else if (at.isKeyword("nan:arithmetic")) {
            return new WastExpected.ArithmeticNan(type);
        }
        return new WastExpected.Exact(type == ValType.F32 ? WastValue.f32(Literals.f32(at)) : WastValue.f64(Literals.f64(at)));
    }

    /**
     * {@code v128.const shape lane*}. Float lanes may be NaN patterns; only then is the result a
     * {@link WastExpected.V128Lanes}, else an exact v128.
     */
    private static WastExpected v128Pattern(Cursor c) {
        Shape shape = V128Literals.shape(c);
        byte[] bytes = new byte[16];
        List<WastExpected> lanes = new ArrayList<>();
        boolean hasNanPattern = false;
        for (int lane = 0; lane < shape.lanes; lane++) {
            SExpr at = V128Literals.nextLane(c, shape);
            if (shape.isFloat && (at.isKeyword("nan:canonical") || at.isKeyword("nan:arithmetic"))) {
                hasNanPattern = true;
                lanes.add(floatPattern(at, shape == Shape.F32X4 ? ValType.F32 : ValType.F64));
            } else {
                long bits = V128Literals.laneBits(shape, at);
                V128Literals.putLane(bytes, shape, lane, bits);
                lanes.add(new WastExpected.Exact(new WastValue.Num(shape == Shape.F32X4 ? ValType.F32 : ValType.F64, bits)));
            }
        }
        return hasNanPattern ? new WastExpected.V128Lanes(shape, List.copyOf(lanes))
                        : new WastExpected.Exact(new WastValue.V128(bytes));
    }
}
