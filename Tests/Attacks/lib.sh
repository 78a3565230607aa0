# Helpers for one attack (sourced by run.sh in a fresh scratch directory).
# `attn ARGS` runs the binary under a time limit; a signal or a timeout fails the attack at
# once (crash or hang), otherwise $STATUS, out.txt and err.txt hold the result.
LIMIT=${LIMIT:-30}

fail() { echo "    $*"; exit 1; }

attn() {
    timeout -k 5 "$LIMIT" "$ATTN" "$@" > out.txt 2> err.txt < "${STDIN:-/dev/null}"
    STATUS=$?
    [ $STATUS -eq 124 ] || [ $STATUS -eq 137 ] && fail "HANG: attn $* ran over ${LIMIT}s"
    [ $STATUS -gt 128 ] && fail "CRASH: attn $* died of signal $((STATUS - 128)): $(tail -c 300 err.txt)"
    return 0
}

expect_status() { [ "$STATUS" -eq "$1" ] || fail "exit status $STATUS, expected $1; stderr: $(head -c 400 err.txt)"; }
expect_err() { grep -qF -- "$1" err.txt || fail "stderr lacks '$1': $(head -c 400 err.txt)"; }
expect_out() { grep -qF -- "$1" out.txt || fail "stdout lacks '$1': $(head -c 400 out.txt)"; }
expect_no_out() { ! grep -qF -- "$1" out.txt || fail "stdout has '$1'"; }
# No raw control characters (ESC, BEL, NUL) in what attn echoed.
expect_clean_terminal() {
    ! LC_ALL=C grep -q "$(printf '[\033\007]')" out.txt err.txt || fail "raw ESC/BEL reached the terminal"
    ! LC_ALL=C tr -d '\n' < err.txt | LC_ALL=C grep -qaP '\x00' || fail "raw NUL in stderr"
}
# Nothing lost: FILE still has the checksum remembered by `remember FILE`.
remember() { sha256sum "$1" > "$1.sum"; }
expect_unchanged() { sha256sum -c --quiet "$1.sum" 2>/dev/null || fail "$1 changed"; }
# Seconds since the epoch, for attacks that measure.
now() { date +%s.%N; }
within() { awk -v a="$1" -v b="$(now)" -v s="$2" 'BEGIN { exit !(b - a <= s) }' || fail "took over $2 s"; }
py() { python3 -c "$1" || fail "python3 could not build the input"; }
