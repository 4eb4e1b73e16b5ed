#!/usr/bin/env python3
"""Idle wake-ups of a running confnotes: voluntary context switches of all
its threads over a span of seconds, from /proc/PID/task/*/status (Linux).

An idle app waits without waking; every wake-up costs a laptop battery.
Usage: scripts/idle_wakeups.py PID [SECONDS]   (default 10)
Or start the app in tmux and measure it in one go:
       scripts/idle_wakeups.py --run BINARY NOTES [SECONDS]
"""

import os
import subprocess
import sys
import tempfile
import time


def switches(pid):
    """Voluntary context switches per thread id, for every thread of pid."""
    counts = {}
    task_dir = f"/proc/{pid}/task"
    for tid in os.listdir(task_dir):
        try:
            with open(f"{task_dir}/{tid}/status") as status:
                for line in status:
                    if line.startswith("voluntary_ctxt_switches:"):
                        counts[tid] = int(line.split()[1])
        except FileNotFoundError:
            pass  # the thread ended between listing and reading
    return counts


def measure(pid, seconds):
    before = switches(pid)
    time.sleep(seconds)
    after = switches(pid)
    # A thread that started meanwhile counts from zero; one that ended is lost.
    per_thread = {tid: n - before.get(tid, 0) for tid, n in after.items()}
    return sum(per_thread.values()), per_thread


def run_and_measure(binary, notes, seconds):
    session = f"idle-wakeups-{os.getpid()}"
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as data_dir:
        command = f"{binary} --data-dir {data_dir} {notes}"
        subprocess.run(["tmux", "new", "-d", "-s", session, "-x", "160", "-y", "45", command], check=True)
        try:
            pane_pid = subprocess.run(
                ["tmux", "list-panes", "-t", session, "-F", "#{pane_pid}"],
                check=True, capture_output=True, text=True,
            ).stdout.split()[0]
            # Let the first frame, indexing and the watcher settle before measuring.
            time.sleep(5)
            return measure(int(pane_pid), seconds)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], check=False)


def main(args):
    if len(args) >= 2 and args[0] == "--run":
        seconds = float(args[3]) if len(args) > 3 else 10.0
        total, per_thread = run_and_measure(args[1], args[2], seconds)
    elif len(args) >= 1:
        seconds = float(args[1]) if len(args) > 1 else 10.0
        total, per_thread = measure(int(args[0]), seconds)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(f"{total} voluntary context switches in {seconds:g} s over {len(per_thread)} threads")
    for tid, n in sorted(per_thread.items(), key=lambda kv: -kv[1]):
        if n:
            print(f"  thread {tid}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
