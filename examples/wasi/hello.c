// The smallest WASI program: prints one line. Used to measure `porcini run` start-up.
// Build: clang --target=wasm32-wasi -O2 -Wl,--strip-debug -o hello.wasm hello.c
#include <stdio.h>

int main(void) {
    puts("Hello from WebAssembly!");
    return 0;
}
