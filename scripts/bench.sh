#!/usr/bin/env bash
# Runs every performance budget of issues 13 and 26 and prints each with its measured
# ratio and PASS/FAIL: the in-process budgets (benches/budgets.rs), then the
# real binary's start-up to first frame and peak memory on 10,000 notes.
# Takes a few minutes; run it by hand, not in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=target/bench-corpus/c10k
if [ ! -f "$corpus/.complete" ]; then
  cargo run --release --quiet --example gen_corpus -- "$corpus" 40 250 7 >/dev/null
  touch "$corpus/.complete"
fi
export CONFNOTES_CORPUS="$PWD/$corpus"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/confnotes"
out=$(cargo bench --quiet --bench budgets 2>/dev/null)
printf '%s\n' "$out" | sed -n '/^budget/,$p'
# The real binary's first frame is measured against the same walk baseline
# (tree walk + front matter read, in Rust) as the in-process budgets above.
walk=$(printf '%s\n' "$out" | sed -n 's/^walk-baseline-ms: //p')

# Start-up of the real binary in a pseudo-terminal: without a saved index
# (every run starts with none), then with the one a first run saved.
first_frame() {
  python3 scripts/first_frame.py "$bin" 10 "$@" | sed -n 's/^median first frame: \([0-9.]*\) ms.*/\1/p'
}
for mode in none saved; do
  if [ "$mode" = none ]; then ff=$(first_frame -- "$corpus"); limit=2; else ff=$(first_frame --saved-index -- "$corpus"); limit=0.5; fi
  ratio=$(python3 -c "print(f'{$ff/$walk:.2f}')")
  verdict=$(python3 -c "print('PASS' if $ff <= $limit * $walk else 'FAIL')")
  printf '%-56s %-34s %-26s %s\n' "real binary: first frame, 10,000 notes, index: $mode" "${ratio}x walk (${ff} ms vs ${walk} ms)" "<= ${limit}x walk" "$verdict"
done

# Peak resident memory of the real binary until everything is ready
# (`--exit-when-indexed`), in KiB: with no saved index (a data directory of
# its own), or with the one a first run saved (`warm`: that run not counted).
peak_rss_kib() {
  local corpus=$1 mode=$2 data
  if [ "$mode" = cold ]; then
    { /usr/bin/time -v python3 scripts/first_frame.py "$bin" 1 --cold -- --exit-when-indexed "$corpus" >/dev/null; } 2>&1 | sed -n 's/.*Maximum resident set size (kbytes): //p' | tail -1
    return
  fi
  data=$(mktemp -d)
  XDG_CONFIG_HOME="$data" script -q -c "$bin --data-dir $data --exit-when-indexed $corpus" /dev/null >/dev/null
  XDG_CONFIG_HOME="$data" script -q -c "/usr/bin/time -f 'peak-rss-kib %M' $bin --data-dir $data --exit-when-indexed $corpus" /dev/null | tr -d '\r' | sed -n 's/.*peak-rss-kib \([0-9]*\).*/\1/p' | tail -1
  rm -rf "$data"
}

# One row per start (no saved index, saved index) against `base` KiB plus 40 MiB.
rss_rows() {
  local corpus=$1 size=$2 base_kib=$3 base_label=$4 rss_kib mode what
  for mode in cold warm; do
    rss_kib=$(peak_rss_kib "$corpus" "$mode")
    if [ "$mode" = cold ]; then what="no saved index"; else what="saved index"; fi
    verdict=$([ "$rss_kib" -le $(( base_kib + 40 * 1024 )) ] && echo PASS || echo FAIL)
    printf '%-56s %-34s %-26s %s\n' "peak RSS, $size notes open, $what" "$(( rss_kib / 1024 )) MiB" "<= $base_label + 40 MiB" "$verdict"
  done
}

# Peak resident memory with 10,000 notes open, against the corpus size on disk.
corpus_kib=$(( $(find -L "$corpus" -type f -name '*.md' -printf '%s\n' | awk '{s+=$1} END {print s}') / 1024 ))
rss_rows "$corpus" 10,000 "$corpus_kib" "$(( corpus_kib / 1024 )) MiB"

# Issue 26: everything ready (finder, full text, related, topics), not only
# the first frame; a note edited on disk re-read and re-indexed; searches
# and keys; peak memory. The in-process figures come from benches/ready.rs,
# the real binary's in a pseudo-terminal (`--exit-when-indexed`), each
# against a walk measured in the same run on the same collection. 10,000
# notes always; 100,000 (400 MB, generated once under target/, minutes to
# run) with CONFNOTES_BENCH_100K=1.
ready_goals() {
  local corpus=$1 size=$2
  local out walk warm cold
  out=$(CONFNOTES_CORPUS="$PWD/$corpus" cargo bench --quiet --bench ready 2>/dev/null)
  walk=$(printf '%s\n' "$out" | sed -n 's/^walk-baseline-ms: //p')
  printf '%s\n' "$out" | grep -E 'PASS|FAIL' || true
  warm=$(python3 scripts/first_frame.py "$bin" 5 --saved-index -- --exit-when-indexed "$corpus" | sed -n 's/^median first frame: \([0-9.]*\) ms.*/\1/p')
  cold=$(python3 scripts/first_frame.py "$bin" 3 --cold -- --exit-when-indexed "$corpus" | sed -n 's/^median first frame: \([0-9.]*\) ms.*/\1/p')
  for mode in warm cold; do
    if [ "$mode" = warm ]; then t=$warm; limit=2; what="saved index"; else t=$cold; limit=5; what="no saved index"; fi
    ratio=$(python3 -c "print(f'{$t/$walk:.2f}')")
    verdict=$(python3 -c "print('PASS' if $t <= $limit * $walk else 'FAIL')")
    # The issue sets no goal for a cold start of 10,000 notes: shown for context.
    if [ "$mode" = cold ] && [ "$size" = 10,000 ]; then verdict="(context)"; fi
    printf '%-56s %-34s %-26s %s\n' "real binary: all ready, $size notes, $what" "${ratio}x walk (${t} ms vs ${walk} ms)" "<= ${limit}x walk" "$verdict"
  done
}
ready_goals "$corpus" 10,000

if [ "${CONFNOTES_BENCH_100K:-}" = 1 ]; then
  big=target/bench-corpus/c100k
  if [ ! -f "$big/.complete" ]; then
    cargo run --release --quiet --example gen_corpus -- "$big" 400 250 7 >/dev/null
    touch "$big/.complete"
  fi
  ready_goals "$big" 100,000
  # Issue 26: half the corpus size plus 40 MiB, with and without a saved index.
  corpus_kib=$(( $(find -L "$big" -type f -name '*.md' -printf '%s\n' | awk '{s+=$1} END {print s}') / 1024 ))
  rss_rows "$big" 100,000 $(( corpus_kib / 2 )) "$(( corpus_kib / 2048 )) MiB"
fi
