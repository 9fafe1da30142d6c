/* An open-addressing hash map (linear probing, tombstones) of u32 -> u32: inserts, lookups, deletes. */
#include "bench.h"

#define MAX (1 << 20)
#define EMPTY 0u
#define TOMBSTONE 1u /* keys 0 and 1 are reserved, so generated keys are at least 2 */
static uint32_t keys[2 * MAX], vals[2 * MAX], ops[MAX];
static uint32_t capacity, mask;
static int n;

int32_t bench_init(int32_t size) {
    if (size < 1 || size > MAX) return -1;
    n = size;
    for (capacity = 16; capacity < 2u * (uint32_t) n; capacity <<= 1) {}
    mask = capacity - 1;
    uint32_t seed = 31337;
    /* Keys from a range twice the size, so about half the lookups hit and some inserts update. */
    for (int i = 0; i < n; i++) ops[i] = 2 + rng_next(&seed) % (2u * (uint32_t) n);
    return 0;
}

static inline uint32_t slot_of(uint32_t key) {
    key ^= key >> 16; key *= 0x7feb352du; key ^= key >> 15; key *= 0x846ca68bu; key ^= key >> 16;
    return key & mask;
}

static void put(uint32_t key, uint32_t val) {
    uint32_t s = slot_of(key), free_slot = UINT32_MAX;
    for (; keys[s] != EMPTY; s = (s + 1) & mask) {
        if (keys[s] == key) { vals[s] = val; return; }
        if (keys[s] == TOMBSTONE && free_slot == UINT32_MAX) free_slot = s;
    }
    if (free_slot != UINT32_MAX) s = free_slot;
    keys[s] = key;
    vals[s] = val;
}

static int find(uint32_t key) {
    for (uint32_t s = slot_of(key); keys[s] != EMPTY; s = (s + 1) & mask)
        if (keys[s] == key) return (int) s;
    return -1;
}

static uint32_t workload(void) {
    memset(keys, 0, sizeof(uint32_t) * capacity);
    uint32_t h = HASH_SEED;
    for (int i = 0; i < n; i++) put(ops[i], (uint32_t) i);
    for (int i = 0; i < n; i++) {
        int s = find(ops[i] + 1);
        h = hash_u32(h, s < 0 ? 0xFFFFFFFFu : vals[s]);
        if (i % 3 == 0 && (s = find(ops[i])) >= 0) keys[s] = TOMBSTONE;
    }
    for (int i = 0; i < n; i += 2) put(ops[i], (uint32_t) -i);
    uint32_t live = 0;
    for (uint32_t s = 0; s < capacity; s++) live += keys[s] > TOMBSTONE;
    return hash_u32(h, live);
}

uint32_t bench_run(int32_t iterations) {
    uint32_t h = 0;
    for (int i = 0; i < iterations; i++) h = workload();
    return h;
}
