#!/bin/sh
# Builds the libFuzzer targets with swiftc directly (SwiftPM has no product for them):
# TensorRuntime and AttnLang are compiled as modules with coverage + AddressSanitizer, then
# each target links against their objects. Everything goes under .build-fuzz/ (git-ignored).
set -eu
cd "$(dirname "$0")/.."
OUT=.build-fuzz
mkdir -p "$OUT"
SWIFTC=${SWIFTC:-swiftc}
# -O keeps the evaluator fast enough for thousands of executions per second; ASan still sees
# every out-of-bounds access because the runtime's unchecked pointer math is what it checks.
FLAGS="-O -sanitize=fuzzer,address -parse-as-library -swift-version 5 -I $OUT -I Sources/CBLAS -I Sources/CZlib -I Sources/CICU -I $OUT/CKernels"
# The libraries' warnings belong to their own builds; here they would only bury fuzzer output.
LIB_FLAGS="-suppress-warnings"
BLAS_CFLAGS=$(pkg-config --cflags openblas)
BLAS_LIBS=$(pkg-config --libs openblas)

# Rebuild a module only when one of its sources is newer than its object.
stale() { # object, source dir
    [ ! -f "$1" ] || [ -n "$(find "$2" -name '*.swift' -newer "$1" | head -n 1)" ]
}

# CKernels (attn's C kernels): SwiftPM makes its module map from include/; here it is written
# by hand and the C files compiled with the toolchain's clang, with ASan like the rest, then
# combined into one object.
mkdir -p "$OUT/CKernels"
printf 'module CKernels {\n    header "%s/Sources/CKernels/include/attn_kernels.h"\n    export *\n}\n' "$(pwd)" \
    > "$OUT/CKernels/module.modulemap"
if [ ! -f "$OUT/CKernels.o" ] || [ -n "$(find Sources/CKernels -newer "$OUT/CKernels.o" | head -n 1)" ]; then
    echo "fuzz: compiling CKernels"
    rm -rf "$OUT/ckernels" && mkdir -p "$OUT/ckernels"
    for source in Sources/CKernels/*.c; do
        ${CLANG:-clang} -O3 -fsanitize=address -I Sources/CKernels/include -I Sources/CKernels \
            -c "$source" -o "$OUT/ckernels/$(basename "$source" .c).o"
    done
    ld -r -o "$OUT/CKernels.o" "$OUT"/ckernels/*.o
    rm -f "$OUT/TensorRuntime.o"
fi
if stale "$OUT/TensorRuntime.o" Sources/TensorRuntime; then
    echo "fuzz: compiling TensorRuntime"
    $SWIFTC $FLAGS $LIB_FLAGS -Xcc $BLAS_CFLAGS -wmo -c -module-name TensorRuntime \
        -emit-module -emit-module-path "$OUT/TensorRuntime.swiftmodule" \
        -o "$OUT/TensorRuntime.o" $(find Sources/TensorRuntime -name '*.swift' | sort)
    rm -f "$OUT/AttnLang.o"
fi
if stale "$OUT/AttnLang.o" Sources/AttnLang; then
    echo "fuzz: compiling AttnLang"
    $SWIFTC $FLAGS $LIB_FLAGS -Xcc $BLAS_CFLAGS -wmo -c -module-name AttnLang \
        -emit-module -emit-module-path "$OUT/AttnLang.swiftmodule" \
        -o "$OUT/AttnLang.o" $(find Sources/AttnLang -name '*.swift' | sort)
fi
for target in LanguageFuzzer FilesFuzzer; do
    if [ ! -x "$OUT/$target" ] || [ "Fuzz/$target.swift" -nt "$OUT/$target" ] \
        || [ "$OUT/AttnLang.o" -nt "$OUT/$target" ]; then
        echo "fuzz: linking $target"
        $SWIFTC $FLAGS -Xcc $BLAS_CFLAGS -module-name $target "Fuzz/$target.swift" \
            -use-ld=lld "$OUT/TensorRuntime.o" "$OUT/AttnLang.o" "$OUT/CKernels.o" $BLAS_LIBS $(pkg-config --libs icu-uc) -lz -o "$OUT/$target"
    fi
done
