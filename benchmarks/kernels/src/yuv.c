/* RGB to planar YUV 4:4:4 with BT.601 integer coefficients (studio range). */
#include "image.h"

static uint8_t rgb[IMAGE_MAX * IMAGE_MAX * 3], yuv[IMAGE_MAX * IMAGE_MAX * 3];

int32_t bench_init(int32_t size) {
    if (size < 1 || size > IMAGE_MAX) return -1;
    image_n = size;
    image_fill(rgb, size, 3);
    return 0;
}

static void convert(int pixels) {
    uint8_t *py = yuv, *pu = yuv + pixels, *pv = yuv + 2 * pixels;
    for (int i = 0; i < pixels; i++) {
        int r = rgb[3 * i], g = rgb[3 * i + 1], b = rgb[3 * i + 2];
        py[i] = (uint8_t) (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
        pu[i] = (uint8_t) (((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
        pv[i] = (uint8_t) (((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
    }
}

uint32_t bench_run(int32_t iterations) {
    int pixels = image_n * image_n;
    for (int i = 0; i < iterations; i++) convert(pixels);
    return hash_bytes(HASH_SEED, yuv, 3 * pixels);
}
