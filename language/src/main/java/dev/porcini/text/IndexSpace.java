package dev.porcini.text;

import dev.porcini.text.SExpr.Atom;
import java.util.HashMap;
import java.util.Map;

/** One of the module's index spaces (functions, tables, ...): how many entries, and their identifiers. */
final class IndexSpace {
    private final String kind;
    private final Map<String, Integer> ids = new HashMap<>();
    private int count;

    IndexSpace(String kind) {
        this.kind = kind;
    }

    /** Adds an entry, named by {@code id} unless it is null, and returns its index. */
    int define(Atom id) {
        if (id != null && ids.putIfAbsent(id.idName(), count) != null) {
            throw id.error("duplicate " + kind + " " + id.text());
        }
        return count++;
    }

    int count() {
        return count;
    }

    /**
     * The index a reference names: an identifier of this space or a number. Numbers are not
     * range-checked here; an index that does not exist is a validation error, not a text one.
     */
    long resolve(SExpr ref) {
        if (ref instanceof Atom a && a.kind() == Atom.Kind.ID) {
            Integer index = ids.get(a.idName());
            if (index == null) {
                throw a.error("unknown " + kind + " " + a.text());
            }
            return index;
        }
        return Literals.u32(ref);
    }
}
