package dev.porcini.module;

/** What an import or export refers to, with its binary code. */
public enum ExternKind {
    FUNC(0, "func"),
    TABLE(1, "table"),
    MEMORY(2, "memory"),
    GLOBAL(3, "global");

    public final int code;
    public final String text;

    ExternKind(int code, String text) {
        this.code = code;
        this.text = text;
    }
}
