/* Pancake flipping over every permutation of n elements: maximum flips and a signed checksum. */
#include "bench.h"

#define MAX 12
static int n;

int32_t bench_init(int32_t size) {
    if (size < 3 || size > MAX) return -1;
    n = size;
    return 0;
}

static uint32_t fannkuch(void) {
    int perm[MAX], work[MAX], count[MAX];
    int max_flips = 0, checksum = 0, index = 0, r = n;
    for (int i = 0; i < n; i++) perm[i] = i;
    for (;;) {
        for (; r != 1; r--) count[r - 1] = r;
        if (perm[0] != 0) {
            for (int i = 0; i < n; i++) work[i] = perm[i];
            int flips = 0;
            for (int first = work[0]; first != 0; first = work[0]) {
                for (int lo = 0, hi = first; lo < hi; lo++, hi--) {
                    int t = work[lo]; work[lo] = work[hi]; work[hi] = t;
                }
                flips++;
            }
            if (flips > max_flips) max_flips = flips;
            checksum += index % 2 == 0 ? flips : -flips;
        }
        /* Next permutation: rotate the shortest prefix whose rotation counter has not run out. */
        for (;; r++) {
            if (r == n) return hash_u32(hash_u32(HASH_SEED, (uint32_t) max_flips), (uint32_t) checksum);
            int first = perm[0];
            for (int i = 0; i < r; i++) perm[i] = perm[i + 1];
            perm[r] = first;
            if (--count[r] > 0) break;
        }
        index++;
    }
}

uint32_t bench_run(int32_t iterations) {
    uint32_t h = 0;
    for (int i = 0; i < iterations; i++) h = fannkuch();
    return h;
}
