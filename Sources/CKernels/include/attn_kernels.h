// attn's own dense kernels, for the shapes where a BLAS call costs more than the arithmetic or
// uses one core where two are idle: matrix-vector products (a decoder step's [1, 256]·Wᵀ) of
// every size and small matrix products. Each has variants compiled for AVX-512, AVX2+FMA and
// baseline x86-64 (or plain C elsewhere); the variant is chosen once, on first use, from cpuid.
#ifndef ATTN_KERNELS_H
#define ATTN_KERNELS_H

#include <stddef.h>

/// C[m×n] (row-major, leading dimension ldc) = A·B, or += A·B when `accumulate`.
/// A[i, p] is at a[i·lda + p], or at a[p·lda + i] when `trans_a`; B[p, j] is at b[p·ldb + j],
/// or at b[j·ldb + p] when `trans_b` — the layouts BLAS reads without a copy. A single row or
/// column of at least 2^15 multiply-adds is split over two threads (`attn_parallel_chunks`).
void attn_gemm(int m, int n, int k,
               const float *a, int lda, int trans_a,
               const float *b, int ldb, int trans_b,
               float *c, int ldc, int accumulate);

/// A product C = A·B (+ C when `accumulate`), arguments as `attn_gemm`: one instruction-set
/// variant of attn's kernels, or a BLAS call in this form.
typedef void (*attn_gemm_fn)(int m, int n, int k, const float *a, int lda, int trans_a,
                             const float *b, int ldb, int trans_b, float *c, int ldc, int accumulate);

/// `product` over bands of C, `band` rows (or columns, when `columns`) each, the last one
/// narrower, on the calling thread and attn's worker (`attn_parallel_chunks`): each band is
/// one call of `product` on the matching rows of A (columns of B) and block of C.
void attn_gemm_in_bands(attn_gemm_fn product, int columns, int band, int m, int n, int k,
                        const float *a, int lda, int trans_a, const float *b, int ldb, int trans_b,
                        float *c, int ldc, int accumulate);

/// The same product for matrices of every shape: B copied into panels, each tile of C held in
/// registers (the BLIS scheme without its outer blocking); from 2^20 multiply-adds, bands of C's
/// rows on two threads (the same result as one thread, bit for bit). Faster than OpenBLAS's sgemm
/// where Sources/TensorRuntime/Ops/Blas.swift routes it. Returns 0, computing nothing, when the
/// instruction set has no such kernel ("generic"): the caller uses BLAS.
int attn_gemm_packed(int m, int n, int k,
                     const float *a, int lda, int trans_a,
                     const float *b, int ldb, int trans_b,
                     float *c, int ldc, int accumulate);

/// The instruction set the kernels run with: "avx512", "avx2" or "generic". `ATTN_ISA` set to
/// one of those (or lower) picks it instead of cpuid, to measure each variant on one machine.
const char *attn_kernels_isa(void);

/// Switches the kernels to "avx512", "avx2" or "generic" (NULL: the best the CPU has); returns
/// 0, changing nothing, when the CPU lacks it. For tests, which check every variant it has.
int attn_kernels_use(const char *isa);

/// y[i] = exp(x[i]) for i < n (y may be x): Cephes' method, vectorised, within 1–2 ulp of
/// glibc's expf (which the "generic" variant calls); 0, inf and NaN as expf gives them.
void attn_exp(const float *x, float *y, long n);

/// y[i] = 1 / (1 + exp(-x[i])) (y may be x).
void attn_sigmoid(const float *x, float *y, long n);

/// One contiguous row: y = softmax(x), or log_softmax(x) when `log` (y may be x). Shifted by the row's maximum; a NaN anywhere, or a row of -inf, gives NaN.
void attn_softmax_row(const float *x, float *y, long n, int log);

/// One Adam step's constants (PyTorch's single-tensor Adam, amsgrad off): weight1 = 1 - β1,
/// weight2 = 1 - β2, step_size = lr / (1 - β1ᵗ), correction2_sqrt = sqrt(1 - β2ᵗ); low_weight
/// picks torch.lerp's formula for weight1 < 0.5.
typedef struct {
    float weight1, weight2, beta2, eps, weight_decay, step_size, correction2_sqrt;
    int low_weight;
} attn_adam_settings;

/// w -= step_size · m / (sqrt(v) / correction2_sqrt + eps) after updating m and v from the
/// gradient g, over n elements; split over two threads when large. Equal bit for bit to the
/// scalar formula (no fused multiply-adds).
void attn_adam_update(float *w, const float *g, float *m, float *v, long n, const attn_adam_settings *settings);

/// out[i] = a[i] + b[i] for i < n (out may be a or b); two threads from 2^17 elements.
void attn_add(const float *a, const float *b, float *out, long n);

/// C[m×n] (row-major, leading dimension n) = a ⊗ b: C[i, j] = a[i·a_step]·b[j·b_step], or
/// C[i, j] + that when `accumulate` (the product rounded before the sum, unfused); two threads
/// from 2^17 elements.
void attn_outer(int m, int n, const float *a, long a_step, const float *b, long b_step, float *c, int accumulate);

typedef void (*attn_chunk_fn)(void *context, int chunk);

/// Runs body(context, i) for every i in [0, chunks) on the calling thread and one persistent
/// worker thread, which claim chunks in turn; returns when all have run. Serial when the
/// machine has one CPU, when disabled, inside another parallel loop, or while another thread
/// runs one.
void attn_parallel_chunks(int chunks, attn_chunk_fn body, void *context);

/// Allows (1) or forbids (0) the worker thread; `set_num_threads(1)` forbids it, and so do
/// OMP_NUM_THREADS=1 and OPENBLAS_NUM_THREADS=1 until it is allowed again.
void attn_parallel_set_enabled(int on);

/// Whether parallel loops can run on two threads.
int attn_parallel_enabled(void);

// Tensor buffers of several megabytes (large_buffers.c): memory one TLB entry per 2 MiB covers,
// reused after free. Declared here, not in a header of their own: clang's module cache does not
// notice a header added to the umbrella directory, and incremental builds then miss it.

/// Buffers from this size (4 MiB: a [1024, 1024] float tensor) come from `attn_large_buffer_take`.
#define ATTN_LARGE_BUFFER_MIN_BYTES (4L << 20)

/// At least `bytes` of writable memory, mapped on its own at a 2 MiB boundary and marked for
/// transparent huge pages (Linux's `MADV_HUGEPAGE`). A buffer of the same size (in 4 KiB pages)
/// freed earlier is handed out again, its pages already present; its contents are undefined.
/// NULL when the system refuses the memory even after every kept buffer is released.
void *attn_large_buffer_take(size_t bytes);

/// Frees a buffer of `attn_large_buffer_take(bytes)`: keeps it for reuse while the kept buffers
/// total at most the limit (`attn_large_buffers_keep`), unmapping the oldest beyond it; a buffer
/// over half the limit is unmapped at once.
void attn_large_buffer_give(void *buffer, size_t bytes);

/// Sets how many bytes of freed buffers are kept for reuse (0, the default: none), unmapping
/// the oldest beyond it; returns how many bytes that released.
size_t attn_large_buffers_keep(size_t limit);

#endif
