#define _POSIX_C_SOURCE 199309L
/*
 * Native driver: the same kernel source compiled with clang -O2, timed like the other runtimes' drivers.
 *   native-kernel check SIZE                   prints the checksum of one iteration
 *   native-kernel once SIZE ITERS              init + ITERS iterations (for whole-process timing)
 *   native-kernel steady SIZE WARMUP_MS SAMPLES EXPECTED
 * Output: one "RESULT key=value ..." line (see the harness's Driver protocol).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench.h"

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s check|once|steady SIZE ...\n", argv[0]);
        return 2;
    }
    const char *mode = argv[1];
    int size = atoi(argv[2]);
    double t0 = now_ms();
    if (bench_init(size) != 0) {
        fprintf(stderr, "unsupported size %d\n", size);
        return 2;
    }
    if (strcmp(mode, "check") == 0 || strcmp(mode, "once") == 0) {
        int iterations = argc > 3 ? atoi(argv[3]) : 1;
        printf("RESULT checksum=0x%08x\n", (unsigned) bench_run(iterations));
        return 0;
    }
    double warmup_ms = atof(argv[3]);
    int samples = atoi(argv[4]);
    uint32_t first = bench_run(1);
    double cold_ms = now_ms() - t0;
    /* Batch iterations so each sample lasts at least ~1/10 of the warm-up, as the other drivers do. */
    int batch = 1;
    double start = now_ms(), t;
    for (t = start; t - start < warmup_ms; t = now_ms()) {
        double s = now_ms();
        bench_run(batch);
        if (now_ms() - s < warmup_ms / 20 && batch < (1 << 20)) batch *= 2;
    }
    double *per_iter = malloc(sizeof(double) * samples);
    uint32_t last = first;
    for (int i = 0; i < samples; i++) {
        double s = now_ms();
        last = bench_run(batch);
        per_iter[i] = (now_ms() - s) / batch;
    }
    qsort(per_iter, samples, sizeof(double), compare);
    printf("RESULT checksum=0x%08x steady_checksum=0x%08x cold_ms=%.3f iter_ms=%.6f batch=%d samples=%d impl=native\n",
           (unsigned) first, (unsigned) last, cold_ms, per_iter[samples / 2], batch, samples);
    return 0;
}
