#!/bin/sh
# Usage: Fuzz/run.sh SECONDS [LanguageFuzzer|FilesFuzzer ...]
# Builds the targets, then runs each for SECONDS in parallel (one process each). New corpus
# entries stay in .build-fuzz/corpus-<target>/ between runs; a crash leaves its input in
# .build-fuzz/artifacts/ and makes this script fail. The last lines of each log give the
# execution count (stat::number_of_executed_units) recorded in docs/RELIABILITY.md.
set -eu
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
[ $# -gt 0 ] && shift
TARGETS=${*:-LanguageFuzzer FilesFuzzer}
OUT=.build-fuzz
./Fuzz/build.sh
mkdir -p "$OUT/artifacts"
# The Swift backtracer spends up to 30 s symbolicating each crash; libFuzzer reports them itself.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}

seeds() {
    case $1 in
        LanguageFuzzer) echo notebooks Tests/AttnLangTests/Golden Fuzz/regressions/language ;;
        FilesFuzzer) echo Tests/TensorRuntimeTests/Fixtures/io Fuzz/regressions/files ;;
        *) echo "unknown fuzz target $1" >&2; exit 2 ;;
    esac
}

pids=""
for target in $TARGETS; do
    mkdir -p "$OUT/corpus-$target"
    echo "fuzz: running $target for $SECONDS_PER_TARGET s (log: $OUT/$target.log)"
    # shellcheck disable=SC2046
    "$OUT/$target" "$OUT/corpus-$target" $(seeds "$target") \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=20 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$target-" \
        >"$OUT/$target.log" 2>&1 &
    pids="$pids $!:$target"
done
status=0
for entry in $pids; do
    pid=${entry%%:*}; target=${entry#*:}
    if wait "$pid"; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$OUT/$target.log" | grep -o '[0-9]*$' || true)
        echo "fuzz: $target: no crash in $SECONDS_PER_TARGET s, ${runs:-?} executions"
    else
        echo "fuzz: $target FAILED; the end of $OUT/$target.log:" >&2
        tail -n 40 "$OUT/$target.log" >&2
        status=1
    fi
done
exit $status
