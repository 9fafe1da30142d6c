/* WASI command entry for whole-process runs: kernel [size [iterations]] prints the checksum. */
#include <stdio.h>
#include <stdlib.h>
#include "bench.h"

int main(int argc, char **argv) {
    int size = argc > 1 ? atoi(argv[1]) : 0;
    int iterations = argc > 2 ? atoi(argv[2]) : 1;
    if (argc < 2 || bench_init(size) != 0) {
        fprintf(stderr, "usage: kernel SIZE [ITERATIONS] (size %d unsupported?)\n", size);
        return 2;
    }
    printf("checksum=0x%08x\n", (unsigned) bench_run(iterations));
    return 0;
}
