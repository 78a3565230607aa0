// The CPU's measured single-precision peak: independent FMA chains held in registers (no memory
// traffic), on one thread and on every CPU at once. The peak sgemm is compared against in
// Benchmarks/RESULTS.md; a datasheet figure would assume a clock this VM may not run at.
//   cc -O2 -pthread Benchmarks/peak_flops.c -o peak && ./peak    prints RESULT lines (GFLOP/s)
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { CHAINS = 12, ROUNDS = 40 * 1000 * 1000 };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// Twelve accumulators hide the FMA latency (4 cycles) at two FMAs per cycle; the sum is
// printed so that the loop cannot be removed. Returns floating-point operations done.
__attribute__((target("avx512f"))) static double chains512(void) {
    __m512 acc[CHAINS], x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
    for (int c = 0; c < CHAINS; c++) acc[c] = _mm512_set1_ps((float)c);
    for (long r = 0; r < ROUNDS; r++)
        for (int c = 0; c < CHAINS; c++) acc[c] = _mm512_fmadd_ps(acc[c], x, y);
    float sink = 0;
    for (int c = 0; c < CHAINS; c++) sink += _mm512_reduce_add_ps(acc[c]);
    if (sink == 1234.5f) puts("");
    return 2.0 * 16 * CHAINS * ROUNDS;
}

__attribute__((target("avx2,fma"))) static double chains256(void) {
    __m256 acc[CHAINS], x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
    for (int c = 0; c < CHAINS; c++) acc[c] = _mm256_set1_ps((float)c);
    for (long r = 0; r < ROUNDS; r++)
        for (int c = 0; c < CHAINS; c++) acc[c] = _mm256_fmadd_ps(acc[c], x, y);
    float lanes[8], sink = 0;
    for (int c = 0; c < CHAINS; c++) {
        _mm256_storeu_ps(lanes, acc[c]);
        for (int l = 0; l < 8; l++) sink += lanes[l];
    }
    if (sink == 1234.5f) puts("");
    return 2.0 * 8 * CHAINS * ROUNDS;
}

/// AVX-512 when the CPU has it, unless ATTN_ISA asks for AVX2 (as attn's kernels read it).
static int use512(void) {
    const char *isa = getenv("ATTN_ISA");
    return __builtin_cpu_supports("avx512f") && !(isa && strcmp(isa, "avx512") != 0);
}

static void *run(void *flops) {
    *(double *)flops = use512() ? chains512() : chains256();
    return NULL;
}

/// GFLOP/s of `threads` threads running the chains at once: the best of ten trials, since other
/// processes on the host only ever lower a trial (one run of three trials here once read 72 %).
static double peak(int threads) {
    double best = 0;
    for (int trial = 0; trial < 10; trial++) {
        pthread_t t[64];
        double flops[64];
        double start = now();
        for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, run, &flops[i]);
        double total = 0;
        for (int i = 0; i < threads; i++) { pthread_join(t[i], NULL); total += flops[i]; }
        double rate = total / (now() - start) / 1e9;
        if (rate > best) best = rate;
    }
    return best;
}

int main(void) {
    __builtin_cpu_init();
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (cpus < 1) cpus = 1;
    if (cpus > 64) cpus = 64;
    printf("INFO peak: %s FMA chains, %ld CPUs\n", use512() ? "AVX-512" : "AVX2", cpus);
    printf("RESULT peak.one %.1f\n", peak(1));
    printf("RESULT peak.all %.1f\n", peak((int)cpus));
    return 0;
}
