package dev.porcini.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 checks for names and quoted module text. */
public final class Utf8 {
    private Utf8() {
    }

    /** Decodes {@code bytes}, reporting invalid UTF-8 (overlong forms, surrogates, ...) at {@code where}. */
    public static String decode(byte[] bytes, SExpr where) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
        } catch (CharacterCodingException e) {
            throw where.error("malformed UTF-8 encoding");
        }
    }
}
