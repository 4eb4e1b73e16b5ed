#!/usr/bin/env python3
"""Time from process start to first frame, in a pseudo-terminal.

usage: scripts/first_frame.py BINARY [RUNS] [--saved-index | --cold] [-- ARGS...]
Runs `BINARY --exit-after-first-frame ARGS` RUNS times (default 10) in a
160x45 pty with a throwaway data and config dir, and prints each run and the
median in milliseconds. The binary exits right after drawing its first frame,
so wall time to exit is time to first frame plus terminal teardown.
Runs never leave an index behind, so they measure a start without one;
with --saved-index, a first untimed run waits until it has saved one.
With --cold each run gets a data dir of its own, so a run that waits for
the index to be saved (--exit-when-indexed) leaves it to no later run.
"""
import fcntl, os, statistics, struct, subprocess, sys, tempfile, termios, time

def one_run(cmd, env):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 160, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
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

def main():
    args = sys.argv[1:]
    extra = []
    if "--" in args:
        i = args.index("--")
        args, extra = args[:i], args[i + 1:]
    saved_index = "--saved-index" in args
    cold = "--cold" in args
    args = [a for a in args if a not in ("--saved-index", "--cold")]
    binary = args[0]
    runs = int(args[1]) if len(args) > 1 else 10
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
