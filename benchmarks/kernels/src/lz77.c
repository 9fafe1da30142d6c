/*
 * An LZ77-style compressor with a hash-chain match finder (window 4 KiB, matches of 3 to 258 bytes) and
 * its decompressor; each iteration compresses `size` KiB of generated text and checks the round trip.
 * Format: a flag byte before each group of 8 items; a literal is 1 byte, a match is 3 bytes
 * (12-bit distance - 1, 12-bit length - 3, packed big-endian).
 */
#include "bench.h"

#define MAX_KIB 4096
#define WINDOW 4096
#define MIN_MATCH 3
#define MAX_MATCH 258
#define HASH_BITS 14
#define MAX_CHAIN 32

static uint8_t input[MAX_KIB * 1024], packed[MAX_KIB * 1024 * 9 / 8 + 16], unpacked[MAX_KIB * 1024];
static int32_t head[1 << HASH_BITS], prev[WINDOW];
static int length;

int32_t bench_init(int32_t size) {
    if (size < 1 || size > MAX_KIB) return -1;
    length = size * 1024;
    /* Words from a small vocabulary with random choices: compressible, but not trivially so. */
    static const char *words[] = {"the ", "wasm ", "engine ", "compiles ", "truffle ", "nodes ", "into ", "fast ",
                                  "machine ", "code, ", "and ", "memory ", "lives ", "off ", "heap. ", "porcini "};
    uint32_t seed = 5;
    for (int i = 0; i < length;) {
        const char *w = words[rng_next(&seed) & 15];
        for (; *w && i < length; w++) input[i++] = (uint8_t) *w;
        if ((rng_next(&seed) & 7) == 0 && i < length) input[i++] = (uint8_t) ('0' + rng_next(&seed) % 10);
    }
    return 0;
}

static inline uint32_t hash3(const uint8_t *p) {
    return ((uint32_t) p[0] << 16 | (uint32_t) p[1] << 8 | p[2]) * 2654435761u >> (32 - HASH_BITS);
}

static int compress(void) {
    int out = 0, flag_at = 0, items = 8;
    for (int i = 0; i < (1 << HASH_BITS); i++) head[i] = -1;
    for (int pos = 0; pos < length;) {
        if (items == 8) {
            flag_at = out++;
            packed[flag_at] = 0;
            items = 0;
        }
        int best_len = 0, best_dist = 0;
        if (pos + MIN_MATCH <= length) {
            uint32_t h = hash3(input + pos);
            int limit = length - pos < MAX_MATCH ? length - pos : MAX_MATCH;
            for (int cand = head[h], chain = 0; cand >= 0 && pos - cand <= WINDOW && chain < MAX_CHAIN;
                 cand = prev[cand % WINDOW], chain++) {
                int len = 0;
                while (len < limit && input[cand + len] == input[pos + len]) len++;
                if (len > best_len) {
                    best_len = len;
                    best_dist = pos - cand;
                }
            }
        }
        int advance = best_len >= MIN_MATCH ? best_len : 1;
        if (best_len >= MIN_MATCH) {
            uint32_t code = (uint32_t) (best_dist - 1) << 12 | (uint32_t) (best_len - MIN_MATCH);
            packed[flag_at] |= (uint8_t) (1 << items);
            packed[out++] = (uint8_t) (code >> 16);
            packed[out++] = (uint8_t) (code >> 8);
            packed[out++] = (uint8_t) code;
        } else {
            packed[out++] = input[pos];
        }
        items++;
        for (int end = pos + advance; pos < end; pos++) {
            if (pos + MIN_MATCH <= length) {
                uint32_t h = hash3(input + pos);
                prev[pos % WINDOW] = head[h];
                head[h] = pos;
            }
        }
    }
    return out;
}

static int decompress(int packed_length) {
    int out = 0;
    for (int in = 0; in < packed_length;) {
        uint8_t flags = packed[in++];
        for (int item = 0; item < 8 && in < packed_length; item++) {
            if (flags & (1 << item)) {
                uint32_t code = (uint32_t) packed[in] << 16 | (uint32_t) packed[in + 1] << 8 | packed[in + 2];
                in += 3;
                int dist = (int) (code >> 12) + 1, len = (int) (code & 0xfff) + MIN_MATCH;
                for (int k = 0; k < len; k++, out++) unpacked[out] = unpacked[out - dist];
            } else {
                unpacked[out++] = packed[in++];
            }
        }
    }
    return out;
}

uint32_t bench_run(int32_t iterations) {
    uint32_t h = 0;
    for (int i = 0; i < iterations; i++) {
        int size = compress();
        int restored = decompress(size);
        /* A broken round trip yields a checksum no runtime would match. */
        int same = restored == length && memcmp(input, unpacked, (size_t) length) == 0;
        h = hash_bytes(hash_u32(hash_u32(HASH_SEED, (uint32_t) size), (uint32_t) same), packed, size);
    }
    return h;
}
