// Two-thread parallel loops for work too small for OpenBLAS's threads: the caller and one
// persistent worker claim chunks of a job from a shared counter. The worker spins briefly
// after each job (a decoder step posts a matrix-vector product every few microseconds, and a
// sleeping thread takes ~5–50 µs to wake), then sleeps on a condition variable. The caller never
// waits for a worker that has not started: it runs every chunk the worker has not claimed, and
// withdraws the job if the worker never took it.
#include "attn_kernels.h"

#include <pthread.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define PAUSE() _mm_pause()
#else
#define PAUSE() ((void)0)
#endif

typedef struct {
    attn_chunk_fn body;
    void *context;
    int chunks;
    atomic_int next;          // the next unclaimed chunk
    atomic_int worker_done;   // set by the worker when it has left the job
} job_t;

static _Atomic(job_t *) posted;
static atomic_int sleeping;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static atomic_int allowed = 1;    // attn_parallel_set_enabled
static atomic_int started;        // 1: the worker runs; -1: it could not be started
static pthread_once_t start_once = PTHREAD_ONCE_INIT, environment_once = PTHREAD_ONCE_INIT;
static atomic_int busy;           // one job at a time; a second caller runs serially
static _Thread_local int inside;  // set in the worker, and in a caller while it runs a job

/// How long the worker spins for the next job before sleeping.
static const long spin_ns = 50 * 1000;

static long elapsed_ns(const struct timespec *since) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - since->tv_sec) * 1000000000L + (now.tv_nsec - since->tv_nsec);
}

static void run_chunks(job_t *job) {
    for (;;) {
        int chunk = atomic_fetch_add_explicit(&job->next, 1, memory_order_relaxed);
        if (chunk >= job->chunks) return;
        job->body(job->context, chunk);
    }
}

static job_t *wait_for_job(void) {
    for (;;) {
        struct timespec start;
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (int spins = 1;; spins++) {
            if (atomic_load_explicit(&posted, memory_order_relaxed)) {
                job_t *job = atomic_exchange(&posted, NULL);
                if (job) return job;
            }
            PAUSE();
            if (spins % 256 == 0 && elapsed_ns(&start) > spin_ns) break;
        }
        // Sleep until a job is posted, then spin again: by the time this thread wakes the caller
        // has usually finished that job alone, but the next one tends to follow within microseconds.
        pthread_mutex_lock(&lock);
        atomic_store(&sleeping, 1);
        if (!atomic_load(&posted)) pthread_cond_wait(&wake, &lock);
        atomic_store(&sleeping, 0);
        pthread_mutex_unlock(&lock);
    }
}

static void *worker(void *unused) {
    (void)unused;
    inside = 1;
    for (;;) {
        job_t *job = wait_for_job();
        run_chunks(job);
        atomic_store_explicit(&job->worker_done, 1, memory_order_release);
    }
    return NULL;
}

static void start(void) {
    pthread_t thread;
    pthread_attr_t attr;
    int ok = sysconf(_SC_NPROCESSORS_ONLN) >= 2 && pthread_attr_init(&attr) == 0;
    if (ok) {
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        ok = pthread_create(&thread, &attr, worker, NULL) == 0;
        pthread_attr_destroy(&attr);
    }
    atomic_store(&started, ok ? 1 : -1);
}

/// OMP_NUM_THREADS=1 or OPENBLAS_NUM_THREADS=1 (as PyTorch and OpenBLAS read them) forbid the
/// worker until `attn_parallel_set_enabled(1)`.
static void read_environment(void) {
    const char *names[] = {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"};
    for (int i = 0; i < 2; i++) {
        const char *value = getenv(names[i]);
        if (value && atoi(value) == 1) atomic_store(&allowed, 0);
    }
}

static void run_serially(int chunks, attn_chunk_fn body, void *context) {
    for (int i = 0; i < chunks; i++) body(context, i);
}

void attn_parallel_chunks(int chunks, attn_chunk_fn body, void *context) {
    pthread_once(&environment_once, read_environment);
    // Nested calls (a chunk that itself loops in parallel) and concurrent callers run serially.
    if (chunks <= 1 || inside || !atomic_load_explicit(&allowed, memory_order_relaxed)) {
        run_serially(chunks, body, context);
        return;
    }
    pthread_once(&start_once, start);
    if (atomic_load_explicit(&started, memory_order_relaxed) != 1 || atomic_exchange(&busy, 1)) {
        run_serially(chunks, body, context);
        return;
    }
    job_t job = {.body = body, .context = context, .chunks = chunks};
    atomic_init(&job.next, 0);
    atomic_init(&job.worker_done, 0);
    atomic_store(&posted, &job);
    if (atomic_load(&sleeping)) {
        pthread_mutex_lock(&lock);
        pthread_cond_signal(&wake);
        pthread_mutex_unlock(&lock);
    }
    inside = 1;
    run_chunks(&job);
    inside = 0;
    // Withdraw the job if the worker never took it; otherwise wait for its last chunk.
    job_t *expected = &job;
    if (!atomic_compare_exchange_strong(&posted, &expected, NULL)) {
        while (!atomic_load_explicit(&job.worker_done, memory_order_acquire)) PAUSE();
    }
    atomic_store(&busy, 0);
}

void attn_parallel_set_enabled(int on) {
    pthread_once(&environment_once, read_environment);
    atomic_store(&allowed, on != 0);
}

int attn_parallel_enabled(void) {
    return atomic_load(&allowed) && atomic_load(&started) != -1 && sysconf(_SC_NPROCESSORS_ONLN) >= 2;
}
