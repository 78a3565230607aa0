// attn's kernels for AVX-512: the vector vocabulary that gemm_body.h, packed_gemm_body.h and
// elementwise_body.h are written in, and those bodies.
#include "kernels_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define TARGET __attribute__((target("avx512f")))
typedef __m512 vec;
#define LANES 16
#define SET1 _mm512_set1_ps
#define ADD _mm512_add_ps
#define SUB _mm512_sub_ps
#define MUL _mm512_mul_ps
#define DIV _mm512_div_ps
#define SQRT _mm512_sqrt_ps
#define FMA _mm512_fmadd_ps
#define MIN _mm512_min_ps
#define MAX _mm512_max_ps
#define ROUND(x) _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define POW2(n) _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127)), 23))
#define SRAI1(n) _mm512_cvtepi32_ps(_mm512_srai_epi32(_mm512_cvtps_epi32(n), 1))
#define LOAD _mm512_loadu_ps
#define STORE _mm512_storeu_ps
typedef __mmask16 lanes_mask;
#define MASK(count) mask_of(count)
#define LOADM(p, mask) _mm512_maskz_loadu_ps(mask, p)
#define LOADN(p, count) LOADM(p, MASK(count))
#define STOREN(p, v, count) _mm512_mask_storeu_ps(p, mask_of(count), v)
#define HMAX _mm512_reduce_max_ps
#define HSUM _mm512_reduce_add_ps
#define HAS_NAN(v) (_mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q) != 0)
#define SUFFIX avx512
/// attn_gemm_packed's tile: 8 rows × 2 registers, 16 accumulators of the 32 registers.
#define TILE_ROWS 8

/// The first `count` lanes (none for count <= 0); masked loads touch no memory outside it.
static TARGET inline __mmask16 mask_of(long count) {
    return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? (__mmask16)0 : (__mmask16)((1u << count) - 1);
}

#define NAME2(a, b) a##_##b
#define NAME(a, b) NAME2(a, b)

#include "gemm_body.h"
#include "packed_gemm_body.h"
#include "elementwise_body.h"
#endif
