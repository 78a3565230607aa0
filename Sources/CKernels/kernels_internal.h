// Declarations shared by the kernel files; not part of the public header.
#ifndef ATTN_KERNELS_INTERNAL_H
#define ATTN_KERNELS_INTERNAL_H

/// One instruction-set variant of the product C = A·B (+ C); arguments as `attn_gemm`.
typedef void (*attn_gemm_fn)(int m, int n, int k, const float *a, int lda, int trans_a,
                             const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate);

/// A[i, p] whichever way A is stored (inside a kernel with `a`, `lda`, `trans_a` in scope).
#define A_AT(i, p) (trans_a ? a[(size_t)(p) * lda + (i)] : a[(size_t)(i) * lda + (p)])

void attn_gemm_generic(int m, int n, int k, const float *a, int lda, int trans_a,
                       const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate);
#if defined(__x86_64__)
void attn_gemm_avx512(int m, int n, int k, const float *a, int lda, int trans_a,
                      const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate);
void attn_gemm_avx2(int m, int n, int k, const float *a, int lda, int trans_a,
                    const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate);
#endif

#endif
