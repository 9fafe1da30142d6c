/*
 * A Richards-like workload for a bytecode interpreter: three tasks, each a small stack-machine program,
 * run by a round-robin scheduler and exchanging messages through queues. The producer sends `size`
 * numbers, the worker mixes each one in an inner loop, and the consumer sums what it receives.
 * The cost is in the dispatch loop (a switch on the opcode), as in any interpreter.
 */
#include "bench.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, XOR, AND, SHR, LT, JMP, JZ, SEND, RECV, YIELD, HALT, DUP, POP };

#define TASKS 3
#define REGS 4
#define QUEUE 64
typedef struct {
    const int32_t *code;
    int pc, sp, halted;
    int32_t stack[16], regs[REGS];
    int32_t queue[QUEUE];
    int head, count;
} Task;

/* Producer: r0 = i; while (i < limit) { send(worker, i * 7 + 3); yield; i++ }. The limit is patched in at init. */
static int32_t producer[] = {
    /* 0 */ LOAD, 0, PUSH, 0 /* limit */, LT, JZ, 27,
    /* 7 */ LOAD, 0, PUSH, 7, MUL, PUSH, 3, ADD, SEND, 1,
    /* 17 */ YIELD, LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, 0,
    /* 27 */ HALT};
/* Worker: forever { v = recv; r1 = 0; while (r1 < 12) { r0 = (r0 * 31 + v) ^ (r0 >> 3); r1++ } send(consumer, r0 & 0xffff) }. */
static const int32_t worker[] = {
    /* 0 */ RECV, STORE, 2, PUSH, 0, STORE, 1,
    /* 7 */ LOAD, 1, PUSH, 12, LT, JZ, 39,
    /* 14 */ LOAD, 0, PUSH, 31, MUL, LOAD, 2, ADD, LOAD, 0, PUSH, 3, SHR, XOR, STORE, 0,
    /* 30 */ LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, 7,
    /* 39 */ LOAD, 0, PUSH, 0xffff, AND, SEND, 2, JMP, 0};
/* Consumer: forever { r0 += recv; r1++ }. */
static const int32_t consumer[] = {RECV, LOAD, 0, ADD, STORE, 0, LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, 0};

static Task tasks[TASKS];

int32_t bench_init(int32_t size) {
    if (size < 1) return -1;
    producer[3] = size;
    return 0;
}

/* Runs a task until it yields, blocks on an empty queue or halts; returns whether it made progress. */
static int step(Task *t) {
    int moved = 0;
    for (;;) {
        const int32_t *c = t->code;
        int32_t *s = t->stack;
        switch (c[t->pc]) {
        case PUSH: s[t->sp++] = c[t->pc + 1]; t->pc += 2; break;
        case LOAD: s[t->sp++] = t->regs[c[t->pc + 1]]; t->pc += 2; break;
        case STORE: t->regs[c[t->pc + 1]] = s[--t->sp]; t->pc += 2; break;
        case ADD: t->sp--; s[t->sp - 1] += s[t->sp]; t->pc++; break;
        case SUB: t->sp--; s[t->sp - 1] -= s[t->sp]; t->pc++; break;
        case MUL: t->sp--; s[t->sp - 1] = (int32_t) ((uint32_t) s[t->sp - 1] * (uint32_t) s[t->sp]); t->pc++; break;
        case XOR: t->sp--; s[t->sp - 1] ^= s[t->sp]; t->pc++; break;
        case AND: t->sp--; s[t->sp - 1] &= s[t->sp]; t->pc++; break;
        case SHR: t->sp--; s[t->sp - 1] = (int32_t) ((uint32_t) s[t->sp - 1] >> (s[t->sp] & 31)); t->pc++; break;
        case LT: t->sp--; s[t->sp - 1] = s[t->sp - 1] < s[t->sp]; t->pc++; break;
        case JMP: t->pc = c[t->pc + 1]; break;
        case JZ: t->pc = s[--t->sp] == 0 ? c[t->pc + 1] : t->pc + 2; break;
        case DUP: s[t->sp] = s[t->sp - 1]; t->sp++; t->pc++; break;
        case POP: t->sp--; t->pc++; break;
        case SEND: {
            Task *to = &tasks[c[t->pc + 1]];
            if (to->count == QUEUE) return moved; /* full: retry this instruction next round */
            to->queue[(to->head + to->count++) % QUEUE] = s[--t->sp];
            t->pc += 2;
            break;
        }
        case RECV:
            if (t->count == 0) return moved; /* empty: block until someone sends */
            s[t->sp++] = t->queue[t->head];
            t->head = (t->head + 1) % QUEUE;
            t->count--;
            t->pc++;
            break;
        case YIELD: t->pc++; return 1;
        default: t->halted = 1; return 1;
        }
        moved = 1;
    }
}

static uint32_t schedule(void) {
    const int32_t *programs[TASKS] = {producer, worker, consumer};
    memset(tasks, 0, sizeof tasks);
    for (int i = 0; i < TASKS; i++) tasks[i].code = programs[i];
    for (int progress = 1; progress;) {
        progress = 0;
        for (int i = 0; i < TASKS; i++)
            if (!tasks[i].halted) progress |= step(&tasks[i]);
    }
    uint32_t h = HASH_SEED;
    for (int i = 0; i < TASKS; i++)
        for (int r = 0; r < REGS; r++) h = hash_u32(h, (uint32_t) tasks[i].regs[r]);
    return h;
}

uint32_t bench_run(int32_t iterations) {
    uint32_t h = 0;
    for (int i = 0; i < iterations; i++) h = schedule();
    return h;
}
