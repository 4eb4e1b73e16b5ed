#!/usr/bin/env bash
# Runs every performance budget of issue 13 and prints each with its measured
# ratio and PASS/FAIL: the in-process budgets (benches/budgets.rs), then the
# real binary's start-up to first frame and peak memory on 10,000 notes.
# Takes a few minutes; run it by hand, not in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=target/bench-corpus/c10k
if [ ! -f "$corpus/.complete" ]; then
  python3 ../shared/tools/gen_corpus.py "$corpus" 40 250 7
  touch "$corpus/.complete"
fi
export CONFNOTES_CORPUS="$PWD/$corpus"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/confnotes"
cargo bench --quiet --bench budgets 2>/dev/null | sed -n '/^budget/,$p'

# Start-up of the real binary in a pseudo-terminal, against the same walk baseline.
first_frame=$(python3 scripts/first_frame.py "$bin" 10 -- "$corpus" | sed -n 's/^median first frame: \([0-9.]*\) ms.*/\1/p')
walk=$(python3 - "$corpus" <<'PY'
import os, statistics, sys, time
root = sys.argv[1]
def walk():
    for event in sorted(os.listdir(root)):
        d = os.path.join(root, event)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            with open(os.path.join(d, name), "rb") as f:
                f.read(512)
times = []
for _ in range(5):
    t = time.perf_counter(); walk(); times.append((time.perf_counter() - t) * 1000)
print(f"{statistics.median(times):.1f}")
PY
)
ratio=$(python3 -c "print(f'{$first_frame/$walk:.2f}')")
verdict=$(python3 -c "print('PASS' if $first_frame <= 2 * $walk else 'FAIL')")
printf '%-56s %-34s %-26s %s\n' "start-up to first frame, real binary, 10,000 notes" "${ratio}x walk (${first_frame} ms vs ${walk} ms)" "<= 2x walk (python walk)" "$verdict"

# Peak resident memory with 10,000 notes open, against the corpus size on disk.
tmp=$(mktemp -d)
rss_kib=$( { /usr/bin/time -v python3 scripts/first_frame.py "$bin" 1 -- --exit-when-indexed "$corpus" >/dev/null; } 2>&1 | sed -n 's/.*Maximum resident set size (kbytes): //p' | tail -1)
rm -rf "$tmp"
corpus_kib=$(( $(find "$corpus" -type f -name '*.md' -printf '%s\n' | awk '{s+=$1} END {print s}') / 1024 ))
budget_kib=$(( corpus_kib + 40 * 1024 ))
verdict=$([ "$rss_kib" -le "$budget_kib" ] && echo PASS || echo FAIL)
printf '%-56s %-34s %-26s %s\n' "peak RSS, 10,000 notes open" "$(( rss_kib / 1024 )) MiB" "<= $(( corpus_kib / 1024 )) MiB + 40 MiB" "$verdict"
