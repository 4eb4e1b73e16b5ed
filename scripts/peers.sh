#!/usr/bin/env bash
# confnotes render against other terminal Markdown renderers, on the same
# 5 MB note in the same run: mdcat, lowdown -Tterm and bat (glow too, if
# there). Each tool renders the note RUNS times (default 5) to /dev/null,
# styled as it would be for a terminal, 100 columns wide; the script prints
# each tool's median wall time and peak memory and its ratio to confnotes.
# Tools that are not installed are skipped with a note. confnotes colours
# code blocks (syntect) as it does on a terminal, and so does mdcat; the
# issue's target is checked against mdcat: confnotes faster, and its peak
# memory at most mdcat's + 20 MiB (a PASS/FAIL line). Run it by hand.
#
# usage: scripts/peers.sh [RUNS]    (PEERS_NOTE=FILE measures that note instead;
#        MDCAT=PATH, LOWDOWN=PATH, BAT=PATH, GLOW=PATH use a tool that is not on PATH,
#        e.g. MDCAT=/tmp/mdcat-inst/bin/mdcat after `cargo install mdcat --root /tmp/mdcat-inst`)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
width=100

# The note: bodies of the synthetic corpus's notes, in order, up to 5 MB,
# as benches/common/mod.rs builds it.
corpus=target/bench-corpus/c10k
note=${PEERS_NOTE:-target/peers/five-mb.md}
if [ ! -f "$note" ] && [ ! -f "$corpus/.complete" ]; then
  cargo run --release --quiet --example gen_corpus -- "$corpus" 40 250 7 >/dev/null
  touch "$corpus/.complete"
fi
if [ ! -f "$note" ]; then
  mkdir -p target/peers
  python3 - "$corpus" "$note" <<'EOF'
import os, sys
corpus, out = sys.argv[1], sys.argv[2]
parts, size = [], 0
for event in sorted(e for e in os.listdir(corpus) if os.path.isdir(os.path.join(corpus, e))):
    folder = os.path.join(corpus, event)
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not (name.endswith(".md") and os.path.isfile(path)):
            continue
        text = open(path, encoding="utf-8", errors="replace").read()
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            text = text[end + 5:] if end >= 0 else text
        parts.append(text)
        size += len(text.encode())
        if size >= 5_000_000:
            break
    if size >= 5_000_000:
        break
open(out, "w", encoding="utf-8").write("".join(parts))
EOF
fi
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/confnotes"

# Median seconds and peak KiB of RUNS runs of a command, output discarded.
measure() {
  local times=() peak=0 line report
  report=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$report" -f '%e %M' "$@" >/dev/null 2>/dev/null
    line=$(tail -1 "$report")
    times+=("${line% *}")
    [ "${line#* }" -gt "$peak" ] && peak=${line#* }
  done
  rm -f "$report"
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")" "$peak"
}

printf 'note: %s (%s bytes), %s runs each, %s columns\n' "$note" "$(wc -c <"$note")" "$runs" "$width"
read -r base_s base_kib < <(measure "$bin" render --ansi --width "$width" "$note")
printf '%-22s %8s s %8s MiB\n' "confnotes render" "$base_s" "$(( base_kib / 1024 ))"

# Each peer's figures and confnotes' ratio to them; sets peer_s and peer_kib
# (empty when the tool is not installed).
peer() {
  local name=$1 program=$2
  shift 2
  peer_s='' peer_kib=''
  if ! command -v "$program" >/dev/null 2>&1; then
    printf '%-22s not installed, skipped (%s)\n' "$name" "$program"
    return
  fi
  read -r peer_s peer_kib < <(measure "$program" "$@")
  printf '%-22s %8s s %8s MiB   confnotes / %s: %sx the time, %sx the memory\n' "$name" "$peer_s" "$(( peer_kib / 1024 ))" \
    "$name" "$(python3 -c "print(f'{$base_s / max($peer_s, 0.001):.2f}')")" "$(python3 -c "print(f'{$base_kib / max($peer_kib, 1):.2f}')")"
}
# --ansi: styled and highlighted as on a terminal (without it, mdcat writes plain text to a pipe).
peer "mdcat" "${MDCAT:-mdcat}" --ansi --local --columns "$width" "$note"
if [ -n "$peer_s" ]; then
  verdict=$(python3 -c "print('PASS' if $base_s < $peer_s and $base_kib <= $peer_kib + 20 * 1024 else 'FAIL')")
  printf '%-22s %s s < %s s, %s MiB <= %s MiB + 20 MiB   %s\n' "target against mdcat" "$base_s" "$peer_s" \
    "$(( base_kib / 1024 ))" "$(( peer_kib / 1024 ))" "$verdict"
fi
peer "lowdown -Tterm" "${LOWDOWN:-lowdown}" -Tterm --term-width "$width" "$note"
# Debian names bat's binary batcat.
bat=${BAT:-$(command -v bat || command -v batcat || echo bat)}
peer "bat (highlights md)" "$bat" --color=always --style=plain --paging=never --terminal-width "$width" "$note"
peer "glow" "${GLOW:-glow}" --width "$width" "$note"
