/** Linear memory for WebAssembly: bounds-checked off-heap storage that never moves. */
package dev.porcini.memory;
