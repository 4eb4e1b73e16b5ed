#!/usr/bin/env python3
"""Time from process start to first frame, in a pseudo-terminal.

usage: scripts/first_frame.py BINARY [RUNS] [--saved-index | --cold] [--favoured] [-- ARGS...]
       scripts/first_frame.py PROGRAM [RUNS] --until TEXT [--send KEYS --until TEXT ...] [-- ARGS...]
Runs `BINARY --exit-after-first-frame ARGS` RUNS times (default 10) in a
160x45 pty with a throwaway data and config dir, and prints each run and the
median in milliseconds. The binary exits right after drawing its first frame,
so wall time to exit is time to first frame plus terminal teardown.
Runs never leave an index behind, so they measure a start without one;
with --saved-index, a first untimed run waits until it has saved one.
With --favoured each run's session gets nice -20 (root): on a machine
shared with other work, a run takes the processors nearly as if alone.
With --cold each run gets a data dir of its own, so a run that waits for
the index to be saved (--exit-when-indexed) leaves it to no later run.

With --until, any program is timed (another tool, for a comparison):
`PROGRAM ARGS` as given, with HOME and the XDG directories in a throwaway
folder, from its start until TEXT shows on its screen (escape sequences
left out); `--send KEYS` types KEYS once the text before it showed (`\\r`
for Enter), and the time runs to the last --until. The program is then
ended (its process group, which this script started).
"""
import fcntl, os, re, signal, statistics, struct, subprocess, sys, tempfile, termios, time

# CSI and OSC sequences, and two-byte escapes: what a screen's text is drawn between.
ESCAPES = re.compile(rb"\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[@-_]")
TIMEOUT_S = 60

# --favoured: each run's session (its own autogroup: it is started in a
# new session) gets nice -20, so that other work on a shared machine takes
# less of its time. Writing it needs root or CAP_SYS_NICE; else runs as usual.
FAVOURED = False

def favour():
    if FAVOURED:
        try:
            with open("/proc/self/autogroup", "w") as f:
                f.write("-20")
        except OSError:
            pass

def pty_child(cmd, env):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 160, 0, 0))
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
                            preexec_fn=favour)
    os.close(slave)
    return master, proc

def one_run(cmd, env):
    start = time.perf_counter()
    master, proc = pty_child(cmd, env)
    while True:  # drain output so the child never blocks on a full pty
        try:
            if not os.read(master, 65536):
                break
        except OSError:
            break
    code = proc.wait()
    elapsed = (time.perf_counter() - start) * 1000
    os.close(master)
    if code != 0:
        sys.exit(f"run failed with status {code}")
    return elapsed

def run_until(cmd, env, steps):
    """Milliseconds from start until the last awaited text showed."""
    start = time.perf_counter()
    master, proc = pty_child(cmd, env)
    screen, seen = b"", 0
    try:
        for kind, value in steps:
            if kind == "send":
                os.write(master, value.encode().decode("unicode_escape").encode())
                continue
            wanted = value.encode()
            while wanted not in ESCAPES.sub(b"", screen[seen:]):
                if time.perf_counter() - start > TIMEOUT_S:
                    sys.exit(f"{value!r} not shown within {TIMEOUT_S} s by {cmd[0]}")
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    sys.exit(f"{cmd[0]} ended before showing {value!r}")
                screen += chunk
            # Later texts are looked for in what comes after this one.
            seen = len(screen)
        elapsed = (time.perf_counter() - start) * 1000
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)
    return elapsed

def main():
    args = sys.argv[1:]
    extra = []
    if "--" in args:
        i = args.index("--")
        args, extra = args[:i], args[i + 1:]
    steps, rest, i = [], [], 0
    while i < len(args):
        if args[i] in ("--until", "--send") and i + 1 < len(args):
            steps.append((args[i][2:], args[i + 1]))
            i += 2
        else:
            rest.append(args[i])
            i += 1
    args = rest
    saved_index = "--saved-index" in args
    cold = "--cold" in args
    global FAVOURED
    FAVOURED = "--favoured" in args
    args = [a for a in args if a not in ("--saved-index", "--cold", "--favoured")]
    binary = args[0]
    runs = int(args[1]) if len(args) > 1 else 10
    if steps:
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, HOME=tmp, XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_CACHE_HOME=tmp,
                       TERM="xterm-256color")
            run_until([binary] + extra, env, steps)  # warm the page cache
            times = [run_until([binary] + extra, env, steps) for _ in range(runs)]
        print("runs (ms):", " ".join(f"{t:.1f}" for t in times))
        print(f"median until shown: {statistics.median(times):.1f} ms over {runs} runs")
        return
    until = "--exit-when-indexed" if "--exit-when-indexed" in extra else "--exit-after-first-frame"
    extra = [a for a in extra if a != "--exit-when-indexed"]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp, TERM="xterm-256color")
        cmd = [binary, until, "--data-dir", tmp] + extra
        if saved_index:
            one_run([binary, "--exit-when-indexed", "--data-dir", tmp] + extra, env)
        def run():
            if not cold:
                return one_run(cmd, env)
            with tempfile.TemporaryDirectory() as fresh:
                own = dict(env, XDG_DATA_HOME=fresh, XDG_CONFIG_HOME=fresh)
                return one_run([binary, until, "--data-dir", fresh] + extra, own)
        run()  # warm the page cache
        times = [run() for _ in range(runs)]
    print("runs (ms):", " ".join(f"{t:.1f}" for t in times))
    print(f"median first frame: {statistics.median(times):.1f} ms over {runs} runs")

if __name__ == "__main__":
    main()
