#include "attn_kernels.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define ATTN_X86 1
#endif

// Two shapes of loop cover the layouts: when B's rows are contiguous, each output row is a sum
// of scaled B rows (vectorised over n, the output row kept in registers); when B is read
// transposed (a weight W [N, K] used as Wᵀ) and A's rows are contiguous, each output is a dot
// product of two contiguous runs (vectorised over k). Anything else reads elements one by one,
// which for the sizes sent here is still cheaper than a BLAS call.

#define A_AT(i, p) (trans_a ? a[(size_t)(p) * lda + (i)] : a[(size_t)(i) * lda + (p)])

static void gemm_generic(int m, int n, int k, const float *a, int lda, int trans_a,
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

#ifdef ATTN_X86

__attribute__((target("avx512f")))
static void gemm_avx512(int m, int n, int k, const float *a, int lda, int trans_a,
                        const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate) {
    if (!trans_b) {
        // Four accumulators per register column, one per p mod 4: a single chain would wait on
        // each FMA's latency (4 cycles) for every row of B, 1,000 cycles for K = 256.
        for (int i = 0; i < m; i++) {
            float *crow = c + (size_t)i * ldc;
            for (int j = 0; j < n; j += 32) {
                int left = n - j;
                __mmask16 m0 = left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1);
                __mmask16 m1 = left >= 32 ? 0xFFFF : left > 16 ? (__mmask16)((1u << (left - 16)) - 1) : 0;
                __m512 x0 = _mm512_setzero_ps(), x1 = x0, x2 = x0, x3 = x0;
                __m512 y0 = x0, y1 = x0, y2 = x0, y3 = x0;
                const float *brow = b + j;
                int p = 0;
#define STEP512(x, y, u) { \
                    __m512 av = _mm512_set1_ps(A_AT(i, p + (u))); \
                    x = _mm512_fmadd_ps(av, _mm512_maskz_loadu_ps(m0, brow + (size_t)(u) * ldb), x); \
                    if (m1) y = _mm512_fmadd_ps(av, _mm512_maskz_loadu_ps(m1, brow + (size_t)(u) * ldb + 16), y); }
                for (; p + 4 <= k; p += 4, brow += (size_t)4 * ldb) {
                    STEP512(x0, y0, 0) STEP512(x1, y1, 1) STEP512(x2, y2, 2) STEP512(x3, y3, 3)
                }
                for (; p < k; p++, brow += ldb) STEP512(x0, y0, 0)
#undef STEP512
                __m512 acc0 = _mm512_add_ps(_mm512_add_ps(x0, x1), _mm512_add_ps(x2, x3));
                __m512 acc1 = _mm512_add_ps(_mm512_add_ps(y0, y1), _mm512_add_ps(y2, y3));
                if (accumulate) {
                    acc0 = _mm512_add_ps(acc0, _mm512_maskz_loadu_ps(m0, crow + j));
                    if (m1) acc1 = _mm512_add_ps(acc1, _mm512_maskz_loadu_ps(m1, crow + j + 16));
                }
                _mm512_mask_storeu_ps(crow + j, m0, acc0);
                if (m1) _mm512_mask_storeu_ps(crow + j + 16, m1, acc1);
            }
        }
        return;
    }
    if (!trans_a) {
        for (int i = 0; i < m; i++) {
            const float *arow = a + (size_t)i * lda;
            float *crow = c + (size_t)i * ldc;
            for (int j = 0; j < n; j++) {
                const float *bcol = b + (size_t)j * ldb;
                __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
                int p = 0;
                for (; p + 32 <= k; p += 32) {
                    acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(arow + p), _mm512_loadu_ps(bcol + p), acc0);
                    acc1 = _mm512_fmadd_ps(_mm512_loadu_ps(arow + p + 16), _mm512_loadu_ps(bcol + p + 16), acc1);
                }
                for (; p < k; p += 16) {
                    int left = k - p;
                    __mmask16 mk = left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1);
                    acc0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mk, arow + p), _mm512_maskz_loadu_ps(mk, bcol + p), acc0);
                }
                float s = _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
                crow[j] = accumulate ? crow[j] + s : s;
            }
        }
        return;
    }
    gemm_generic(m, n, k, a, lda, trans_a, b, ldb, trans_b, c, ldc, accumulate);
}

__attribute__((target("avx2,fma")))
static inline float hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

__attribute__((target("avx2,fma")))
static void gemm_avx2(int m, int n, int k, const float *a, int lda, int trans_a,
                      const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate) {
    if (!trans_b) {
        // 16 columns at a time in two registers; the last block's lanes past n are masked
        // (maskload reads no element past the mask).
        __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        for (int i = 0; i < m; i++) {
            float *crow = c + (size_t)i * ldc;
            for (int j = 0; j < n; j += 16) {
                int left = n - j;
                __m256i mask0 = _mm256_cmpgt_epi32(_mm256_set1_epi32(left), lanes);
                __m256i mask1 = _mm256_cmpgt_epi32(_mm256_set1_epi32(left - 8), lanes);
                // Four accumulators per register, one per p mod 4 (see gemm_avx512).
                __m256 x0 = _mm256_setzero_ps(), x1 = x0, x2 = x0, x3 = x0;
                __m256 y0 = x0, y1 = x0, y2 = x0, y3 = x0;
                const float *brow = b + j;
                int p = 0;
#define STEP256(x, y, u, LOAD0, LOAD1) { \
                    __m256 av = _mm256_set1_ps(A_AT(i, p + (u))); \
                    x = _mm256_fmadd_ps(av, LOAD0(brow + (size_t)(u) * ldb), x); \
                    y = _mm256_fmadd_ps(av, LOAD1(brow + (size_t)(u) * ldb + 8), y); }
#define FULL(q) _mm256_loadu_ps(q)
#define MASK0(q) _mm256_maskload_ps(q, mask0)
#define MASK1(q) _mm256_maskload_ps(q, mask1)
                if (left >= 16) {
                    for (; p + 4 <= k; p += 4, brow += (size_t)4 * ldb) {
                        STEP256(x0, y0, 0, FULL, FULL) STEP256(x1, y1, 1, FULL, FULL)
                        STEP256(x2, y2, 2, FULL, FULL) STEP256(x3, y3, 3, FULL, FULL)
                    }
                    for (; p < k; p++, brow += ldb) STEP256(x0, y0, 0, FULL, FULL)
                } else {
                    for (; p + 4 <= k; p += 4, brow += (size_t)4 * ldb) {
                        STEP256(x0, y0, 0, MASK0, MASK1) STEP256(x1, y1, 1, MASK0, MASK1)
                        STEP256(x2, y2, 2, MASK0, MASK1) STEP256(x3, y3, 3, MASK0, MASK1)
                    }
                    for (; p < k; p++, brow += ldb) STEP256(x0, y0, 0, MASK0, MASK1)
                }
#undef STEP256
#undef FULL
#undef MASK0
#undef MASK1
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
        return;
    }
    if (!trans_a) {
        for (int i = 0; i < m; i++) {
            const float *arow = a + (size_t)i * lda;
            float *crow = c + (size_t)i * ldc;
            for (int j = 0; j < n; j++) {
                const float *bcol = b + (size_t)j * ldb;
                __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
                int p = 0;
                for (; p + 16 <= k; p += 16) {
                    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(arow + p), _mm256_loadu_ps(bcol + p), acc0);
                    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(arow + p + 8), _mm256_loadu_ps(bcol + p + 8), acc1);
                }
                float s = hsum256(_mm256_add_ps(acc0, acc1));
                for (; p < k; p++) s += arow[p] * bcol[p];
                crow[j] = accumulate ? crow[j] + s : s;
            }
        }
        return;
    }
    gemm_generic(m, n, k, a, lda, trans_a, b, ldb, trans_b, c, ldc, accumulate);
}

#endif

typedef void (*gemm_fn)(int, int, int, const float *, int, int, const float *, int, int, float *, int, int);

static gemm_fn chosen_gemm;
static const char *chosen_isa;

int attn_kernels_use(const char *isa) {
#ifdef ATTN_X86
    __builtin_cpu_init();
    int avx512 = __builtin_cpu_supports("avx512f");
    int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (!isa) isa = avx512 ? "avx512" : avx2 ? "avx2" : "generic";
    if (strcmp(isa, "avx512") == 0 && avx512) { chosen_gemm = gemm_avx512; chosen_isa = "avx512"; return 1; }
    if (strcmp(isa, "avx2") == 0 && avx2) { chosen_gemm = gemm_avx2; chosen_isa = "avx2"; return 1; }
#endif
    if (!isa || strcmp(isa, "generic") == 0) { chosen_gemm = gemm_generic; chosen_isa = "generic"; return 1; }
    return 0;
}

static void choose(void) {
    // An unknown or unsupported ATTN_ISA falls back to what the CPU has.
    if (!attn_kernels_use(getenv("ATTN_ISA"))) attn_kernels_use(NULL);
}

void attn_small_gemm(int m, int n, int k, const float *a, int lda, int trans_a,
                     const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate) {
    // Racing first calls from two threads both store the same choice.
    if (!chosen_gemm) choose();
    // A contiguous vector reads the same either way: prefer the layout with a vector loop.
    if (n == 1 && !trans_b && ldb == 1) { trans_b = 1; ldb = k; }
    if (m == 1 && trans_a && lda == 1) { trans_a = 0; lda = k; }
    chosen_gemm(m, n, k, a, lda, trans_a, b, ldb, trans_b, c, ldc, accumulate);
}

const char *attn_kernels_isa(void) {
    if (!chosen_gemm) choose();
    return chosen_isa;
}
