package dev.porcini.polyglot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Porcini and real GraalJS in one context. */
class JavaScriptTest {
    private static Context context;

    @BeforeAll
    static void open() {
        context = Context.newBuilder("js", "wasm").option("engine.WarnInterpreterOnly", "true").build();
        context.getBindings("js").putMember("imageModule", Kernels.imageModule(context));
    }

    @AfterAll
    static void close() {
        context.close();
    }

    private static Value js(String code) {
        return context.eval(Source.create("js", code));
    }

    @Test
    void runsOnTheOptimizingRuntime() {
        assertNotEquals("Interpreted", context.getEngine().getImplementationName());
    }

    @Test
    void javaScriptRunsAnImageKernelOnTheSharedMemory() {
        Value result = js("""
                        (() => {
                          const rows = [];
                          const instance = imageModule.newInstance({
                            host: { rowDone: (y) => { rows.push(y); }, combine: (a, b) => a + b }
                          });
                          const { memory, grayscale } = instance.exports;
                          const pixels = new Uint8Array(memory);           // a view of Wasm memory, no copy
                          const width = 3, height = 2;
                          for (let i = 0; i < width * height; i++) {
                            pixels.set([200, 100, 50, 255], 64 + 4 * i);
                          }
                          grayscale(64, width, height);
                          return { rows: rows.join(','), r: pixels[64], g: pixels[65], b: pixels[66], a: pixels[67],
                                   last: pixels[64 + 4 * 5 + 2], size: pixels.length };
                        })()
                        """);
        int luma = (200 * 77 + 100 * 150 + 50 * 29) >> 8;
        assertEquals("0,1", result.getMember("rows").asString());
        assertEquals(luma, result.getMember("r").asInt());
        assertEquals(luma, result.getMember("g").asInt());
        assertEquals(luma, result.getMember("b").asInt());
        assertEquals(255, result.getMember("a").asInt(), "alpha is untouched");
        assertEquals(luma, result.getMember("last").asInt());
        assertEquals(65536, result.getMember("size").asInt());
    }

    @Test
    void javaScriptNumbersConvertBothWays() {
        Value r = js("""
                        (() => {
                          const e = imageModule.newInstance({ host: { rowDone: () => {}, combine: (a, b) => a * 10 + b } }).exports;
                          const dv = new DataView(e.memory);
                          for (let i = 0; i < 100; i++) dv.setUint8(i, 250);
                          return [e.combine(4, 0.5), Number(e.sum(0, 100))];
                        })()
                        """);
        assertEquals(40.5, r.getArrayElement(0).asDouble());
        assertEquals(25000, r.getArrayElement(1).asLong());
    }

    @Test
    void javaScriptErrorsAndTrapsCrossTheBoundary() {
        Value outcome = js("""
                        (() => {
                          const e = imageModule.newInstance({ host: { rowDone: (y) => { throw new RangeError('row ' + y); },
                                                                      combine: (a, b) => 'text' } }).exports;
                          const seen = [];
                          try { e.grayscale(0, 1, 1); } catch (err) { seen.push(err instanceof RangeError, err.message); }
                          try { e.trap(); } catch (err) { seen.push(String(err.message)); }
                          try { e.combine(1, 2); } catch (err) { seen.push(String(err.message)); }
                          try { e.combine(1); } catch (err) { seen.push(err.constructor.name); }
                          return seen;
                        })()
                        """);
        assertTrue(outcome.getArrayElement(0).asBoolean(), "the JavaScript exception object survives the Wasm frames");
        assertEquals("row 0", outcome.getArrayElement(1).asString());
        assertTrue(outcome.getArrayElement(2).asString().startsWith("out of bounds memory access"), outcome.getArrayElement(2).asString());
        assertTrue(outcome.getArrayElement(3).asString().contains("expected a value of type f64"), outcome.getArrayElement(3).asString());
        assertEquals("TypeError", outcome.getArrayElement(4).asString());
    }

    @Test
    void aTrapReachesJavaAsAGuestException() {
        PolyglotException trap = assertThrows(PolyglotException.class, () -> js("""
                        imageModule.newInstance({ host: { rowDone: () => {}, combine: () => 0 } }).exports.trap()
                        """));
        assertTrue(trap.isGuestException());
        assertTrue(trap.getMessage().startsWith("out of bounds memory access"), trap.getMessage());
    }
}
