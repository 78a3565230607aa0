// The AVX-512 variant of attn_gemm (see small_gemm.c for the layouts and when it runs).
#include "kernels_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <stddef.h>

#define TARGET __attribute__((target("avx512f")))

static TARGET inline __mmask16 first(int count) {
    return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? 0 : (__mmask16)((1u << count) - 1);
}

/// Row i of C from rows of B (B[p, j] at b[p·ldb + j]): C[i, j..] += A[i, p]·B[p, j..].
/// 128 columns at a time in eight registers (eight independent FMA chains), then 32 at a time
/// with four accumulators per register, one per p mod 4: a single chain would wait on each FMA's
/// latency (4 cycles) for every row of B, 1,000 cycles for K = 256.
static TARGET void row_from_b_rows(int i, int n, int k, const float *a, int lda, int trans_a,
                                   const float *b, int ldb, float *crow, int accumulate) {
    int j = 0;
    for (; j + 128 <= n; j += 128) {
        __m512 r[8];
        for (int u = 0; u < 8; u++) r[u] = _mm512_setzero_ps();
        const float *brow = b + j;
        for (int p = 0; p < k; p++, brow += ldb) {
            __m512 av = _mm512_set1_ps(A_AT(i, p));
            for (int u = 0; u < 8; u++) r[u] = _mm512_fmadd_ps(av, _mm512_loadu_ps(brow + 16 * u), r[u]);
        }
        for (int u = 0; u < 8; u++) {
            if (accumulate) r[u] = _mm512_add_ps(r[u], _mm512_loadu_ps(crow + j + 16 * u));
            _mm512_storeu_ps(crow + j + 16 * u, r[u]);
        }
    }
    for (; j < n; j += 32) {
        __mmask16 m0 = first(n - j), m1 = first(n - j - 16);
        __m512 x0 = _mm512_setzero_ps(), x1 = x0, x2 = x0, x3 = x0;
        __m512 y0 = x0, y1 = x0, y2 = x0, y3 = x0;
        const float *brow = b + j;
        int p = 0;
#define STEP(x, y, u) { \
            __m512 av = _mm512_set1_ps(A_AT(i, p + (u))); \
            x = _mm512_fmadd_ps(av, _mm512_maskz_loadu_ps(m0, brow + (size_t)(u) * ldb), x); \
            if (m1) y = _mm512_fmadd_ps(av, _mm512_maskz_loadu_ps(m1, brow + (size_t)(u) * ldb + 16), y); }
        for (; p + 4 <= k; p += 4, brow += (size_t)4 * ldb) { STEP(x0, y0, 0) STEP(x1, y1, 1) STEP(x2, y2, 2) STEP(x3, y3, 3) }
        for (; p < k; p++, brow += ldb) STEP(x0, y0, 0)
#undef STEP
        __m512 acc0 = _mm512_add_ps(_mm512_add_ps(x0, x1), _mm512_add_ps(x2, x3));
        __m512 acc1 = _mm512_add_ps(_mm512_add_ps(y0, y1), _mm512_add_ps(y2, y3));
        if (accumulate) {
            acc0 = _mm512_add_ps(acc0, _mm512_maskz_loadu_ps(m0, crow + j));
            acc1 = _mm512_add_ps(acc1, _mm512_maskz_loadu_ps(m1, crow + j + 16));
        }
        _mm512_mask_storeu_ps(crow + j, m0, acc0);
        _mm512_mask_storeu_ps(crow + j + 16, m1, acc1);
    }
}

/// Row i of C as dot products of A's contiguous row with B's contiguous columns (B[p, j] at
/// b[j·ldb + p], a weight W [N, K] read as Wᵀ): four columns at a time share each load of A.
static TARGET void row_from_b_columns(int n, int k, const float *arow, const float *b, int ldb,
                                      float *crow, int accumulate) {
    int j = 0;
    for (; j + 4 <= n; j += 4) {
        const float *b0 = b + (size_t)j * ldb, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
        __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
        for (int p = 0; p < k; p += 16) {
            __mmask16 mk = first(k - p);
            __m512 av = _mm512_maskz_loadu_ps(mk, arow + p);
            s0 = _mm512_fmadd_ps(av, _mm512_maskz_loadu_ps(mk, b0 + p), s0);
            s1 = _mm512_fmadd_ps(av, _mm512_maskz_loadu_ps(mk, b1 + p), s1);
            s2 = _mm512_fmadd_ps(av, _mm512_maskz_loadu_ps(mk, b2 + p), s2);
            s3 = _mm512_fmadd_ps(av, _mm512_maskz_loadu_ps(mk, b3 + p), s3);
        }
        float d[4] = {_mm512_reduce_add_ps(s0), _mm512_reduce_add_ps(s1), _mm512_reduce_add_ps(s2), _mm512_reduce_add_ps(s3)};
        for (int u = 0; u < 4; u++) crow[j + u] = accumulate ? crow[j + u] + d[u] : d[u];
    }
    for (; j < n; j++) {
        const float *bcol = b + (size_t)j * ldb;
        __m512 s0 = _mm512_setzero_ps(), s1 = s0;
        int p = 0;
        for (; p + 32 <= k; p += 32) {
            s0 = _mm512_fmadd_ps(_mm512_loadu_ps(arow + p), _mm512_loadu_ps(bcol + p), s0);
            s1 = _mm512_fmadd_ps(_mm512_loadu_ps(arow + p + 16), _mm512_loadu_ps(bcol + p + 16), s1);
        }
        for (; p < k; p += 16) {
            __mmask16 mk = first(k - p);
            s0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mk, arow + p), _mm512_maskz_loadu_ps(mk, bcol + p), s0);
        }
        float d = _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
        crow[j] = accumulate ? crow[j] + d : d;
    }
}

TARGET void attn_gemm_avx512(int m, int n, int k, const float *a, int lda, int trans_a,
                             const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate) {
    if (trans_b && trans_a) {
        attn_gemm_generic(m, n, k, a, lda, trans_a, b, ldb, trans_b, c, ldc, accumulate);
        return;
    }
    for (int i = 0; i < m; i++) {
        float *crow = c + (size_t)i * ldc;
        if (trans_b) row_from_b_columns(n, k, a + (size_t)i * lda, b, ldb, crow, accumulate);
        else row_from_b_rows(i, n, k, a, lda, trans_a, b, ldb, crow, accumulate);
    }
}
#endif
