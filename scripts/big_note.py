#!/usr/bin/env python3
"""A synthetic note of SIZE MiB for scripts/big_note.sh: sections of
paragraphs with inline code, links, bold and emphasis, a list, a YAML block
and a table each, deterministic. Never commit what it writes.

usage: scripts/big_note.py OUT.md [SIZE_MIB]
"""
import random
import sys

out, size_mib = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100
target = size_mib * 1024 * 1024
rng = random.Random(7)
WORDS = ("the of memory layout render parser span style event talk speaker latency throughput cache index "
         "query token stream buffer thread lock queue async await future vector string slice table column row").split()


def words(n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


parts = ["---\ntitle: A very big note\nspeakers: [Jane Doe]\n---\n\n# A very big note\n\n"]
total = len(parts[0])
section = 0
while total < target:
    section += 1
    chunk = [f"## Section {section}\n\n"]
    for _ in range(3):
        chunk.append(f"{words(20)} `code_{section}` and **bold {words(3)}** with "
                     f"[a link](https://example.com/{section}) {words(25)}.\n{words(18)} *emph* {words(12)}.\n\n")
    chunk.append("".join(f"- item {words(6)} `x{j}`\n" for j in range(5)) + "\n")
    chunk.append(f"```yaml\nkey: value\nlist:\n  - a\n  - b\nnested:\n  deep: {words(4)}\n```\n\n")
    chunk.append("| name | value | note |\n|---|---|---|\n"
                 + "".join(f"| {words(2)} | {j} | {words(4)} |\n" for j in range(4)) + "\n")
    text = "".join(chunk)
    parts.append(text)
    total += len(text)
with open(out, "w", encoding="utf-8") as f:
    f.write("".join(parts))
print(f"{section} sections, {total} bytes")
