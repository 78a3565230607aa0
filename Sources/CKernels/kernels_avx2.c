// attn's kernels for AVX2 + FMA: the vector vocabulary that gemm_body.h, packed_gemm_body.h and
// elementwise_body.h are written in, and those bodies.
#include "kernels_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define TARGET __attribute__((target("avx2,fma")))
typedef __m256 vec;
#define LANES 8
#define SET1 _mm256_set1_ps
#define ADD _mm256_add_ps
#define SUB _mm256_sub_ps
#define MUL _mm256_mul_ps
#define DIV _mm256_div_ps
#define SQRT _mm256_sqrt_ps
#define FMA _mm256_fmadd_ps
#define MIN _mm256_min_ps
#define MAX _mm256_max_ps
#define ROUND(x) _mm256_round_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define POW2(n) _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23))
#define SRAI1(n) _mm256_cvtepi32_ps(_mm256_srai_epi32(_mm256_cvtps_epi32(n), 1))
#define LOAD _mm256_loadu_ps
#define STORE _mm256_storeu_ps
typedef __m256i lanes_mask;
#define MASK(count) mask_of(count)
#define LOADM(p, mask) _mm256_maskload_ps(p, mask)
#define LOADN(p, count) LOADM(p, MASK(count))
#define STOREN(p, v, count) _mm256_maskstore_ps(p, mask_of(count), v)
#define HMAX hmax
#define HSUM hsum
#define HAS_NAN(v) (_mm256_movemask_ps(_mm256_cmp_ps(v, v, _CMP_UNORD_Q)) != 0)
#define SUFFIX avx2
/// attn_gemm_packed's tile: 6 rows × 2 registers, 12 accumulators of the 16 registers.
#define TILE_ROWS 6

/// The first `count` lanes (none for count <= 0); maskload/maskstore touch no memory outside it.
static TARGET inline __m256i mask_of(long count) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count >= 8 ? 8 : (int)count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
static TARGET inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}
static TARGET inline float hmax(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

#define NAME2(a, b) a##_##b
#define NAME(a, b) NAME2(a, b)

#include "gemm_body.h"
#include "packed_gemm_body.h"
#include "elementwise_body.h"
#endif
