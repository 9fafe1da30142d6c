package dev.porcini.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.oracle.truffle.api.CallTarget;
import com.oracle.truffle.api.Truffle;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.RootNode;

/**
 * What Graal-compiled code does with a memory it holds as a constant: the folded size must follow
 * every grow (through invalidation), and traps must still be traps.
 */
class CompiledAccessTest {
    private static final long PAGE = LinearMemory.PAGE_SIZE;

    /** Sums the i32 at every 4th address in [0, argument), like a guest loop over memory. */
    private static final class SumRoot extends RootNode {
        private final LinearMemory memory;

        SumRoot(LinearMemory memory) {
            super(null);
            this.memory = memory;
        }

        @Override
        public Object execute(VirtualFrame frame) {
            long end = (Long) frame.getArguments()[0];
            int sum = 0;
            for (long address = 0; address < end; address += 4) {
                sum += memory.loadI32(address);
            }
            return sum;
        }
    }

    /**
     * Whether {@code target} has installed compiled code. Asked reflectively: naming the runtime's
     * call target class here would load it before Truffle opens the compiler module to us.
     */
    private static boolean isCompiled(CallTarget target) {
        try {
            return (Boolean) target.getClass().getMethod("isValid").invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Calls {@code target} until it is compiled (or fails the test after a while). */
    private static CallTarget compiled(CallTarget target, long argument) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!isCompiled(target) && System.nanoTime() < deadline) {
            target.call(argument);
            Thread.sleep(1);
        }
        assertTrue(isCompiled(target), "not compiled in time");
        return target;
    }

    @Test
    void optimizingRuntimeIsActive() {
        assertNotEquals("Interpreted", Truffle.getRuntime().getName());
    }

    @Test
    void compiledCodeFollowsGrowAndTraps() throws InterruptedException {
        try (LinearMemory memory = LinearMemory.allocate(1, 4)) {
            memory.fill(0, PAGE, (byte) 1); // every i32 reads 0x01010101
            CallTarget target = compiled(new SumRoot(memory).getCallTarget(), PAGE);
            assertEquals(16384 * 0x01010101, target.call(PAGE));

            assertThrows(MemoryAccessException.class, () -> target.call(PAGE + 4));
            assertEquals(1, memory.grow(1));
            // Code that folded the old size was invalidated; a stale size would trap here.
            assertEquals(16384 * 0x01010101, target.call(PAGE + 4)); // the new page reads zero

            CallTarget again = compiled(target, 2 * PAGE);
            assertThrows(MemoryAccessException.class, () -> again.call(2 * PAGE + 4));
            memory.close();
            assertThrows(MemoryAccessException.class, () -> again.call(4L));
        }
    }

    @Test
    void memoryThatGrowsOftenIsNoLongerFolded() throws InterruptedException {
        try (LinearMemory memory = LinearMemory.allocate(0, -1)) {
            for (int i = 0; i < OffHeapMemory.FOLDED_LAYOUT_CHANGES; i++) {
                memory.grow(1);
            }
            memory.storeI32(0, 5);
            CallTarget target = compiled(new SumRoot(memory).getCallTarget(), 8L);
            assertEquals(OffHeapMemory.FOLDED_LAYOUT_CHANGES, memory.grow(1));
            assertTrue(isCompiled(target), "code reading the size from a field survives a grow");
            long size = memory.byteSize();
            memory.storeI32(size - 4, 7);
            assertEquals(12, target.call(size));
            assertThrows(MemoryAccessException.class, () -> target.call(size + 4));
        }
    }
}
