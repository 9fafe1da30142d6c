package dev.porcini.text;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough binary-format reading for tests to look at the sections an encoder wrote. */
final class BinaryReader {
    private final byte[] bytes;
    private int pos;

    BinaryReader(byte[] bytes, int pos) {
        this.bytes = bytes;
        this.pos = pos;
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    boolean atEnd() {
        return pos >= bytes.length;
    }

    int u8() {
        return bytes[pos++] & 0xFF;
    }

    long u32() {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            result |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return result;
    }

    byte[] take(int n) {
        byte[] out = java.util.Arrays.copyOfRange(bytes, pos, pos + n);
        pos += n;
        return out;
    }

    String name() {
        return new String(take((int) u32()), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Section contents by id (custom sections under "0:name"), in order. */
    static Map<String, byte[]> sections(byte[] module) {
        Map<String, byte[]> result = new LinkedHashMap<>();
        BinaryReader r = new BinaryReader(module, 8);
        while (!r.atEnd()) {
            int id = r.u8();
            BinaryReader content = new BinaryReader(r.take((int) r.u32()), 0);
            if (id == 0) {
                String name = content.name();
                result.put("0:" + name, content.take(content.bytes.length - content.pos));
            } else {
                result.put(Integer.toString(id), content.bytes);
            }
        }
        return result;
    }

    /** The instruction bytes (after the locals) of every function body in the code section. */
    static List<String> bodies(byte[] module) {
        List<String> result = new ArrayList<>();
        byte[] code = sections(module).get("10");
        if (code == null) {
            return result;
        }
        BinaryReader r = new BinaryReader(code, 0);
        long count = r.u32();
        for (int i = 0; i < count; i++) {
            BinaryReader body = new BinaryReader(r.take((int) r.u32()), 0);
            long runs = body.u32();
            for (int j = 0; j < runs; j++) {
                body.u32();
                body.u8();
            }
            result.add(hex(body.take(body.bytes.length - body.pos)));
        }
        return result;
    }
}
