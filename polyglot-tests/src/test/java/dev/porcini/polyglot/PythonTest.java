package dev.porcini.polyglot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Porcini and real GraalPy in one context. */
class PythonTest {
    private static Context context;

    @BeforeAll
    static void open() {
        context = Context.newBuilder("python", "wasm").option("engine.WarnInterpreterOnly", "true").build();
        context.getBindings("python").putMember("image_module", Kernels.imageModule(context));
    }

    @AfterAll
    static void close() {
        context.close();
    }

    private static Value py(String code) {
        return context.eval(Source.create("python", code));
    }

    @Test
    void pythonCallsWasmAndReadsItsMemory() {
        py("""
                        rows = []
                        instance = image_module.newInstance({"host": {"rowDone": lambda y: rows.append(y),
                                                                     "combine": lambda a, b: a * b}})
                        e = instance.exports
                        e.fill(10, 5, 7)
                        mem = e.memory
                        """);
        assertEquals(35, py("e.sum(10, 5)").asLong());
        assertEquals(7.5, py("e.combine(3, 2.5)").asDouble());
        // GraalPy 25 has no buffer protocol for foreign buffers; the memory is also a list of bytes.
        assertEquals(65536, py("len(mem)").asInt());
        Value bytes = py("bytes(mem[8:16])");
        assertEquals(8, bytes.getArraySize());
        assertEquals(0, bytes.getArrayElement(1).asInt());
        assertEquals(7, bytes.getArrayElement(2).asInt());
    }

    @Test
    void pythonWritesWasmMemoryAndWasmCallsPythonBack() {
        Value result = py("""
                        rows = []
                        e = image_module.newInstance({"host": {"rowDone": lambda y: rows.append(y),
                                                              "combine": lambda a, b: 0}}).exports
                        mem = e.memory
                        for i, b in enumerate([200, 100, 50, 255]):
                            mem[i] = b
                        e.grayscale(0, 1, 1)
                        [rows, mem[0], mem[3]]
                        """);
        assertEquals(1, result.getArrayElement(0).getArraySize());
        assertEquals((200 * 77 + 100 * 150 + 50 * 29) >> 8, result.getArrayElement(1).asInt());
        assertEquals(255, result.getArrayElement(2).asInt());
    }

    @Test
    void pythonExceptionsPropagateThroughWasm() {
        Value caught = py("""
                        def fail(y):
                            raise KeyError("row %d" % y)
                        e = image_module.newInstance({"host": {"rowDone": fail, "combine": lambda a, b: 0}}).exports
                        try:
                            e.grayscale(0, 1, 1)
                            caught = None
                        except KeyError as err:
                            caught = str(err)
                        caught
                        """);
        assertTrue(caught.asString().contains("row 0"), caught.toString());
    }
}
