/**
 * Linear memory for WebAssembly: bounds-checked, little-endian, off-heap storage whose base does not
 * move when it grows. Out-of-bounds accesses throw {@link dev.porcini.memory.MemoryAccessException}.
 * This module knows nothing about modules or instances.
 */
package dev.porcini.memory;
