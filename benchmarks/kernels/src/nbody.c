/* N-body simulation of five bodies (a Sun and four planets), `size` steps of dt = 0.01; f64. */
#include "bench.h"

#define BODIES 5
typedef struct { double x, y, z, vx, vy, vz, mass; } Body;

static Body start[BODIES], bodies[BODIES];
static int steps;

int32_t bench_init(int32_t size) {
    if (size < 1) return -1;
    steps = size;
    /* Orbits chosen by us: circular-ish, with masses and radii in arbitrary consistent units. */
    const double solar = 39.47841760435743; /* 4 pi^2: one unit orbit per year */
    start[0] = (Body) {0, 0, 0, 0, 0, 0, solar};
    for (int i = 1; i < BODIES; i++) {
        double r = 1.0 + 2.5 * i, v = __builtin_sqrt(solar / r);
        start[i] = (Body) {r, 0.1 * i, -0.05 * i, 0.01 * i, v, 0.002 * i, solar * 1e-3 / i};
    }
    return 0;
}

static double energy(void) {
    double e = 0;
    for (int i = 0; i < BODIES; i++) {
        Body *b = &bodies[i];
        e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
        for (int j = i + 1; j < BODIES; j++) {
            double dx = b->x - bodies[j].x, dy = b->y - bodies[j].y, dz = b->z - bodies[j].z;
            e -= b->mass * bodies[j].mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static void advance(double dt) {
    for (int i = 0; i < BODIES; i++) {
        Body *b = &bodies[i];
        for (int j = i + 1; j < BODIES; j++) {
            Body *c = &bodies[j];
            double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * __builtin_sqrt(d2));
            b->vx -= dx * c->mass * mag; b->vy -= dy * c->mass * mag; b->vz -= dz * c->mass * mag;
            c->vx += dx * b->mass * mag; c->vy += dy * b->mass * mag; c->vz += dz * b->mass * mag;
        }
    }
    for (int i = 0; i < BODIES; i++) {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

uint32_t bench_run(int32_t iterations) {
    uint32_t h = 0;
    for (int it = 0; it < iterations; it++) {
        memcpy(bodies, start, sizeof bodies);
        h = hash_f64(HASH_SEED, energy());
        for (int s = 0; s < steps; s++) advance(0.01);
        h = hash_f64(h, energy());
    }
    return h;
}
