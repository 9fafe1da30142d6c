package dev.porcini.module;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A function signature. Equal signatures are equal objects, so they can be interned. */
public record FuncType(ValType[] params, ValType[] results) {

    @Override
    public boolean equals(Object o) {
        return o instanceof FuncType t && Arrays.equals(params, t.params) && Arrays.equals(results, t.results);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(params) * 31 + Arrays.hashCode(results);
    }

    @Override
    public String toString() {
        return "[" + join(params) + "] -> [" + join(results) + "]";
    }

    private static String join(ValType[] types) {
        return Arrays.stream(types).map(ValType::toString).collect(Collectors.joining(" "));
    }
}
