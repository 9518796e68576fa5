#!/usr/bin/env python3
"""Cold whole-process figures of `aimak` commands: wall time and peak RSS, median of N runs,
next to `aimak --help` (the process floor). A benchmark, not a test: it prints, it asserts nothing.

    python3 Benchmarks/cold.py [--as-cached] [path/to/aimak] [runs]

Peak RSS depends on how the binary came into the page cache: the same binary measured 21.1 MB for
`at` just after it was written (by the linker or `cp`) and 18.6 MB once read back from disk, as after
a reboot (its code pages counted 10.8 MB against 9.4 MB; the heap, 1.8 MB, is the same). So by default
the binary is first dropped from the page cache (posix_fadvise DONTNEED), and every figure is of a
binary read back from disk; `--as-cached` measures it as the cache holds it now.
"""
import os, statistics, subprocess, sys, time

args = [a for a in sys.argv[1:] if a != "--as-cached"]
as_cached = len(args) != len(sys.argv) - 1
aimak = args[0] if len(args) > 0 else ".build-release/release/aimak"
runs = int(args[1]) if len(args) > 1 else 21

if not as_cached:
    os.sync()  # a page not yet written back cannot be dropped
    fd = os.open(os.path.realpath(aimak), os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)
commands = [
    ["--help"],
    ["at", "2009-01-01"],
    ["calendar", "add", "2015-01-01", "20"],
    ["territory", "--at", "2009-01-01"],
    ["check", "--at", "2022-01-01"],
]

def once(args):
    start = time.perf_counter()
    p = subprocess.Popen([aimak] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"aimak {' '.join(args)} failed ({status})")
    return wall * 1000, usage.ru_maxrss / 1024  # ms, MB (ru_maxrss is in KB on Linux)

floor = None
for args in commands:
    once(args)  # warm the page cache: "cold" means a new process, not a cold disk
    samples = [once(args) for _ in range(runs)]
    wall = statistics.median(s[0] for s in samples)
    rss = statistics.median(s[1] for s in samples)
    if floor is None:
        floor = wall
    print(f"aimak {' '.join(args):34} wall {wall:7.1f} ms (floor +{wall - floor:5.1f})  peak RSS {rss:5.1f} MB")
