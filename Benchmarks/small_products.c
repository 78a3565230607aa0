// Small products: attn's own kernel (Sources/CKernels) against OpenBLAS's sgemm and, for one
// row, sgemv, on the shapes of a decoder step; then attn's packed kernel against sgemm on
// batches of mid-size products. Prints the best time per call of 30 batches (the minimum
// filters out other processes). `make bench-kernels` builds and runs it: once as the CPU is,
// once with OPENBLAS_CORETYPE=Zen and ATTN_ISA=avx2 (the AVX2 machine kind's libraries). The
// crossovers in Sources/TensorRuntime/Ops/Blas.swift are read off this.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cblas.h>
#include "attn_kernels.h"

void openblas_set_num_threads(int);
char *openblas_get_corename(void);

enum { ATTN, SGEMM, SGEMV };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static double best_us(int how, int m, int n, int k, int trans_b, float *a, float *b, float *c) {
    int ldb = trans_b ? k : n, reps = 2000000 / (m * n * k + 2000) + 20;
    double best = 1e9;
    for (int r = 0; r < 30; r++) {
        double t0 = now();
        for (int i = 0; i < reps; i++) {
            if (how == ATTN) attn_gemm(m, n, k, a, k, 0, b, ldb, trans_b, c, n, 0);
            else if (how == SGEMV && trans_b) cblas_sgemv(CblasRowMajor, CblasNoTrans, n, k, 1, b, k, a, 1, 0, c, 1);
            else if (how == SGEMV) cblas_sgemv(CblasRowMajor, CblasTrans, k, n, 1, b, n, a, 1, 0, c, 1);
            else cblas_sgemm(CblasRowMajor, CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans, m, n, k, 1,
                             a, k, b, ldb, 0, c, n);
        }
        double t = (now() - t0) / reps;
        if (t < best) best = t;
    }
    return best * 1e6;
}

/// Best µs per product over a batch of `count` [m, k]·[k, n] products, each with its own
/// matrices (8–16 MB in all, so that they come from memory as in a bmm); B row-major or
/// stored transposed (attention's q·kᵀ).
static double batch_us(int packed, int trans_b, int m, int n, int k, int count, float *a, float *b, float *c) {
    int ldb = trans_b ? k : n;
    double best = 1e9;
    for (int r = 0; r < 30; r++) {
        double t0 = now();
        for (int t = 0; t < count; t++) {
            float *at = a + (size_t)t * m * k, *bt = b + (size_t)t * k * n, *ct = c + (size_t)t * m * n;
            if (packed) attn_gemm_packed(m, n, k, at, k, 0, bt, ldb, trans_b, ct, n, 0);
            else cblas_sgemm(CblasRowMajor, CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans, m, n, k, 1, at, k,
                             bt, ldb, 0, ct, n);
        }
        double t = (now() - t0) / count;
        if (t < best) best = t;
    }
    return best * 1e6;
}

static void packed_table(void) {
    printf("\n| batch × [m, k]·[k, n] | packed (µs) | sgemm (µs) | packed / sgemm | B stored transposed: packed / sgemm |\n"
           "|---|---:|---:|---:|---:|\n");
    static const int shapes[][3] = {{32, 32, 32}, {64, 64, 64}, {96, 96, 96}, {64, 128, 64}, {128, 64, 128},
                                    {128, 128, 128}, {64, 256, 64}, {256, 64, 256}, {160, 160, 160}};
    size_t size = (size_t)4 << 20;
    float *a = malloc(sizeof(float) * size), *b = malloc(sizeof(float) * size), *c = malloc(sizeof(float) * size);
    if (!a || !b || !c) return;
    for (size_t i = 0; i < size; i++) { a[i] = rand() / (float)RAND_MAX; b[i] = rand() / (float)RAND_MAX; c[i] = 0; }
    for (unsigned s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        int largest = m * k > k * n ? m * k : k * n;
        int count = (int)(size / (size_t)(largest > m * n ? largest : m * n));
        double packed = batch_us(1, 0, m, n, k, count, a, b, c), blas = batch_us(0, 0, m, n, k, count, a, b, c);
        double packed_t = batch_us(1, 1, m, n, k, count, a, b, c), blas_t = batch_us(0, 1, m, n, k, count, a, b, c);
        printf("| %d × [%d, %d]·[%d, %d] | %.2f | %.2f | %.2f | %.2f |\n", count, m, k, k, n, packed, blas,
               packed / blas, packed_t / blas_t);
    }
    free(a); free(b); free(c);
}

int main(void) {
    openblas_set_num_threads(1);
    printf("attn kernels: %s; OpenBLAS core: %s (one thread)\n", attn_kernels_isa(), openblas_get_corename());
    printf("| m | n | k | B | attn (µs) | sgemm (µs) | sgemv (µs) |\n|---|---|---|---|---:|---:|---:|\n");
    static const int shapes[][3] = {{1, 10, 256}, {1, 64, 256}, {1, 256, 256}, {1, 768, 256}, {1, 2000, 256},
                                    {1, 256, 1024}, {1, 256, 2000},
                                    {2, 64, 64}, {4, 10, 256}, {8, 8, 8}, {16, 16, 16}, {32, 32, 32}};
    float *a = malloc(sizeof(float) << 20), *b = malloc(sizeof(float) << 20), *c = malloc(sizeof(float) << 20);
    if (!a || !b || !c) return 1;
    for (int i = 0; i < 1 << 20; i++) { a[i] = rand() / (float)RAND_MAX; b[i] = rand() / (float)RAND_MAX; }
    for (unsigned s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        for (int trans_b = 0; trans_b < 2; trans_b++) {
            printf("| %d | %d | %d | %s | %.3f | %.3f |", m, n, k, trans_b ? "Wᵀ" : "row-major",
                   best_us(ATTN, m, n, k, trans_b, a, b, c), best_us(SGEMM, m, n, k, trans_b, a, b, c));
            if (m == 1) printf(" %.3f |\n", best_us(SGEMV, m, n, k, trans_b, a, b, c));
            else printf(" — |\n");
        }
    }
    packed_table();
    return 0;
}
