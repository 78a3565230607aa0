// Named apart from cblas.h: OpenBLAS's own header guards itself with CBLAS_H.
#include <cblas.h>
// Declared by OpenBLAS but not in every cblas.h variant.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_corename(void);

// OpenBLAS's worker threads, stopped and observed (its pthreads build exports both symbols;
// weak, so that a build without them still links: nothing is stopped and the state is -1).
// Any later openblas_set_num_threads call starts stopped threads again.
extern int blas_thread_shutdown_(void) __attribute__((weak));
extern int blas_server_avail __attribute__((weak));
static inline int attn_openblas_stop_threads(void) {
    if (!blas_thread_shutdown_) return 0;
    return blas_thread_shutdown_() == 0;
}
static inline int attn_openblas_threads_running(void) {
    if (!&blas_server_avail) return -1;
    return blas_server_avail != 0;
}
