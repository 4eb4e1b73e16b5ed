#!/usr/bin/env bash
# Peak memory on one very large note (issue 22: at most 4x the note's size).
# Writes a synthetic note of SIZE MiB (default 100) with scripts/big_note.py
# into a temporary folder, then measures, against the note's size:
#   - `confnotes render` and `render --ansi`: Maximum resident set size from
#     /usr/bin/time -v;
#   - the TUI in tmux at 160x45: the note opened (enter j enter), then
#     searched (`/`, `e`, `x`), waited on until idle; VmHWM of the process.
# Prints each with its ratio and PASS/FAIL, and deletes the note. Takes a
# minute or two; run it by hand (needs tmux and /usr/bin/time).
#
# usage: scripts/big_note.sh [SIZE_MIB]    (CONFNOTES_BIN=PATH measures that binary)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-100}
limit=4
# CONFNOTES_BIN measures another build (say, main's) with the same note.
if [ -z "${CONFNOTES_BIN:-}" ]; then
  cargo build --release --quiet
fi
bin=${CONFNOTES_BIN:-"$PWD/${CARGO_TARGET_DIR:-target}/release/confnotes"}
work=$(mktemp -d "${TMPDIR:-/tmp}/confnotes-big.XXXXXX")
session="confnotes-big-$$"
cleanup() {
  tmux kill-session -t "$session" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/notes/2024-01-conference"
note="$work/notes/2024-01-conference/big.md"
python3 scripts/big_note.py "$note" "$size_mib" >/dev/null
note_kib=$(( $(stat -c %s "$note") / 1024 ))

report() {
  local name=$1 kib=$2
  local ratio verdict
  ratio=$(python3 -c "print(f'{$kib/$note_kib:.2f}')")
  verdict=$([ "$kib" -le $(( limit * note_kib )) ] && echo PASS || echo FAIL)
  printf '%-48s %-26s %-12s %s\n' "$name" "$(( kib / 1024 )) MiB (${ratio}x)" "<= ${limit}x" "$verdict"
}
peak_of() {
  { /usr/bin/time -v "$@" >/dev/null; } 2>&1 | sed -n 's/.*Maximum resident set size (kbytes): //p' | tail -1
}

printf 'note: %s MiB\n' "$(( note_kib / 1024 ))"
report "render --width 100" "$(peak_of "$bin" render "$note" --width 100)"
report "render --ansi --width 100" "$(peak_of "$bin" render --ansi "$note" --width 100)"

# CPU time (ticks) of a process, to wait until it has nothing left to do.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
settle() {
  local pid=$1 before after
  before=$(ticks "$pid")
  while sleep 2; after=$(ticks "$pid"); [ "$after" != "$before" ]; do before=$after; done
}
tmux new -d -s "$session" -x 160 -y 45 "exec '$bin' --data-dir '$work/data' '$work/notes'"
pid=$(tmux display -p -t "$session" '#{pane_pid}')
settle "$pid"
for key in Enter j Enter; do tmux send-keys -t "$session" "$key"; sleep 0.5; done
settle "$pid"
for key in / e x; do tmux send-keys -t "$session" "$key"; settle "$pid"; done
if ! tmux capture-pane -p -t "$session" | grep -q 'Search note: ex'; then
  echo "the TUI did not reach the note search; the screen was:" >&2
  tmux capture-pane -p -t "$session" >&2
  exit 1
fi
report "TUI: open the note, / e x (VmHWM)" "$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")"
