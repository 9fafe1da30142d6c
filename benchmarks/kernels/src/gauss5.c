/* 5x5 Gaussian blur (binomial 1-4-6-4-1), as two separable passes through a 16-bit buffer. */
#include "image.h"

static uint8_t src[IMAGE_MAX * IMAGE_MAX], dst[IMAGE_MAX * IMAGE_MAX];
static uint16_t tmp[IMAGE_MAX * IMAGE_MAX];

int32_t bench_init(int32_t size) {
    if (size < 5 || size > IMAGE_MAX) return -1;
    image_n = size;
    image_fill(src, size, 1);
    return 0;
}

static void gauss(int n) {
    memset(tmp, 0, sizeof(uint16_t) * n * n);
    memcpy(dst, src, (size_t) n * n);
    for (int y = 0; y < n; y++) {
        const uint8_t *s = src + y * n;
        for (int x = 2; x < n - 2; x++)
            tmp[y * n + x] = (uint16_t) (s[x - 2] + 4 * s[x - 1] + 6 * s[x] + 4 * s[x + 1] + s[x + 2]);
    }
    for (int y = 2; y < n - 2; y++) {
        for (int x = 2; x < n - 2; x++) {
            uint32_t v = tmp[(y - 2) * n + x] + 4u * tmp[(y - 1) * n + x] + 6u * tmp[y * n + x]
                         + 4u * tmp[(y + 1) * n + x] + tmp[(y + 2) * n + x];
            dst[y * n + x] = (uint8_t) ((v + 128) >> 8);
        }
    }
}

uint32_t bench_run(int32_t iterations) {
    for (int i = 0; i < iterations; i++) gauss(image_n);
    return hash_bytes(HASH_SEED, dst, image_n * image_n);
}
