#!/bin/sh
# The attack suite: every Tests/Attacks/*.attack runs in a fresh scratch directory against the
# release binary. Each names the input, the clear error it must get, and what must not be lost;
# a crash (signal), a hang (over LIMIT seconds) or a wrong answer fails it.
# Usage: Tests/Attacks/run.sh [path/to/attn] [attack-name-substring]
here=$(cd "$(dirname "$0")" && pwd)
ATTN=${1:-$(cd "$here/../.." && swift build -c release --show-bin-path)/attn}
ATTN=$(cd "$(dirname "$ATTN")" && pwd)/$(basename "$ATTN")
export ATTN
passed=0 failed=0 failures=""
for attack in "$here"/*.attack; do
    name=$(basename "$attack" .attack)
    case "$name" in *"${2:-}"*) ;; *) continue ;; esac
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/attn-attack.XXXXXX")
    if (cd "$scratch" && . "$here/lib.sh" && . "$attack"); then
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        failed=$((failed + 1))
        failures="$failures $name"
    fi
    rm -rf "$scratch"
done
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
