/* Quicksort (median of three, insertion sort below 16) of `size` random 32-bit integers, from a fresh copy each time. */
#include "bench.h"

#define MAX (4 << 20)
static int32_t original[MAX], values[MAX];
static int n;

int32_t bench_init(int32_t size) {
    if (size < 1 || size > MAX) return -1;
    n = size;
    uint32_t seed = 77;
    for (int i = 0; i < n; i++) original[i] = (int32_t) rng_next(&seed);
    return 0;
}

static inline void swap(int32_t *a, int32_t *b) {
    int32_t t = *a; *a = *b; *b = t;
}

static void sort(int32_t *v, int lo, int hi) { /* sorts v[lo..hi] inclusive */
    while (hi - lo >= 16) {
        int mid = lo + (hi - lo) / 2;
        if (v[mid] < v[lo]) swap(&v[mid], &v[lo]);
        if (v[hi] < v[lo]) swap(&v[hi], &v[lo]);
        if (v[hi] < v[mid]) swap(&v[hi], &v[mid]);
        int32_t pivot = v[mid];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) swap(&v[i++], &v[j--]);
        }
        /* Recurse into the smaller half, loop on the larger: the stack stays logarithmic. */
        if (j - lo < hi - i) {
            sort(v, lo, j);
            lo = i;
        } else {
            sort(v, i, hi);
            hi = j;
        }
    }
    for (int i = lo + 1; i <= hi; i++) {
        int32_t x = v[i];
        int j = i - 1;
        for (; j >= lo && v[j] > x; j--) v[j + 1] = v[j];
        v[j + 1] = x;
    }
}

uint32_t bench_run(int32_t iterations) {
    for (int i = 0; i < iterations; i++) {
        memcpy(values, original, sizeof(int32_t) * n);
        sort(values, 0, n - 1);
    }
    uint32_t h = HASH_SEED;
    for (int i = 0; i < n; i += 1 + n / 4096) h = hash_u32(h, (uint32_t) values[i]);
    for (int i = 1; i < n; i++) if (values[i - 1] > values[i]) return 0; /* unsorted: a checksum nobody expects */
    return h;
}
