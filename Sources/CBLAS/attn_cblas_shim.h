// Named apart from cblas.h: OpenBLAS's own header guards itself with CBLAS_H.
#include <cblas.h>
// Declared by OpenBLAS but not in every cblas.h variant.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_corename(void);
