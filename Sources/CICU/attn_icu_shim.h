// ICU's C API names are macros that rename to versioned symbols (unorm2_normalize_72), which
// Swift cannot see through; these static inline wrappers expand the macros in C instead.
#include <unicode/unorm2.h>
#include <unicode/utypes.h>

/// Normalises UTF-16 `src` into `dest` in form 0 NFC, 1 NFD, 2 NFKC, 3 NFKD. Returns the
/// length needed (which may exceed `capacity`: then call again with a larger buffer), or -1
/// with `*error` set to ICU's error code.
static inline int32_t attn_icu_normalize(int form, const UChar *src, int32_t length,
                                         UChar *dest, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *n = 0;
    switch (form) {
    case 0: n = unorm2_getNFCInstance(&status); break;
    case 1: n = unorm2_getNFDInstance(&status); break;
    case 2: n = unorm2_getNFKCInstance(&status); break;
    default: n = unorm2_getNFKDInstance(&status); break;
    }
    if (U_FAILURE(status)) { *error = (int32_t)status; return -1; }
    int32_t out = unorm2_normalize(n, src, length, dest, capacity, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) { *error = 0; return out; }
    if (U_FAILURE(status)) { *error = (int32_t)status; return -1; }
    *error = 0;
    return out;
}
