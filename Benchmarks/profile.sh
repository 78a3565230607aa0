#!/bin/sh
# Profiles attn on workloads 2, 4 and 5 with shortened loops: callgrind's instruction counts
# (exact, repeatable, unaffected by the other processes on this machine) and perf's cpu-clock
# samples (hardware counters are not available in this VM; the software clock is).
#   Benchmarks/profile.sh ATTN [WORKLOAD...]     (default: 2 4 5); output in Benchmarks/.out/
# Under valgrind OpenBLAS must not use its AVX-512 kernels (valgrind cannot run them), so the
# callgrind runs set OPENBLAS_CORETYPE=Haswell, which also stops attn's re-exec.
set -eu
attn=$(realpath "$1"); shift
here=$(cd "$(dirname "$0")" && pwd)
out=$here/.out; mkdir -p "$out"
demangle() { if command -v swift >/dev/null; then swift demangle --simplified; else cat; fi; }
[ $# -gt 0 ] || set -- 2 4 5
for w in "$@"; do
    src=$(ls "$here"/attn/w${w}_*.attn)
    # Fewer iterations: callgrind runs ~50x slower. The warm-up stays, so steady state is profiled.
    sed -e 's/^N = 10000$/N = 2000/' -e 's/^N = 300$/N = 30/' -e 's/^N = 40$/N = 5/' "$src" > "$out/prof_w$w.attn"
    OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=1 valgrind --tool=callgrind \
        --callgrind-out-file="$out/callgrind.w$w" "$attn" "$out/prof_w$w.attn" > "$out/prof_w$w.log" 2>&1
    callgrind_annotate --threshold=99 "$out/callgrind.w$w" 2>/dev/null | demangle > "$out/callgrind_self.w$w.txt"
    callgrind_annotate --inclusive=yes --threshold=99 "$out/callgrind.w$w" 2>/dev/null | demangle > "$out/callgrind_incl.w$w.txt"
    perf record -q -F 5000 -g -o "$out/perf.w$w.data" "$attn" "$src" > /dev/null 2>&1 || true
    perf report -q -i "$out/perf.w$w.data" --stdio --no-children --sort symbol 2>/dev/null \
        | grep -E '^ +[0-9.]+%' | demangle > "$out/perf_self.w$w.txt" || true
    echo "== workload $w: callgrind, self instructions (top 25)"
    grep -E '^ *[0-9,]+ \(' "$out/callgrind_self.w$w.txt" | head -26
    echo "== workload $w: callgrind, inclusive instructions (top 25)"
    grep -E '^ *[0-9,]+ \(' "$out/callgrind_incl.w$w.txt" | head -26
    echo "== workload $w: perf cpu-clock, self (top 20)"
    head -20 "$out/perf_self.w$w.txt"
done
