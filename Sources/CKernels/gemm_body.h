// attn_gemm's instruction-set variants, written once over the vector macros that
// kernels_avx512.c and kernels_avx2.c define (vec, LANES, LOADN, LOADM, STOREN, FMA, ..., SUFFIX)
// and included by each. See gemm.c for the layouts and when these run.

#include <stddef.h>

/// `count` (≤ 2·LANES) columns of a row of C from rows of B, A's row at arow[p·a_step], in
/// `registers` (1 or 2) registers with four accumulators each, one per p mod 4. Inlined with
/// constant `registers` and `a_step` where they are known, and the masks made once: the tiny
/// products of a decoder step (n = 10) spend their time here.
static TARGET inline __attribute__((always_inline))
void narrow_columns(int registers, int k, const float *arow, long a_step,
                    const float *b, int ldb, float *crow, int count, int accumulate) {
    lanes_mask m0 = MASK(count), m1 = MASK(count - LANES);
    vec x0 = SET1(0.0f), x1 = x0, x2 = x0, x3 = x0, y0 = x0, y1 = x0, y2 = x0, y3 = x0;
    const float *brow = b;
    int p = 0;
#define STEP(x, y, u) { \
        vec av = SET1(arow[(p + (u)) * a_step]); \
        x = FMA(av, LOADM(brow + (size_t)(u) * ldb, m0), x); \
        if (registers == 2) y = FMA(av, LOADM(brow + (size_t)(u) * ldb + LANES, m1), y); }
    for (; p + 4 <= k; p += 4, brow += (size_t)4 * ldb) { STEP(x0, y0, 0) STEP(x1, y1, 1) STEP(x2, y2, 2) STEP(x3, y3, 3) }
    for (; p < k; p++, brow += ldb) STEP(x0, y0, 0)
#undef STEP
    vec acc0 = ADD(ADD(x0, x1), ADD(x2, x3)), acc1 = ADD(ADD(y0, y1), ADD(y2, y3));
    if (accumulate) {
        acc0 = ADD(acc0, LOADN(crow, count));
        if (registers == 2) acc1 = ADD(acc1, LOADN(crow + LANES, count - LANES));
    }
    STOREN(crow, acc0, count);
    if (registers == 2) STOREN(crow + LANES, acc1, count - LANES);
}

/// Row i of C from rows of B (B[p, j] at b[p·ldb + j]): C[i, j..] += A[i, p]·B[p, j..].
/// Eight registers of columns at a time (eight independent FMA chains), then two registers
/// with four accumulators per register, one per p mod 4: a single chain would wait on each
/// FMA's latency (4 cycles) for every row of B, 1,000 cycles for K = 256.
static TARGET void row_from_b_rows(int i, int n, int k, const float *a, int lda, int trans_a,
                                   const float *b, int ldb, float *crow, int accumulate) {
    int j = 0;
    for (; j + 8 * LANES <= n; j += 8 * LANES) {
        vec r[8];
        for (int u = 0; u < 8; u++) r[u] = SET1(0.0f);
        const float *brow = b + j;
        for (int p = 0; p < k; p++, brow += ldb) {
            vec av = SET1(A_AT(i, p));
            for (int u = 0; u < 8; u++) r[u] = FMA(av, LOAD(brow + LANES * u), r[u]);
        }
        for (int u = 0; u < 8; u++) {
            if (accumulate) r[u] = ADD(r[u], LOAD(crow + j + LANES * u));
            STORE(crow + j + LANES * u, r[u]);
        }
    }
    for (; j < n; j += 2 * LANES) {
        int left0 = n - j, left1 = n - j - LANES;
        const float *bj = b + j;
        float *cj = crow + j;
        if (trans_a) {
            if (left1 > 0) narrow_columns(2, k, a + i, lda, bj, ldb, cj, left0, accumulate);
            else narrow_columns(1, k, a + i, lda, bj, ldb, cj, left0, accumulate);
        } else {
            const float *arow = a + (size_t)i * lda;
            if (left1 > 0) narrow_columns(2, k, arow, 1, bj, ldb, cj, left0, accumulate);
            else narrow_columns(1, k, arow, 1, bj, ldb, cj, left0, accumulate);
        }
    }
}

/// Row i of C as dot products of A's contiguous row with B's contiguous columns (B[p, j] at
/// b[j·ldb + p], a weight W [N, K] read as Wᵀ): four columns at a time share each load of A.
static TARGET void row_from_b_columns(int n, int k, const float *arow, const float *b, int ldb,
                                      float *crow, int accumulate) {
    int j = 0;
    for (; j + 4 <= n; j += 4) {
        const float *b0 = b + (size_t)j * ldb, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
        vec s0 = SET1(0.0f), s1 = s0, s2 = s0, s3 = s0;
        int p = 0;
        for (; p + LANES <= k; p += LANES) {
            vec av = LOAD(arow + p);
            s0 = FMA(av, LOAD(b0 + p), s0);
            s1 = FMA(av, LOAD(b1 + p), s1);
            s2 = FMA(av, LOAD(b2 + p), s2);
            s3 = FMA(av, LOAD(b3 + p), s3);
        }
        if (p < k) {
            // The last partial vector, masked (no read past the rows): the same sums in the same order.
            lanes_mask tail = MASK(k - p);
            vec av = LOADM(arow + p, tail);
            s0 = FMA(av, LOADM(b0 + p, tail), s0);
            s1 = FMA(av, LOADM(b1 + p, tail), s1);
            s2 = FMA(av, LOADM(b2 + p, tail), s2);
            s3 = FMA(av, LOADM(b3 + p, tail), s3);
        }
        float d[4] = {HSUM(s0), HSUM(s1), HSUM(s2), HSUM(s3)};
        for (int u = 0; u < 4; u++) crow[j + u] = accumulate ? crow[j + u] + d[u] : d[u];
    }
    for (; j < n; j++) {
        const float *bcol = b + (size_t)j * ldb;
        vec s0 = SET1(0.0f), s1 = s0;
        int p = 0;
        for (; p + 2 * LANES <= k; p += 2 * LANES) {
            s0 = FMA(LOAD(arow + p), LOAD(bcol + p), s0);
            s1 = FMA(LOAD(arow + p + LANES), LOAD(bcol + p + LANES), s1);
        }
        for (; p < k; p += LANES) s0 = FMA(LOADN(arow + p, k - p), LOADN(bcol + p, k - p), s0);
        float d = HSUM(ADD(s0, s1));
        crow[j] = accumulate ? crow[j] + d : d;
    }
}

TARGET void NAME(attn_gemm, SUFFIX)(int m, int n, int k, const float *a, int lda, int trans_a,
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
