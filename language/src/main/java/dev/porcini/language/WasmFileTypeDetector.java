package dev.porcini.language;

import java.io.IOException;
import java.nio.charset.Charset;

import com.oracle.truffle.api.TruffleFile;

/** Maps .wasm, .wat and .wast files to their MIME types. */
public final class WasmFileTypeDetector implements TruffleFile.FileTypeDetector {
    @Override
    public String findMimeType(TruffleFile file) throws IOException {
        String name = file.getName();
        if (name == null) {
            return null;
        }
        if (name.endsWith(".wasm")) {
            return WasmLanguage.BINARY_MIME;
        }
        if (name.endsWith(".wat")) {
            return WasmLanguage.TEXT_MIME;
        }
        if (name.endsWith(".wast")) {
            return WasmLanguage.WAST_MIME;
        }
        return null;
    }

    @Override
    public Charset findEncoding(TruffleFile file) throws IOException {
        return null;
    }
}
