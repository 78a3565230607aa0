// Tensor buffers of 4 MiB and more. From glibc's heap they come in 4 KiB pages, and products
// of such matrices spend a few per cent of their time on TLB misses; huge pages need 2 MiB-aligned
// memory, which glibc's memalign gives but does not reuse (each product faulted in fresh pages,
// Benchmarks/RESULTS.md). So each such buffer is a mapping of its own, kept after free for the
// next tensor of the same size: a training step or a loop allocates the same shapes every time.
#include "attn_kernels.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

enum { PAGE = 4096, HUGE_PAGE = 2 << 20, SLOTS = 128 };

static struct { void *buffer; size_t size; } kept[SLOTS];   // oldest first
static int kept_count;
static size_t kept_bytes, kept_limit;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static size_t mapped_size(size_t bytes) {
    return (bytes + PAGE - 1) & ~(size_t)(PAGE - 1);
}

/// A fresh mapping of `size` bytes at a 2 MiB boundary: maps 2 MiB more and unmaps the ends.
static void *map_aligned(size_t size) {
    if (size > SIZE_MAX - HUGE_PAGE) return NULL;
    char *region = mmap(NULL, size + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) return NULL;
    char *aligned = (char *)(((uintptr_t)region + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    if (aligned > region) munmap(region, (size_t)(aligned - region));
    munmap(aligned + size, (size_t)(region + HUGE_PAGE - aligned));
#ifdef MADV_HUGEPAGE
    madvise(aligned, size, MADV_HUGEPAGE);
#endif
    return aligned;
}

/// Removes the oldest kept buffers until at most `limit` bytes stay kept and `slots_needed` slots
/// are free; the caller holds `lock`, and unmaps the `*count` buffers this puts in `unmap` after
/// leaving it.
static void evict(size_t limit, int slots_needed, void *unmap[], size_t sizes[], int *count) {
    int oldest = 0;
    while (oldest < kept_count && (kept_bytes > limit || kept_count - oldest > SLOTS - slots_needed)) {
        unmap[*count] = kept[oldest].buffer;
        sizes[(*count)++] = kept[oldest].size;
        kept_bytes -= kept[oldest++].size;
    }
    memmove(&kept[0], &kept[oldest], (size_t)(kept_count - oldest) * sizeof kept[0]);
    kept_count -= oldest;
}

static void unmap_all(void *unmap[], size_t sizes[], int count) {
    for (int i = 0; i < count; i++) munmap(unmap[i], sizes[i]);
}

/// Unmaps the oldest kept buffers until at most `limit` bytes stay kept; returns the bytes released.
static size_t release_beyond(size_t limit) {
    void *unmap[SLOTS];
    size_t sizes[SLOTS], released = 0;
    int count = 0;
    pthread_mutex_lock(&lock);
    evict(limit, 0, unmap, sizes, &count);
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < count; i++) released += sizes[i];
    unmap_all(unmap, sizes, count);
    return released;
}

void *attn_large_buffer_take(size_t bytes) {
    size_t size = mapped_size(bytes);
    pthread_mutex_lock(&lock);
    for (int slot = kept_count - 1; slot >= 0; slot--) {
        if (kept[slot].size != size) continue;
        void *buffer = kept[slot].buffer;
        kept_bytes -= size;
        memmove(&kept[slot], &kept[slot + 1], (size_t)(kept_count - slot - 1) * sizeof kept[0]);
        kept_count--;
        pthread_mutex_unlock(&lock);
        return buffer;
    }
    pthread_mutex_unlock(&lock);
    void *buffer = map_aligned(size);
    if (buffer == NULL && release_beyond(0) > 0) buffer = map_aligned(size);
    return buffer;
}

void attn_large_buffer_give(void *buffer, size_t bytes) {
    size_t size = mapped_size(bytes);
    void *unmap[SLOTS + 1];
    size_t sizes[SLOTS + 1];
    int count = 0;
    pthread_mutex_lock(&lock);
    // One buffer over half the limit goes back at once, as glibc returns its largest blocks:
    // a session that frees a tensor of hundreds of megabytes gets that memory back.
    if (size > kept_limit / 2) {
        unmap[count] = buffer;
        sizes[count++] = size;
    } else {
        evict(kept_limit - size, 1, unmap, sizes, &count);
        kept[kept_count].buffer = buffer;
        kept[kept_count++].size = size;
        kept_bytes += size;
    }
    pthread_mutex_unlock(&lock);
    unmap_all(unmap, sizes, count);
}

size_t attn_large_buffers_keep(size_t limit) {
    pthread_mutex_lock(&lock);
    kept_limit = limit;
    pthread_mutex_unlock(&lock);
    return release_beyond(limit);
}
