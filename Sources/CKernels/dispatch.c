// Chooses the kernels' instruction set once, from cpuid (`ATTN_ISA` picks a lower one, to
// measure each variant on one machine), and the public entry points of the element kernels.
#include "attn_kernels.h"
#include "kernels_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const attn_kernel_table generic = {
    "generic", attn_gemm_generic, NULL, attn_exp_generic, attn_sigmoid_generic, attn_softmax_row_generic, attn_adam_generic};
#if defined(__x86_64__)
static const attn_kernel_table avx512 = {
    "avx512", attn_gemm_avx512, attn_gemm_packed_avx512, attn_exp_avx512, attn_sigmoid_avx512, attn_softmax_row_avx512, attn_adam_avx512};
static const attn_kernel_table avx2 = {
    "avx2", attn_gemm_avx2, attn_gemm_packed_avx2, attn_exp_avx2, attn_sigmoid_avx2, attn_softmax_row_avx2, attn_adam_avx2};
#endif

// Racing first calls from two threads both store the same choice.
static const attn_kernel_table *chosen;

int attn_kernels_use(const char *isa) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    int has512 = __builtin_cpu_supports("avx512f");
    int has2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (!isa) isa = has512 ? "avx512" : has2 ? "avx2" : "generic";
    if (strcmp(isa, "avx512") == 0 && has512) { chosen = &avx512; return 1; }
    if (strcmp(isa, "avx2") == 0 && has2) { chosen = &avx2; return 1; }
#endif
    if (!isa || strcmp(isa, "generic") == 0) { chosen = &generic; return 1; }
    return 0;
}

const attn_kernel_table *attn_kernels(void) {
    if (!chosen && !attn_kernels_use(getenv("ATTN_ISA"))) attn_kernels_use(NULL);
    return chosen;
}

const char *attn_kernels_isa(void) { return attn_kernels()->isa; }

void attn_exp(const float *x, float *y, long n) { attn_kernels()->exp(x, y, n); }
void attn_sigmoid(const float *x, float *y, long n) { attn_kernels()->sigmoid(x, y, n); }
void attn_softmax_row(const float *x, float *y, long n, int log) { attn_kernels()->softmax_row(x, y, n, log); }

// The plain versions: glibc's expf, the same formulas.
void attn_exp_generic(const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) y[i] = expf(x[i]);
}

void attn_sigmoid_generic(const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) y[i] = 1 / (1 + expf(-x[i]));
}

void attn_softmax_row_generic(const float *x, float *y, long n, int log) {
    float top = -INFINITY;
    for (long i = 0; i < n; i++) if (x[i] > top || x[i] != x[i]) top = x[i];
    float total = 0;
    for (long i = 0; i < n; i++) {
        float e = expf(x[i] - top);
        if (!log) y[i] = e;
        total += e;
    }
    if (log) {
        float shift = top + logf(total);
        for (long i = 0; i < n; i++) y[i] = x[i] - shift;
    } else {
        float inv = 1 / total;
        for (long i = 0; i < n; i++) y[i] *= inv;
    }
}

#pragma clang fp contract(off)
void attn_adam_generic(float *w, const float *g, float *m, float *v, long n, const attn_adam_settings *s) {
    for (long i = 0; i < n; i++) {
        float gi = g[i];
        if (s->weight_decay != 0) gi += s->weight_decay * w[i];
        float mi = s->low_weight ? m[i] + s->weight1 * (gi - m[i]) : gi - (gi - m[i]) * (1 - s->weight1);
        float vi = v[i] * s->beta2 + gi * gi * s->weight2;
        m[i] = mi;
        v[i] = vi;
        w[i] -= s->step_size * (mi / (sqrtf(vi) / s->correction2_sqrt + s->eps));
    }
}
