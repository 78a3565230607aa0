// attn_gemm: matrix-vector products of every size and small matrix products, and
// attn_gemm_packed: mid-size products, without a BLAS call, in the instruction-set variant
// dispatch.c chose (gemm_body.h and packed_gemm_body.h in kernels_avx512.c or kernels_avx2.c, or
// the plain loops below); both split over two threads here when large enough.
#include "attn_kernels.h"
#include "kernels_internal.h"

#include <stdlib.h>
#include <string.h>

void attn_gemm_generic(int m, int n, int k, const float *a, int lda, int trans_a,
                       const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate) {
    for (int i = 0; i < m; i++) {
        float *crow = c + (size_t)i * ldc;
        for (int j = 0; j < n; j++) {
            float acc = 0;
            for (int p = 0; p < k; p++) {
                float bv = trans_b ? b[(size_t)j * ldb + p] : b[(size_t)p * ldb + j];
                acc += A_AT(i, p) * bv;
            }
            crow[j] = accumulate ? crow[j] + acc : acc;
        }
    }
}

/// A product cut into bands of C's rows or columns, one band per chunk of `attn_parallel_chunks`.
typedef struct {
    attn_gemm_fn product;
    int columns, band;
    int m, n, k;
    const float *a; int lda, trans_a;
    const float *b; int ldb, trans_b;
    float *c; int ldc, accumulate;
} band_job;

static void band_chunk(void *context, int chunk) {
    const band_job *job = context;
    int start = chunk * job->band;
    if (job->columns) {
        int count = job->n - start < job->band ? job->n - start : job->band;
        const float *b = job->b + (job->trans_b ? (size_t)start * job->ldb : (size_t)start);
        job->product(job->m, count, job->k, job->a, job->lda, job->trans_a, b, job->ldb, job->trans_b,
                     job->c + start, job->ldc, job->accumulate);
    } else {
        int rows = job->m - start < job->band ? job->m - start : job->band;
        const float *a = job->a + (job->trans_a ? (size_t)start : (size_t)start * job->lda);
        job->product(rows, job->n, job->k, a, job->lda, job->trans_a, job->b, job->ldb, job->trans_b,
                     job->c + (size_t)start * job->ldc, job->ldc, job->accumulate);
    }
}

void attn_gemm_in_bands(attn_gemm_fn product, int columns, int band, int m, int n, int k,
                        const float *a, int lda, int trans_a, const float *b, int ldb, int trans_b,
                        float *c, int ldc, int accumulate) {
    band_job job = {product, columns, band, m, n, k, a, lda, trans_a, b, ldb, trans_b, c, ldc, accumulate};
    int extent = columns ? n : m;
    attn_parallel_chunks((extent + band - 1) / band, band_chunk, &job);
}

void attn_gemm(int m, int n, int k, const float *a, int lda, int trans_a,
               const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate) {
    attn_gemm_fn chosen_gemm = attn_kernels()->gemm;
    if (n == 1 && m > 1 && ldc == 1) {
        // A column: c[i] = Σp A[i, p]·b[p] is the row cᵀ = bᵀ·Aᵀ, the one shape the split and
        // the wide loops below handle. b's elements are `step` apart; Aᵀ is A with its layout flipped.
        int step = trans_b ? 1 : ldb;
        attn_gemm(1, m, k, b, step == 1 ? k : step, step != 1, a, lda, !trans_a, c, m, accumulate);
        return;
    }
    if (m == 1 && trans_a && lda == 1) { trans_a = 0; lda = k; }
    if (m != 1) {
        chosen_gemm(m, n, k, a, lda, trans_a, b, ldb, trans_b, c, ldc, accumulate);
        return;
    }
    // The dot-product loops read A's row contiguously: gather a strided row first.
    float gathered[1024];
    float *row = NULL;
    if (trans_a && trans_b) {
        row = k <= 1024 ? gathered : malloc(sizeof(float) * (size_t)k);
        if (!row) {
            attn_gemm_generic(m, n, k, a, lda, trans_a, b, ldb, trans_b, c, ldc, accumulate);
            return;
        }
        for (int p = 0; p < k; p++) row[p] = a[(size_t)p * lda];
        a = row; lda = k; trans_a = 0;
    }
    // Two threads from 2^15 multiply-adds (a [128, 256] matrix, ~2 µs on one core), in up to
    // eight chunks: whole cache lines of C for dot products; for rows of B, 128 columns, the
    // kernels' widest block (narrower ones re-read A and stream B in short runs).
    long work = (long)n * k;
    int unit = trans_b ? 16 : 128;
    int chunks = work < (1L << 15) ? 1 : n / unit < 8 ? n / unit : 8;
    if (chunks > 1) {
        int columns = ((n + chunks - 1) / chunks + unit - 1) / unit * unit;
        attn_gemm_in_bands(chosen_gemm, 1, columns, 1, n, k, a, lda, trans_a, b, ldb, trans_b, c, 1, accumulate);
    } else {
        chosen_gemm(1, n, k, a, lda, trans_a, b, ldb, trans_b, c, ldc, accumulate);
    }
    if (row && row != gathered) free(row);
}

int attn_gemm_packed(int m, int n, int k, const float *a, int lda, int trans_a,
                     const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate) {
    attn_gemm_fn packed = attn_kernels()->gemm_packed;
    if (!packed) return 0;
    // From 2^20 multiply-adds, bands of rows on two threads (each copies B for itself: 3–6 % of
    // the work). Every element is the same FMA chain whichever band holds it, so the result does
    // not depend on the split. Inside a batch already split (bmm) this runs serially.
    if ((long)m * n * k >= (1L << 20) && m >= 64) {
        int bands = m >= 256 ? 4 : 2;
        int band_rows = ((m + bands - 1) / bands + 7) / 8 * 8;
        attn_gemm_in_bands(packed, 0, band_rows, m, n, k, a, lda, trans_a, b, ldb, trans_b, c, ldc, accumulate);
    } else {
        packed(m, n, k, a, lda, trans_a, b, ldb, trans_b, c, ldc, accumulate);
    }
    return 1;
}
