// attn_gemm_packed's instruction-set variants: matrix products on one thread, written once over
// the vector macros of kernels_avx512.c and kernels_avx2.c (which also set TILE_ROWS) and
// included by each.
//
// The BLIS scheme without its outer blocking (the products it runs fit in the L2 cache): B is
// copied, PACK_DEPTH rows at a time, into panels of TILE_COLS columns laid out row after row, so
// that a panel is one contiguous stream that stays in L1 whatever B's layout and strides (a 128-float
// leading dimension alone maps a panel's rows to a quarter of L1's sets). A is read in place, a
// scalar broadcast per row and step; on the first pass over A, each tile fetches the next one's
// rows ahead (a batch's A comes from memory), and every tile fetches the next one of C. Each tile
// of C, TILE_ROWS × TILE_COLS, is held in registers for the whole k loop: TILE_ROWS · 2
// independent FMA chains, one load of B per two FMAs.
//
// Each element of C is one FMA chain over p in order (per KC block), like attn_gemm's loops.

#include <stdlib.h>
#include <xmmintrin.h>

#define TILE_COLS (2 * LANES)
#define PACK_DEPTH 256

/// C[rows × cols] (= or +=) Σp A[i, p]·panel[p, j] over `k` steps, A[i, p] at a[i·row_step +
/// p·col_step], a panel row TILE_COLS floats. Rows past `rows` reuse the last one and are not
/// stored. `next_a` (or NULL): the next tile's rows, fetched into cache one line per 16 steps.
/// Always inlined, so that each caller's constant step (1 for one of the two) folds into the
/// addressing: a step read from memory costs the inner loop a register and a spill.
static TARGET inline __attribute__((always_inline))
void tile(int k, const float *a, long row_step, long col_step, int rows, const float *next_a,
          const float *panel, float *c, int ldc, int cols, int accumulate) {
    const float *row[TILE_ROWS];
    for (int i = 0; i < TILE_ROWS; i++) row[i] = a + (i < rows ? i : rows - 1) * row_step;
    vec acc[TILE_ROWS][2];
    for (int i = 0; i < TILE_ROWS; i++) acc[i][0] = acc[i][1] = SET1(0.0f);
#define STEP(p) { \
        vec b0 = LOAD(panel + (size_t)(p) * TILE_COLS), b1 = LOAD(panel + (size_t)(p) * TILE_COLS + LANES); \
        for (int i = 0; i < TILE_ROWS; i++) { \
            vec av = SET1(row[i][(p) * col_step]); \
            acc[i][0] = FMA(av, b0, acc[i][0]); \
            acc[i][1] = FMA(av, b1, acc[i][1]); \
        } }
    int p = 0;
    for (; p + 16 <= k; p += 16) {
        if (next_a)
            for (int i = 0; i < TILE_ROWS; i++) _mm_prefetch((const char *)(next_a + i * row_step + p * col_step), _MM_HINT_T0);
        for (int u = 0; u < 16; u++) STEP(p + u)
    }
    for (; p < k; p++) STEP(p)
#undef STEP
    for (int i = 0; i < rows && i < TILE_ROWS; i++) {
        float *crow = c + (size_t)i * ldc;
        if (cols >= TILE_COLS) {
            if (accumulate) {
                acc[i][0] = ADD(acc[i][0], LOAD(crow));
                acc[i][1] = ADD(acc[i][1], LOAD(crow + LANES));
            }
            STORE(crow, acc[i][0]);
            STORE(crow + LANES, acc[i][1]);
        } else {
            if (accumulate) {
                acc[i][0] = ADD(acc[i][0], LOADN(crow, cols));
                acc[i][1] = ADD(acc[i][1], LOADN(crow + LANES, cols - LANES));
            }
            STOREN(crow, acc[i][0], cols);
            STOREN(crow + LANES, acc[i][1], cols - LANES);
        }
    }
}

/// Copies B's rows p0 ..< p0 + depth into panels: panel q holds columns q·TILE_COLS ..<
/// +TILE_COLS (zeros past n), row p at panels + (q·depth + p)·TILE_COLS.
static TARGET void pack_b(int n, int p0, int depth, const float *b, int ldb, int trans_b, float *panels) {
    int count = (n + TILE_COLS - 1) / TILE_COLS;
    if (!trans_b) {
        for (int p = 0; p < depth; p++) {
            const float *src = b + (size_t)(p0 + p) * ldb;
            for (int q = 0; q < count; q++) {
                int j = q * TILE_COLS;
                float *dst = panels + ((size_t)q * depth + p) * TILE_COLS;
                STORE(dst, LOADN(src + j, n - j));
                STORE(dst + LANES, LOADN(src + j + LANES, n - j - LANES));
            }
        }
        return;
    }
    // B[p, j] at b[j·ldb + p]: each column of B is a contiguous run of p, read four columns
    // and four steps at a time and transposed in registers.
    for (int q = 0; q < count; q++) {
        float *dst = panels + (size_t)q * depth * TILE_COLS;
        for (int jj = 0; jj < TILE_COLS; jj += 4) {
            int j = q * TILE_COLS + jj;
            const float *col[4];
            for (int u = 0; u < 4; u++) col[u] = j + u < n ? b + (size_t)(j + u) * ldb + p0 : NULL;
            int p = 0;
            if (j + 4 <= n) {
                for (; p + 4 <= depth; p += 4) {
                    __m128 r0 = _mm_loadu_ps(col[0] + p), r1 = _mm_loadu_ps(col[1] + p);
                    __m128 r2 = _mm_loadu_ps(col[2] + p), r3 = _mm_loadu_ps(col[3] + p);
                    _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
                    float *row = dst + (size_t)p * TILE_COLS + jj;
                    _mm_storeu_ps(row, r0);
                    _mm_storeu_ps(row + TILE_COLS, r1);
                    _mm_storeu_ps(row + 2 * TILE_COLS, r2);
                    _mm_storeu_ps(row + 3 * TILE_COLS, r3);
                }
            }
            for (; p < depth; p++)
                for (int u = 0; u < 4; u++) dst[(size_t)p * TILE_COLS + jj + u] = col[u] ? col[u][p] : 0;
        }
    }
}

/// C (= or += when `add`) from `depth` steps of A, starting at `a_block`, times B's panels of
/// those steps.
static TARGET void sweep(int m, int n, int depth, const float *a_block, int lda, int trans_a,
                         const float *panels, float *c, int ldc, int add) {
    long row_step = trans_a ? 1 : lda;
    for (int j = 0; j < n; j += TILE_COLS) {
        const float *panel = panels + (size_t)(j / TILE_COLS) * depth * TILE_COLS;
        for (int i = 0; i < m; i += TILE_ROWS) {
            // The first sweep over A's rows reads them from memory: fetch the next tile's.
            const float *next = j == 0 && i + TILE_ROWS < m ? a_block + (i + TILE_ROWS) * row_step : NULL;
            float *c_tile = c + (size_t)i * ldc + j;
            // A store to a line not in cache waits for the line to be read: fetch the next
            // tile of C now (a batch of 64 [128, 128] outputs, one core, medians of alternating
            // runs: AVX2 80 → 85 GFLOP/s, AVX-512 84 → 85).
            int next_i = i + TILE_ROWS < m ? i + TILE_ROWS : 0, next_j = next_i ? j : j + TILE_COLS;
            if (next_j < n)
                for (int r = next_i; r < next_i + TILE_ROWS && r < m; r++) {
                    _mm_prefetch((const char *)(c + (size_t)r * ldc + next_j), _MM_HINT_T0);
                    _mm_prefetch((const char *)(c + (size_t)r * ldc + (next_j + TILE_COLS < n ? next_j + TILE_COLS : n) - 1), _MM_HINT_T0);
                }
            if (trans_a) tile(depth, a_block + i, 1, lda, m - i, next, panel, c_tile, ldc, n - j, add);
            else tile(depth, a_block + (size_t)i * lda, lda, 1, m - i, next, panel, c_tile, ldc, n - j, add);
        }
    }
}

// Each thread's panels, grown as needed and kept for the next call.
static __thread float *NAME(packed_panels, SUFFIX);
static __thread size_t NAME(packed_capacity, SUFFIX);

TARGET void NAME(attn_gemm_packed, SUFFIX)(int m, int n, int k, const float *a, int lda, int trans_a,
                                          const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate) {
    int panel_count = (n + TILE_COLS - 1) / TILE_COLS;
    size_t size = (size_t)panel_count * TILE_COLS * (k < PACK_DEPTH ? k : PACK_DEPTH);
    float **panels = &NAME(packed_panels, SUFFIX);
    size_t *capacity = &NAME(packed_capacity, SUFFIX);
    if (size > *capacity) {
        free(*panels);
        *panels = aligned_alloc(64, (size * sizeof(float) + 63) / 64 * 64);
        *capacity = *panels ? size : 0;
    }
    if (!*panels || k == 0 || m == 0 || n == 0) {
        attn_gemm_generic(m, n, k, a, lda, trans_a, b, ldb, trans_b, c, ldc, accumulate);
        return;
    }
    long col_step = trans_a ? lda : 1;
    for (int p0 = 0; p0 < k; p0 += PACK_DEPTH) {
        int depth = k - p0 < PACK_DEPTH ? k - p0 : PACK_DEPTH;
        pack_b(n, p0, depth, b, ldb, trans_b, *panels);
        sweep(m, n, depth, a + p0 * col_step, lda, trans_a, *panels, c, ldc, accumulate || p0 > 0);
    }
}

#undef TILE_COLS
#undef PACK_DEPTH
