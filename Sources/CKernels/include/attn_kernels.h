// Small dense kernels for shapes where a BLAS call costs more than the arithmetic (a decoder
// step's [1, 256]·[256, 10]: 0.8–0.9 µs through sgemm with OpenBLAS's Zen kernels, 0.15–0.27 µs
// here). Each has variants compiled for AVX-512, AVX2+FMA and baseline
// x86-64 (or plain C elsewhere); the variant is chosen once, on first use, from cpuid.
#ifndef ATTN_KERNELS_H
#define ATTN_KERNELS_H

#include <stddef.h>

/// C[m×n] (row-major, leading dimension ldc) = A·B, or += A·B when `accumulate`.
/// A[i, p] is at a[i·lda + p], or at a[p·lda + i] when `trans_a`; B[p, j] is at b[p·ldb + j],
/// or at b[j·ldb + p] when `trans_b` — the layouts BLAS reads without a copy.
void attn_small_gemm(int m, int n, int k,
                     const float *a, int lda, int trans_a,
                     const float *b, int ldb, int trans_b,
                     float *c, int ldc, int accumulate);

/// The instruction set the kernels run with: "avx512", "avx2" or "generic". `ATTN_ISA` set to
/// one of those (or lower) picks it instead of cpuid, to measure each variant on one machine.
const char *attn_kernels_isa(void);

/// Switches the kernels to "avx512", "avx2" or "generic" (NULL: the best the CPU has); returns
/// 0, changing nothing, when the CPU lacks it. For tests, which check every variant it has.
int attn_kernels_use(const char *isa);

#endif
