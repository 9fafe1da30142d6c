/* Dense f32 matrix product C = A * B of n x n matrices, i-k-j order so the inner loop streams rows. */
#include "bench.h"

#define MAX 512
static float a[MAX * MAX], b[MAX * MAX], c[MAX * MAX];
static int n;

int32_t bench_init(int32_t size) {
    if (size < 1 || size > MAX) return -1;
    n = size;
    uint32_t seed = 42;
    for (int i = 0; i < n * n; i++) {
        a[i] = rng_float(&seed);
        b[i] = rng_float(&seed);
    }
    return 0;
}

static void matmul(void) {
    memset(c, 0, sizeof(float) * n * n);
    for (int i = 0; i < n; i++) {
        float *ci = c + i * n;
        for (int k = 0; k < n; k++) {
            float aik = a[i * n + k];
            const float *bk = b + k * n;
            for (int j = 0; j < n; j++) ci[j] += aik * bk[j];
        }
    }
}

uint32_t bench_run(int32_t iterations) {
    for (int i = 0; i < iterations; i++) matmul();
    uint32_t h = HASH_SEED;
    for (int i = 0; i < n * n; i++) h = hash_f32(h, c[i]);
    return h;
}
