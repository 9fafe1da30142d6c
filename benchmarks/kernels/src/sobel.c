/* Sobel edge magnitude (|gx| + |gy|, saturated) of a grayscale image; the border stays zero. */
#include "image.h"

static uint8_t src[IMAGE_MAX * IMAGE_MAX], dst[IMAGE_MAX * IMAGE_MAX];

int32_t bench_init(int32_t size) {
    if (size < 3 || size > IMAGE_MAX) return -1;
    image_n = size;
    image_fill(src, size, 1);
    return 0;
}

static void sobel(int n) {
    for (int y = 1; y < n - 1; y++) {
        const uint8_t *a = src + (y - 1) * n, *r = src + y * n, *b = src + (y + 1) * n;
        for (int x = 1; x < n - 1; x++) {
            int gx = (a[x + 1] + 2 * r[x + 1] + b[x + 1]) - (a[x - 1] + 2 * r[x - 1] + b[x - 1]);
            int gy = (b[x - 1] + 2 * b[x] + b[x + 1]) - (a[x - 1] + 2 * a[x] + a[x + 1]);
            int m = (gx < 0 ? -gx : gx) + (gy < 0 ? -gy : gy);
            dst[y * n + x] = (uint8_t) (m > 255 ? 255 : m);
        }
    }
}

uint32_t bench_run(int32_t iterations) {
    for (int i = 0; i < iterations; i++) sobel(image_n);
    return hash_bytes(HASH_SEED, dst, image_n * image_n);
}
