// Memory-bound loops over large buffers — a gradient added into its running sum, an outer
// product written out, an Adam step — split over two threads (`attn_parallel_chunks`): two cores stream from
// the caches and memory at about twice the rate of one. Each element is computed exactly as
// the single loop computes it, so results do not depend on the split.
#include "attn_kernels.h"
#include "kernels_internal.h"

enum {
    /// Below this many elements a loop runs on the calling thread alone.
    parallel_minimum = 1 << 17,
    /// Elements per chunk.
    chunk_elements = 1 << 15,
};

typedef struct {
    const float *a, *b;
    float *out;
    long n;
} add_job;

static void add_range(const float *a, const float *b, float *out, long n) {
    for (long i = 0; i < n; i++) out[i] = a[i] + b[i];
}

/// Chunks of `n` elements, and where chunk `chunk` starts and how long it is.
static int chunk_count(long n) { return (int)((n + chunk_elements - 1) / chunk_elements); }
static long chunk_start(int chunk) { return (long)chunk * chunk_elements; }
static long chunk_length(long n, int chunk) {
    long rest = n - chunk_start(chunk);
    return rest < chunk_elements ? rest : chunk_elements;
}

static void add_chunk(void *context, int chunk) {
    const add_job *job = context;
    long start = chunk_start(chunk);
    add_range(job->a + start, job->b + start, job->out + start, chunk_length(job->n, chunk));
}

void attn_add(const float *a, const float *b, float *out, long n) {
    if (n < parallel_minimum) { add_range(a, b, out, n); return; }
    add_job job = {a, b, out, n};
    attn_parallel_chunks(chunk_count(n), add_chunk, &job);
}

typedef struct {
    float *w, *m, *v;
    const float *g;
    long n;
    const attn_adam_settings *settings;
} adam_job;

static void adam_chunk(void *context, int chunk) {
    const adam_job *job = context;
    long start = chunk_start(chunk);
    attn_kernels()->adam(job->w + start, job->g + start, job->m + start, job->v + start,
                         chunk_length(job->n, chunk), job->settings);
}

void attn_adam_update(float *w, const float *g, float *m, float *v, long n, const attn_adam_settings *settings) {
    if (n < parallel_minimum) { attn_kernels()->adam(w, g, m, v, n, settings); return; }
    adam_job job = {w, m, v, g, n, settings};
    attn_parallel_chunks(chunk_count(n), adam_chunk, &job);
}

typedef struct {
    const float *a, *b;
    long a_step, b_step, n;
    float *c;
    int rows_per_chunk, m, accumulate;
} outer_job;

// C + a·b rounds the product before the sum, as a product written out and then added does.
#pragma clang fp contract(off)
static void outer_rows(const outer_job *job, int first, int count) {
    for (int i = first; i < first + count; i++) {
        float av = job->a[(long)i * job->a_step];
        float *row = job->c + (long)i * job->n;
        const float *b = job->b;
        long step = job->b_step;
        if (job->accumulate && step == 1) {
            for (long j = 0; j < job->n; j++) row[j] = row[j] + av * b[j];
        } else if (job->accumulate) {
            for (long j = 0; j < job->n; j++) row[j] = row[j] + av * b[j * step];
        } else if (step == 1) {
            for (long j = 0; j < job->n; j++) row[j] = av * b[j];
        } else {
            for (long j = 0; j < job->n; j++) row[j] = av * b[j * step];
        }
    }
}

static void outer_chunk(void *context, int chunk) {
    const outer_job *job = context;
    int first = chunk * job->rows_per_chunk;
    outer_rows(job, first, job->m - first < job->rows_per_chunk ? job->m - first : job->rows_per_chunk);
}

void attn_outer(int m, int n, const float *a, long a_step, const float *b, long b_step, float *c, int accumulate) {
    int rows = n >= chunk_elements ? 1 : (int)(chunk_elements / (n > 0 ? n : 1));
    outer_job job = {a, b, a_step, b_step, n, c, rows, m, accumulate};
    if ((long)m * n < parallel_minimum) { outer_rows(&job, 0, m); return; }
    attn_parallel_chunks((m + rows - 1) / rows, outer_chunk, &job);
}
