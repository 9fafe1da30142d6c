/* Mandelbrot set on a size x size grid over [-2, 1] x [-1.5, 1.5], 100 iterations, one bit per point. */
#include "bench.h"

#define MAX 4096
static uint8_t bits[MAX * MAX / 8];
static int n;

int32_t bench_init(int32_t size) {
    if (size < 8 || size > MAX || size % 8 != 0) return -1;
    n = size;
    return 0;
}

static void render(void) {
    for (int y = 0; y < n; y++) {
        double ci = 3.0 * y / n - 1.5;
        for (int x = 0; x < n; x += 8) {
            uint8_t byte = 0;
            for (int b = 0; b < 8; b++) {
                double cr = 3.0 * (x + b) / n - 2.0, zr = 0, zi = 0;
                int i = 0;
                while (i < 100 && zr * zr + zi * zi <= 4.0) {
                    double t = zr * zr - zi * zi + cr;
                    zi = 2.0 * zr * zi + ci;
                    zr = t;
                    i++;
                }
                byte = (uint8_t) (byte << 1 | (i == 100));
            }
            bits[(y * n + x) / 8] = byte;
        }
    }
}

uint32_t bench_run(int32_t iterations) {
    for (int i = 0; i < iterations; i++) render();
    return hash_bytes(HASH_SEED, bits, n * n / 8);
}
