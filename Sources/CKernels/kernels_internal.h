// Declarations shared by the kernel files; not part of the public header.
#ifndef ATTN_KERNELS_INTERNAL_H
#define ATTN_KERNELS_INTERNAL_H

#include "attn_kernels.h"

/// A[i, p] whichever way A is stored (inside a kernel with `a`, `lda`, `trans_a` in scope).
#define A_AT(i, p) (trans_a ? a[(size_t)(p) * lda + (i)] : a[(size_t)(i) * lda + (p)])

typedef void (*attn_map_fn)(const float *x, float *y, long n);
typedef void (*attn_softmax_row_fn)(const float *x, float *y, long n, int log);

typedef void (*attn_adam_fn)(float *w, const float *g, float *m, float *v, long n, const attn_adam_settings *s);

/// The kernels of one instruction set, chosen once (dispatch.c).
typedef struct {
    const char *isa;
    attn_gemm_fn gemm;
    attn_gemm_fn gemm_packed;       // NULL: none for this instruction set
    attn_map_fn exp, sigmoid;
    attn_softmax_row_fn softmax_row;
    attn_adam_fn adam;
} attn_kernel_table;

/// The table in use; set on first use of any kernel.
const attn_kernel_table *attn_kernels(void);

void attn_exp_generic(const float *x, float *y, long n);
void attn_sigmoid_generic(const float *x, float *y, long n);
void attn_softmax_row_generic(const float *x, float *y, long n, int log);
void attn_adam_generic(float *w, const float *g, float *m, float *v, long n, const attn_adam_settings *s);
void attn_gemm_generic(int m, int n, int k, const float *a, int lda, int trans_a,
                       const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate);
#if defined(__x86_64__)
void attn_gemm_avx512(int m, int n, int k, const float *a, int lda, int trans_a,
                      const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate);
void attn_gemm_avx2(int m, int n, int k, const float *a, int lda, int trans_a,
                    const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate);
void attn_gemm_packed_avx512(int m, int n, int k, const float *a, int lda, int trans_a,
                             const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate);
void attn_gemm_packed_avx2(int m, int n, int k, const float *a, int lda, int trans_a,
                           const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate);
void attn_exp_avx512(const float *x, float *y, long n);
void attn_sigmoid_avx512(const float *x, float *y, long n);
void attn_softmax_row_avx512(const float *x, float *y, long n, int log);
void attn_adam_avx512(float *w, const float *g, float *m, float *v, long n, const attn_adam_settings *s);
void attn_exp_avx2(const float *x, float *y, long n);
void attn_sigmoid_avx2(const float *x, float *y, long n);
void attn_softmax_row_avx2(const float *x, float *y, long n, int log);
void attn_adam_avx2(float *w, const float *g, float *m, float *v, long n, const attn_adam_settings *s);
#endif

#endif
