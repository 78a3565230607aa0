// Tensor buffers of several megabytes: memory one TLB entry per 2 MiB covers, reused after free.
#ifndef ATTN_BUFFERS_H
#define ATTN_BUFFERS_H

#include <stddef.h>

/// Buffers from this size (4 MiB: a [1024, 1024] float tensor) come from `attn_large_buffer_take`.
#define ATTN_LARGE_BUFFER_MIN_BYTES (4L << 20)

/// At least `bytes` of writable memory, mapped on its own at a 2 MiB boundary and marked for
/// transparent huge pages (Linux's `MADV_HUGEPAGE`). A buffer of the same size (in 4 KiB pages)
/// freed earlier is handed out again, its pages already present; its contents are undefined.
/// NULL when the system refuses the memory even after every kept buffer is released.
void *attn_large_buffer_take(size_t bytes);

/// Frees a buffer of `attn_large_buffer_take(bytes)`: keeps it for reuse while the kept buffers
/// total at most the limit (`attn_large_buffers_keep`), unmapping the oldest beyond it.
void attn_large_buffer_give(void *buffer, size_t bytes);

/// Sets how many bytes of freed buffers are kept for reuse (0, the default: none), unmapping
/// the oldest beyond it; returns how many bytes that released.
size_t attn_large_buffers_keep(size_t limit);

#endif
