/* CRC-32 (IEEE, reflected 0xEDB88320) over `size` KiB, with a table built at init. */
#include "bench.h"

#define MAX_KIB 16384
static uint8_t data[MAX_KIB * 1024];
static uint32_t table[256];
static int length;

int32_t bench_init(int32_t size) {
    if (size < 1 || size > MAX_KIB) return -1;
    length = size * 1024;
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    uint32_t seed = 1;
    for (int i = 0; i < length; i++) data[i] = (uint8_t) rng_next(&seed);
    return 0;
}

static uint32_t crc32(const uint8_t *p, int n) {
    uint32_t c = 0xFFFFFFFFu;
    for (int i = 0; i < n; i++) c = table[(c ^ p[i]) & 255] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

uint32_t bench_run(int32_t iterations) {
    uint32_t c = 0;
    for (int i = 0; i < iterations; i++) c = crc32(data, length);
    return c;
}
