/* Shared input for the image kernels: a square grayscale or RGB image with smooth gradients plus noise. */
#ifndef IMAGE_H
#define IMAGE_H
#include "bench.h"

#define IMAGE_MAX 1024

static int image_n;

static void image_fill(uint8_t *pixels, int n, int channels) {
    uint32_t seed = 12345;
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++)
            for (int c = 0; c < channels; c++)
                pixels[(y * n + x) * channels + c] = (uint8_t) ((x * (c + 1) + y * 3 + (rng_next(&seed) & 31)) & 255);
}
#endif
