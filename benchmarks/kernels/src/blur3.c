/* 3x3 box blur of a grayscale image; border pixels are copied. */
#include "image.h"

static uint8_t src[IMAGE_MAX * IMAGE_MAX], dst[IMAGE_MAX * IMAGE_MAX];

int32_t bench_init(int32_t size) {
    if (size < 3 || size > IMAGE_MAX) return -1;
    image_n = size;
    image_fill(src, size, 1);
    return 0;
}

static void blur(int n) {
    memcpy(dst, src, (size_t) n * n);
    for (int y = 1; y < n - 1; y++) {
        const uint8_t *above = src + (y - 1) * n, *row = src + y * n, *below = src + (y + 1) * n;
        for (int x = 1; x < n - 1; x++) {
            int sum = above[x - 1] + above[x] + above[x + 1] + row[x - 1] + row[x] + row[x + 1]
                      + below[x - 1] + below[x] + below[x + 1];
            dst[y * n + x] = (uint8_t) (sum / 9);
        }
    }
}

uint32_t bench_run(int32_t iterations) {
    for (int i = 0; i < iterations; i++) blur(image_n);
    return hash_bytes(HASH_SEED, dst, image_n * image_n);
}
