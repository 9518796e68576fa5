#!/usr/bin/env python3
"""Cold whole-process figures of `aimak` commands: wall time and peak RSS, median of N runs,
next to `aimak --help` (the process floor). A benchmark, not a test: it prints, it asserts nothing.

    python3 Benchmarks/cold.py [path/to/aimak] [runs]
"""
import os, statistics, subprocess, sys, time

aimak = sys.argv[1] if len(sys.argv) > 1 else ".build-release/release/aimak"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 21
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
