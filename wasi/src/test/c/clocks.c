// Clocks, sleeping through poll_oneoff, sched_yield and random_get.
//! exit: 0
//! out: res realtime ok
//! out: res monotonic ok
//! out: res process ok
//! out: res thread ok
//! out: realtime after 2020: yes
//! out: monotonic never goes back: yes
//! out: cpu clocks advance: yes
//! out: slept at least 20ms: yes
//! out: invalid clock: 28
//! out: sched_yield: 0
//! out: random bytes differ: yes
//! out: large random_get: 0
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sched.h>
#include <wasi/api.h>

static long long ns(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void) {
    const char *names[] = {"realtime", "monotonic", "process", "thread"};
    clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
    for (int i = 0; i < 4; i++) {
        struct timespec res;
        int rc = clock_getres(ids[i], &res);
        long long r = res.tv_sec * 1000000000LL + res.tv_nsec;
        printf("res %s %s\n", names[i], rc == 0 && r > 0 && r <= 1000000 ? "ok" : "bad");
    }
    printf("realtime after 2020: %s\n", ns(CLOCK_REALTIME) > 1577836800LL * 1000000000LL ? "yes" : "no");
    long long prev = ns(CLOCK_MONOTONIC);
    int ok = 1;
    for (int i = 0; i < 1000; i++) {
        long long now = ns(CLOCK_MONOTONIC);
        if (now < prev) ok = 0;
        prev = now;
    }
    printf("monotonic never goes back: %s\n", ok ? "yes" : "no");
    long long p0 = ns(CLOCK_PROCESS_CPUTIME_ID), t0 = ns(CLOCK_THREAD_CPUTIME_ID);
    volatile double x = 0;
    for (int i = 0; i < 3000000; i++) x += i * 0.5;
    printf("cpu clocks advance: %s\n", ns(CLOCK_PROCESS_CPUTIME_ID) > p0 && ns(CLOCK_THREAD_CPUTIME_ID) > t0 ? "yes" : "no");
    long long before = ns(CLOCK_MONOTONIC);
    struct timespec req = {0, 20 * 1000000};
    nanosleep(&req, NULL);
    printf("slept at least 20ms: %s\n", ns(CLOCK_MONOTONIC) - before >= 20000000LL ? "yes" : "no");
    __wasi_timestamp_t t;
    printf("invalid clock: %d\n", __wasi_clock_time_get(99, 1, &t));
    printf("sched_yield: %d\n", sched_yield());
    unsigned char a[32] = {0}, b[32] = {0};
    __wasi_random_get(a, sizeof a);
    __wasi_random_get(b, sizeof b);
    printf("random bytes differ: %s\n", memcmp(a, b, sizeof a) != 0 ? "yes" : "no");
    static unsigned char big[100000];
    printf("large random_get: %d\n", __wasi_random_get(big, sizeof big));
    return 0;
}
