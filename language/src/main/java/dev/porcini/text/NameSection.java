package dev.porcini.text;

import dev.porcini.text.SExpr.Atom;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Collects identifiers of functions and locals for the {@code name} custom section. */
final class NameSection {
    private final Map<Integer, byte[]> functions = new TreeMap<>();
    private final Map<Integer, Map<Integer, byte[]>> locals = new TreeMap<>();

    /** Records {@code id} (if not null) as the name of function {@code index}. */
    void function(int index, Atom id) {
        if (id != null) {
            functions.put(index, bytes(id));
        }
    }

    /** Records {@code id} (if not null) as the name of local {@code local} of function {@code function}. */
    void local(int function, int local, Atom id) {
        if (id != null) {
            locals.computeIfAbsent(function, f -> new TreeMap<>()).put(local, bytes(id));
        }
    }

    private static byte[] bytes(Atom id) {
        return id.idName().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the section (module name, function names, local names; each only if any), unless it is empty. */
    void writeTo(ByteWriter out, Atom moduleId) {
        ByteWriter content = new ByteWriter();
        if (moduleId != null) {
            content.section(0, new ByteWriter().vec(bytes(moduleId)));
        }
        if (!functions.isEmpty()) {
            content.section(1, nameMap(functions));
        }
        if (!locals.isEmpty()) {
            ByteWriter entries = new ByteWriter();
            locals.forEach((function, names) -> entries.u32(function).append(nameMap(names)));
            content.section(2, new ByteWriter().vec(locals.size(), entries));
        }
        if (content.size() > 0) {
            out.section(0, new ByteWriter().vec("name".getBytes(StandardCharsets.UTF_8)).append(content));
        }
    }

    private static ByteWriter nameMap(Map<Integer, byte[]> names) {
        ByteWriter entries = new ByteWriter();
        names.forEach((index, name) -> entries.u32(index).vec(name));
        return new ByteWriter().vec(names.size(), entries);
    }
}
