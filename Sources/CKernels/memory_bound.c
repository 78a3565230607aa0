// Memory-bound loops over large buffers — a gradient added into its running sum, an outer
// product written out — split over two threads (`attn_parallel_chunks`): two cores stream from
// the caches and memory at about twice the rate of one. Each element is computed exactly as
// the single loop computes it, so results do not depend on the split.
#include "attn_kernels.h"

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

static void add_chunk(void *context, int chunk) {
    const add_job *job = context;
    long start = (long)chunk * chunk_elements;
    long count = job->n - start < chunk_elements ? job->n - start : chunk_elements;
    add_range(job->a + start, job->b + start, job->out + start, count);
}

void attn_add(const float *a, const float *b, float *out, long n) {
    if (n < parallel_minimum) { add_range(a, b, out, n); return; }
    add_job job = {a, b, out, n};
    attn_parallel_chunks((int)((n + chunk_elements - 1) / chunk_elements), add_chunk, &job);
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
