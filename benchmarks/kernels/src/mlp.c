/* A small MLP (256-128-64-10, ReLU) with softmax over a batch of `size` inputs, f32. */
#include "bench.h"

#define IN 256
#define H1 128
#define H2 64
#define OUT 10
#define MAX_BATCH 1024
static float x[MAX_BATCH][IN], w1[H1][IN], b1[H1], w2[H2][H1], b2[H2], w3[OUT][H2], b3[OUT];
static float probs[MAX_BATCH][OUT];
static int batch;

/* Our own exp (range reduction plus a degree-6 polynomial), so results do not depend on a libm. */
static float exp_approx(float v) {
    if (v < -80.0f) return 0.0f;
    float k = __builtin_floorf(v * 1.44269504f + 0.5f);
    float r = v - k * 0.693147181f;
    float p = 1.0f + r * (1.0f + r * (0.5f + r * (0.166666667f + r * (0.0416666667f + r * (0.00833333333f + r * 0.00138888889f)))));
    int32_t bits = ((int32_t) k + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

static void fill(float *p, int count, float scale, uint32_t *seed) {
    for (int i = 0; i < count; i++) p[i] = rng_float(seed) * scale;
}

int32_t bench_init(int32_t size) {
    if (size < 1 || size > MAX_BATCH) return -1;
    batch = size;
    uint32_t seed = 2024;
    fill(&x[0][0], batch * IN, 1.0f, &seed);
    fill(&w1[0][0], H1 * IN, 0.0625f, &seed);
    fill(b1, H1, 0.1f, &seed);
    fill(&w2[0][0], H2 * H1, 0.09f, &seed);
    fill(b2, H2, 0.1f, &seed);
    fill(&w3[0][0], OUT * H2, 0.125f, &seed);
    fill(b3, OUT, 0.1f, &seed);
    return 0;
}

static void dense(const float *in, int nin, const float *w, const float *b, float *out, int nout, int relu) {
    for (int o = 0; o < nout; o++) {
        float s = b[o];
        for (int i = 0; i < nin; i++) s += w[o * nin + i] * in[i];
        out[o] = relu && s < 0 ? 0 : s;
    }
}

static void forward(void) {
    float h1[H1], h2[H2], logits[OUT];
    for (int s = 0; s < batch; s++) {
        dense(x[s], IN, &w1[0][0], b1, h1, H1, 1);
        dense(h1, H1, &w2[0][0], b2, h2, H2, 1);
        dense(h2, H2, &w3[0][0], b3, logits, OUT, 0);
        float max = logits[0], sum = 0;
        for (int o = 1; o < OUT; o++) max = logits[o] > max ? logits[o] : max;
        for (int o = 0; o < OUT; o++) sum += probs[s][o] = exp_approx(logits[o] - max);
        for (int o = 0; o < OUT; o++) probs[s][o] /= sum;
    }
}

uint32_t bench_run(int32_t iterations) {
    for (int i = 0; i < iterations; i++) forward();
    uint32_t h = HASH_SEED;
    for (int s = 0; s < batch; s++)
        for (int o = 0; o < OUT; o++) h = hash_f32(h, probs[s][o]);
    return h;
}
