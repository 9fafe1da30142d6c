package dev.porcini.binary;

import dev.porcini.error.WasmException;

import java.nio.charset.StandardCharsets;

/** Strict UTF-8 checking for names: no overlong forms, no surrogates, nothing above U+10FFFF. */
final class Utf8 {
    private Utf8() {
    }

    static String decode(byte[] bytes, int start, int length) {
        if (!isValid(bytes, start, length)) {
            throw WasmException.malformed("malformed UTF-8 encoding");
        }
        // The JDK decoder would silently replace bad sequences, so it only runs after the check.
        return new String(bytes, start, length, StandardCharsets.UTF_8);
    }

    static boolean isValid(byte[] bytes, int start, int length) {
        int i = start;
        int end = start + length;
        while (i < end) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int extra;
            // The allowed range of the second byte narrows for the first byte values that would
            // otherwise admit overlong forms, surrogates or code points past U+10FFFF.
            int lo = 0x80;
            int hi = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                extra = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                extra = 2;
                if (b == 0xE0) {
                    lo = 0xA0;
                } else if (b == 0xED) {
                    hi = 0x9F;
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                extra = 3;
                if (b == 0xF0) {
                    lo = 0x90;
                } else if (b == 0xF4) {
                    hi = 0x8F;
                }
            } else {
                return false;
            }
            if (end - i <= extra) {
                return false;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k <= extra; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += extra + 1;
        }
        return true;
    }
}
