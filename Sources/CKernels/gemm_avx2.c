// The AVX2 + FMA variant of attn_gemm: gemm_avx512.c's loops with eight-float registers.
#include "kernels_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <stddef.h>

#define TARGET __attribute__((target("avx2,fma")))

static TARGET inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/// Lanes below `count` set (maskload and maskstore touch no element past the mask).
static TARGET inline __m256i first(int count) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// Row i of C from rows of B: 64 columns at a time in eight registers, then 16 at a time with
/// four accumulators per register, one per p mod 4 (see gemm_avx512.c).
static TARGET void row_from_b_rows(int i, int n, int k, const float *a, int lda, int trans_a,
                                   const float *b, int ldb, float *crow, int accumulate) {
    int j = 0;
    for (; j + 64 <= n; j += 64) {
        __m256 r[8];
        for (int u = 0; u < 8; u++) r[u] = _mm256_setzero_ps();
        const float *brow = b + j;
        for (int p = 0; p < k; p++, brow += ldb) {
            __m256 av = _mm256_set1_ps(A_AT(i, p));
            for (int u = 0; u < 8; u++) r[u] = _mm256_fmadd_ps(av, _mm256_loadu_ps(brow + 8 * u), r[u]);
        }
        for (int u = 0; u < 8; u++) {
            if (accumulate) r[u] = _mm256_add_ps(r[u], _mm256_loadu_ps(crow + j + 8 * u));
            _mm256_storeu_ps(crow + j + 8 * u, r[u]);
        }
    }
    for (; j < n; j += 16) {
        __m256i mask0 = first(n - j), mask1 = first(n - j - 8);
        __m256 x0 = _mm256_setzero_ps(), x1 = x0, x2 = x0, x3 = x0;
        __m256 y0 = x0, y1 = x0, y2 = x0, y3 = x0;
        const float *brow = b + j;
        int p = 0;
#define STEP(x, y, u) { \
            __m256 av = _mm256_set1_ps(A_AT(i, p + (u))); \
            x = _mm256_fmadd_ps(av, _mm256_maskload_ps(brow + (size_t)(u) * ldb, mask0), x); \
            y = _mm256_fmadd_ps(av, _mm256_maskload_ps(brow + (size_t)(u) * ldb + 8, mask1), y); }
        for (; p + 4 <= k; p += 4, brow += (size_t)4 * ldb) { STEP(x0, y0, 0) STEP(x1, y1, 1) STEP(x2, y2, 2) STEP(x3, y3, 3) }
        for (; p < k; p++, brow += ldb) STEP(x0, y0, 0)
#undef STEP
        __m256 acc0 = _mm256_add_ps(_mm256_add_ps(x0, x1), _mm256_add_ps(x2, x3));
        __m256 acc1 = _mm256_add_ps(_mm256_add_ps(y0, y1), _mm256_add_ps(y2, y3));
        if (accumulate) {
            acc0 = _mm256_add_ps(acc0, _mm256_maskload_ps(crow + j, mask0));
            acc1 = _mm256_add_ps(acc1, _mm256_maskload_ps(crow + j + 8, mask1));
        }
        _mm256_maskstore_ps(crow + j, mask0, acc0);
        _mm256_maskstore_ps(crow + j + 8, mask1, acc1);
    }
}

/// Row i of C as dot products with B's contiguous columns, four columns per load of A.
static TARGET void row_from_b_columns(int n, int k, const float *arow, const float *b, int ldb,
                                      float *crow, int accumulate) {
    int j = 0;
    for (; j + 4 <= n; j += 4) {
        const float *b0 = b + (size_t)j * ldb, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
        __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
        int p = 0;
        for (; p + 8 <= k; p += 8) {
            __m256 av = _mm256_loadu_ps(arow + p);
            s0 = _mm256_fmadd_ps(av, _mm256_loadu_ps(b0 + p), s0);
            s1 = _mm256_fmadd_ps(av, _mm256_loadu_ps(b1 + p), s1);
            s2 = _mm256_fmadd_ps(av, _mm256_loadu_ps(b2 + p), s2);
            s3 = _mm256_fmadd_ps(av, _mm256_loadu_ps(b3 + p), s3);
        }
        float d[4] = {hsum(s0), hsum(s1), hsum(s2), hsum(s3)};
        for (; p < k; p++) {
            d[0] += arow[p] * b0[p]; d[1] += arow[p] * b1[p]; d[2] += arow[p] * b2[p]; d[3] += arow[p] * b3[p];
        }
        for (int u = 0; u < 4; u++) crow[j + u] = accumulate ? crow[j + u] + d[u] : d[u];
    }
    for (; j < n; j++) {
        const float *bcol = b + (size_t)j * ldb;
        __m256 s0 = _mm256_setzero_ps(), s1 = s0;
        int p = 0;
        for (; p + 16 <= k; p += 16) {
            s0 = _mm256_fmadd_ps(_mm256_loadu_ps(arow + p), _mm256_loadu_ps(bcol + p), s0);
            s1 = _mm256_fmadd_ps(_mm256_loadu_ps(arow + p + 8), _mm256_loadu_ps(bcol + p + 8), s1);
        }
        float d = hsum(_mm256_add_ps(s0, s1));
        for (; p < k; p++) d += arow[p] * bcol[p];
        crow[j] = accumulate ? crow[j] + d : d;
    }
}

TARGET void attn_gemm_avx2(int m, int n, int k, const float *a, int lda, int trans_a,
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
