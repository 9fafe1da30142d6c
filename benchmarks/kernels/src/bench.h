/*
 * The kernel protocol, shared by every kernel.
 *
 *   int32_t  bench_init(int32_t size)       prepares deterministic input; returns 0, or -1 if size is unsupported
 *   uint32_t bench_run(int32_t iterations)  runs the kernel that many times; returns the checksum of the last
 *                                           iteration, so the result depends on size only
 *
 * Both are exported by name, so the same object links into an import-free reactor module (steady-state
 * drivers), a WASI command (main.c, whole-process runs) and a native executable (native.c).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <string.h>

#ifdef __wasm__
#define BENCH_EXPORT(name) __attribute__((export_name(#name)))
#else
#define BENCH_EXPORT(name)
#endif

BENCH_EXPORT(bench_init) int32_t bench_init(int32_t size);
BENCH_EXPORT(bench_run) uint32_t bench_run(int32_t iterations);

/* FNV-1a over 32-bit words: cheap, and order-sensitive so a misplaced result changes the sum. */
#define HASH_SEED 2166136261u
static inline uint32_t hash_u32(uint32_t h, uint32_t v) {
    return (h ^ v) * 16777619u;
}

static inline uint32_t hash_bytes(uint32_t h, const uint8_t *p, int n) {
    for (int i = 0; i < n; i++) h = hash_u32(h, p[i]);
    return h;
}

static inline uint32_t hash_f32(uint32_t h, float f) {
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    return hash_u32(h, bits);
}

static inline uint32_t hash_f64(uint32_t h, double d) {
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    return hash_u32(hash_u32(h, (uint32_t) bits), (uint32_t) (bits >> 32));
}

/* xorshift32: deterministic input on every runtime without libc's rand. */
static inline uint32_t rng_next(uint32_t *state) {
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* A uniform float in [-1, 1), built from integer bits so every runtime sees the same value. */
static inline float rng_float(uint32_t *state) {
    return (float) (int32_t) (rng_next(state) >> 8) / 8388608.0f - 1.0f;
}

#endif
