/* Bilinear upscale of an RGB image by 3/2 in 16.16 fixed point (exact on every runtime). */
#include "image.h"

#define OUT_MAX (IMAGE_MAX * 3 / 2)
static uint8_t src[IMAGE_MAX * IMAGE_MAX * 3], dst[OUT_MAX * OUT_MAX * 3];
static int out_n;

int32_t bench_init(int32_t size) {
    if (size < 2 || size > IMAGE_MAX) return -1;
    image_n = size;
    out_n = size * 3 / 2;
    image_fill(src, size, 3);
    return 0;
}

static void resize(int n, int m) {
    uint32_t step = (uint32_t) (((uint64_t) (n - 1) << 16) / (m - 1));
    for (int y = 0; y < m; y++) {
        uint32_t fy = y * step, y0 = fy >> 16, wy = fy & 0xffff;
        uint32_t y1 = y0 + 1 < (uint32_t) n ? y0 + 1 : y0;
        for (int x = 0; x < m; x++) {
            uint32_t fx = x * step, x0 = fx >> 16, wx = fx & 0xffff;
            uint32_t x1 = x0 + 1 < (uint32_t) n ? x0 + 1 : x0;
            for (int c = 0; c < 3; c++) {
                uint32_t p00 = src[(y0 * n + x0) * 3 + c], p01 = src[(y0 * n + x1) * 3 + c];
                uint32_t p10 = src[(y1 * n + x0) * 3 + c], p11 = src[(y1 * n + x1) * 3 + c];
                uint32_t top = (p00 * (65536 - wx) + p01 * wx) >> 8;
                uint32_t bottom = (p10 * (65536 - wx) + p11 * wx) >> 8;
                uint64_t v = (uint64_t) top * (65536 - wy) + (uint64_t) bottom * wy;
                dst[(y * m + x) * 3 + c] = (uint8_t) ((v + (1u << 23)) >> 24);
            }
        }
    }
}

uint32_t bench_run(int32_t iterations) {
    for (int i = 0; i < iterations; i++) resize(image_n, out_n);
    return hash_bytes(HASH_SEED, dst, out_n * out_n * 3);
}
