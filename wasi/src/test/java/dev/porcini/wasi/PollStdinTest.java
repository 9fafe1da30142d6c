package dev.porcini.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;

/** {@code poll_oneoff} on stdin waits for input, or for its clock when none arrives. */
class PollStdinTest {
    /**
     * {@code poll(timeout)} polls an fd_read subscription on stdin (userdata 1) and a relative
     * monotonic clock (userdata 2); it returns the first event's userdata * 100 + type, and stores
     * the event count at 512 and the first event's nbytes at 528. {@code read()} reads stdin into
     * 1024 and returns how many bytes came.
     */
    private static final String POLL = """
                    (module
                      (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
                      (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
                      (memory (export "memory") 1)
                      (func (export "poll") (param $timeout i64) (result i32)
                        (i64.store (i32.const 0) (i64.const 1))
                        (i32.store8 (i32.const 8) (i32.const 1))
                        (i32.store (i32.const 16) (i32.const 0))
                        (i64.store (i32.const 48) (i64.const 2))
                        (i32.store8 (i32.const 56) (i32.const 0))
                        (i32.store (i32.const 64) (i32.const 1))
                        (i64.store (i32.const 72) (local.get $timeout))
                        (if (call $poll (i32.const 0) (i32.const 256) (i32.const 2) (i32.const 512))
                          (then (unreachable)))
                        (i64.store (i32.const 528) (i64.load (i32.const 272)))
                        (i32.add (i32.mul (i32.load (i32.const 256)) (i32.const 100)) (i32.load16_u (i32.const 266))))
                      (func (export "read") (result i32)
                        (i32.store (i32.const 600) (i32.const 1024))
                        (i32.store (i32.const 604) (i32.const 100))
                        (if (call $read (i32.const 0) (i32.const 600) (i32.const 1) (i32.const 608))
                          (then (unreachable)))
                        (i32.load (i32.const 608))))
                    """;

    private static final long SECOND = 1_000_000_000L;

    private static <T> T withPoller(InputStream stdin, java.util.function.Function<Value, T> body) {
        try (Context context = Context.newBuilder("wasm").in(stdin).build()) {
            Value instance = context.eval(Source.newBuilder("wasm", POLL, "poll.wat").mimeType("text/x-wat").buildLiteral())
                            .invokeMember("newInstance");
            return body.apply(instance.getMember("exports"));
        }
    }

    @Test
    void clockFiresWhenNoInputArrives() throws IOException {
        try (PipedOutputStream writer = new PipedOutputStream(); PipedInputStream stdin = new PipedInputStream(writer)) {
            long start = System.nanoTime();
            int first = withPoller(stdin, e -> e.getMember("poll").execute(50_000_000L).asInt());
            long waited = System.nanoTime() - start;
            assertEquals(200, first, "the clock (userdata 2, type 0) fires first");
            assertTrue(waited >= 50_000_000L, "waited " + waited + " ns");
        }
    }

    @Test
    void waitsForInputThatArrivesLater() throws Exception {
        try (PipedOutputStream writer = new PipedOutputStream(); PipedInputStream stdin = new PipedInputStream(writer)) {
            Thread feeder = new Thread(() -> {
                try {
                    Thread.sleep(200);
                    writer.write("late\n".getBytes(StandardCharsets.UTF_8));
                    writer.flush();
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            long start = System.nanoTime();
            feeder.start();
            String result = withPoller(stdin, e -> {
                int first = e.getMember("poll").execute(30 * SECOND).asInt();
                long waited = System.nanoTime() - start;
                int n = e.getMember("read").execute().asInt();
                byte[] bytes = new byte[n];
                for (int i = 0; i < n; i++) {
                    bytes[i] = (byte) e.getMember("memory").readBufferByte(1024 + i);
                }
                return first + " " + (waited >= 150_000_000L && waited < 20 * SECOND) + " " + new String(bytes, StandardCharsets.UTF_8);
            });
            feeder.join();
            assertEquals("101 true late\n", result, "stdin (userdata 1, type 1) becomes ready, then reads in order");
        }
    }

    @Test
    void endOfInputIsReady() {
        int[] result = withPoller(new ByteArrayInputStream(new byte[0]),
                        e -> new int[]{e.getMember("poll").execute(30 * SECOND).asInt(), e.getMember("read").execute().asInt()});
        assertEquals(101, result[0], "a closed stdin is readable at once");
        assertEquals(0, result[1], "and reads zero bytes");
    }

    @Test
    void bufferedInputReportsItsBytes() {
        long nbytes = withPoller(new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8)), e -> {
            e.getMember("poll").execute(30 * SECOND);
            return e.getMember("memory").readBufferLong(java.nio.ByteOrder.LITTLE_ENDIAN, 528);
        });
        assertEquals(3, nbytes);
    }
}
