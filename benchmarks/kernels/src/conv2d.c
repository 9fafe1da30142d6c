/* 2D convolution, 3x3 kernels, 16 input and 16 output channels, "same" zero padding, f32, then ReLU. */
#include "bench.h"

#define CIN 16
#define COUT 16
#define MAX 256
static float input[CIN][MAX + 2][MAX + 2]; /* one pixel of zero padding on each side */
static float output[COUT][MAX][MAX];
static float weights[COUT][CIN][3][3], bias[COUT];
static int n;

int32_t bench_init(int32_t size) {
    if (size < 1 || size > MAX) return -1;
    n = size;
    uint32_t seed = 7;
    memset(input, 0, sizeof input);
    for (int c = 0; c < CIN; c++)
        for (int y = 1; y <= n; y++)
            for (int x = 1; x <= n; x++) input[c][y][x] = rng_float(&seed);
    for (int o = 0; o < COUT; o++) {
        bias[o] = rng_float(&seed) * 0.1f;
        for (int c = 0; c < CIN; c++)
            for (int k = 0; k < 9; k++) weights[o][c][k / 3][k % 3] = rng_float(&seed) * 0.25f;
    }
    return 0;
}

static void conv(void) {
    for (int o = 0; o < COUT; o++) {
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) output[o][y][x] = bias[o];
        for (int c = 0; c < CIN; c++)
            for (int ky = 0; ky < 3; ky++)
                for (int kx = 0; kx < 3; kx++) {
                    float w = weights[o][c][ky][kx];
                    for (int y = 0; y < n; y++) {
                        const float *in = &input[c][y + ky][kx];
                        float *out = output[o][y];
                        for (int x = 0; x < n; x++) out[x] += w * in[x];
                    }
                }
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
                if (output[o][y][x] < 0) output[o][y][x] = 0;
    }
}

uint32_t bench_run(int32_t iterations) {
    for (int i = 0; i < iterations; i++) conv();
    uint32_t h = HASH_SEED;
    for (int o = 0; o < COUT; o++)
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) h = hash_f32(h, output[o][y][x]);
    return h;
}
