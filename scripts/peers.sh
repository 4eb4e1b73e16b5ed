#!/usr/bin/env bash
# confnotes render against other terminal Markdown renderers, on the same
# 5 MB note in the same run: mdcat, lowdown -Tterm and bat (glow too, if
# there). Each tool renders the note RUNS times (default 5) to /dev/null,
# styled as it would be for a terminal, 100 columns wide; the script prints
# each tool's median wall time and peak memory and its ratio to confnotes.
# Tools that are not installed are skipped with a note. confnotes colours
# code blocks (syntect) as it does on a terminal, and so does mdcat; the
# issue's target is checked against mdcat: confnotes faster, and its peak
# memory at most mdcat's + 20 MiB (a PASS/FAIL line).
#
# Then the tools that show a long list, on the 10,000 notes of the same
# corpus, in a 160x45 pseudo-terminal (scripts/first_frame.py): ranger on a
# folder of the 10,000 note files, until a file's name shows; newsboat on a
# feed of 10,000 items (the notes' titles) already in its cache, until the
# feed list shows, and until the feed's articles show after Enter; against
# confnotes' first frame on the corpus with its saved index, as a user who
# opens the collection every morning finds it. Run it by hand.
#
# usage: scripts/peers.sh [RUNS]    (PEERS_NOTE=FILE measures that note instead;
#        PEERS_CORPUS=DIR takes the notes from DIR, events of notes, instead of the generated one;
#        RANGER=PATH, NEWSBOAT=PATH as for the renderers below;
#        MDCAT=PATH, LOWDOWN=PATH, BAT=PATH, GLOW=PATH use a tool that is not on PATH,
#        e.g. MDCAT=/tmp/mdcat-inst/bin/mdcat after `cargo install mdcat --root /tmp/mdcat-inst`)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
width=100

# The note: bodies of the synthetic corpus's notes, in order, up to 5 MB,
# as benches/common/mod.rs builds it.
corpus=${PEERS_CORPUS:-target/bench-corpus/c10k}
note=${PEERS_NOTE:-target/peers/five-mb.md}
if [ -z "${PEERS_CORPUS:-}" ] && [ ! -f "$corpus/.complete" ]; then
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

# Showing 10,000 items. The peers' inputs are made once from the corpus under
# target/peers/items, and again for another corpus.
items=target/peers/items
if [ "$(cat "$items/.complete" 2>/dev/null)" != "$corpus" ]; then
  rm -rf "$items"
  mkdir -p "$items/files"
  python3 - "$corpus" "$items" <<'EOF'
import html, os, shutil, sys
corpus, out = sys.argv[1], sys.argv[2]
entries = []
for event in sorted(e for e in os.listdir(corpus) if os.path.isdir(os.path.join(corpus, e))):
    folder = os.path.join(corpus, event)
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        # The talks, not the events' overviews: the items of confnotes' talks pane.
        if not name.endswith(".md") or name == "event.md" or not os.path.isfile(path):
            continue
        title = name
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        if lines and lines[0] == "---":
            for line in lines[1:]:
                if line == "---":
                    break
                if line.startswith("title:"):
                    title = line[6:].strip().strip('"')
        # For ranger: one folder of every note file, named apart by their events.
        shutil.copyfile(path, os.path.join(out, "files", f"{event}--{name}"))
        entries.append((title, os.path.abspath(path)))
# For newsboat: an RSS feed of the notes' titles, read from a file:// URL.
with open(os.path.join(out, "feed.xml"), "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Notes feed</title>'
            '<link>file:///notes</link><description>every note</description>\n')
    for i, (title, path) in enumerate(entries):
        f.write(f"<item><title>{html.escape(title)}</title><link>file://{html.escape(path)}</link>"
                f"<guid>note-{i}</guid></item>\n")
    f.write("</channel></rss>\n")
EOF
  printf '%s' "$corpus" >"$items/.complete"
fi
count=$(find "$items/files" -type f | wc -l)
printf '\nshowing %s items (the notes of %s), %s runs each, 160x45 pseudo-terminal\n' "$count" "$corpus" "$runs"
# The median of scripts/first_frame.py's runs, in ms.
shown() {
  python3 scripts/first_frame.py "$@" | sed -n 's/^median [a-z ]*: \([0-9.]*\) ms.*/\1/p'
}
base_ms=$(shown "$bin" "$runs" --saved-index -- "$corpus")
printf '%-36s %9s ms\n' "confnotes first frame, saved index" "$base_ms"
# A peer's median, and confnotes' first frame as a ratio to it; skipped when not installed.
list_peer() {
  local name=$1 program=$2 took
  shift 2
  if ! command -v "$program" >/dev/null 2>&1; then
    printf '%-36s not installed, skipped (%s)\n' "$name" "$program"
    return
  fi
  took=$(shown "$program" "$runs" "$@")
  printf '%-36s %9s ms   confnotes / %s: %sx the time\n' "$name" "$took" "${name%%:*}" \
    "$(python3 -c "print(f'{$base_ms / max($took, 0.001):.2f}')")"
}
# --clean: no configuration read or written. A name ending .md shows once the
# folder is read and sorted (the title bar shows the folder alone before).
list_peer "ranger: a folder of the files" "${RANGER:-ranger}" --until .md -- --clean "$PWD/$items/files"
newsboat=${NEWSBOAT:-newsboat}
if command -v "$newsboat" >/dev/null 2>&1; then
  # The feed stored in its cache once, untimed, as for a reader opened every morning.
  feeds=$(mktemp -d)
  printf 'file://%s\n' "$PWD/$items/feed.xml" >"$feeds/urls"
  : >"$feeds/config"
  HOME="$feeds" "$newsboat" -u "$feeds/urls" -c "$feeds/cache.db" -C "$feeds/config" -x reload >/dev/null 2>&1
  args=(-- -u "$feeds/urls" -c "$feeds/cache.db" -C "$feeds/config")
  list_peer "newsboat: the feed list" "$newsboat" --until "Notes feed" "${args[@]}"
  # Enter opens the feed: its 10,000 articles listed.
  list_peer "newsboat: the feed's articles" "$newsboat" --until "Notes feed" --send '\r' --until "Articles in feed" "${args[@]}"
  rm -rf "$feeds"
else
  printf '%-36s not installed, skipped (%s)\n' "newsboat" "$newsboat"
fi
