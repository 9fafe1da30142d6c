/* Quantized int8 matrix-vector product (256 rows of `size` columns) with int32 accumulators. */
#include "bench.h"

#define ROWS 256
#define MAX 16384
static int8_t matrix[ROWS * MAX], vector[MAX];
static int32_t result[ROWS];
static int n;

int32_t bench_init(int32_t size) {
    if (size < 1 || size > MAX) return -1;
    n = size;
    uint32_t seed = 99;
    for (int i = 0; i < ROWS * n; i++) matrix[i] = (int8_t) rng_next(&seed);
    for (int i = 0; i < n; i++) vector[i] = (int8_t) rng_next(&seed);
    return 0;
}

static void gemv(void) {
    for (int r = 0; r < ROWS; r++) {
        const int8_t *row = matrix + r * n;
        int32_t sum = 0;
        for (int i = 0; i < n; i++) sum += row[i] * vector[i];
        result[r] = sum;
    }
}

uint32_t bench_run(int32_t iterations) {
    for (int i = 0; i < iterations; i++) gemv();
    uint32_t h = HASH_SEED;
    for (int r = 0; r < ROWS; r++) h = hash_u32(h, (uint32_t) result[r]);
    return h;
}
