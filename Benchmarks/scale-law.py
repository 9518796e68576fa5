#!/usr/bin/env python3
"""Writes a law folder N times the bundled one, for load benchmarks: every source file copied N
times, each copy with new ids (every Akoma Ntoso work URI gets a suffix `-cK`, so references
between the files of one copy stay whole). Not legal data: the copies say the same things on
the same days, so the engine reports them as conflicts (warnings), which is fine for timing.

    python3 Benchmarks/scale-law.py 10 /tmp/law-x10
    .build-release/release/aimak benchmark --data /tmp/law-x10
"""
import os, re, shutil, sys

factor, out = int(sys.argv[1]), sys.argv[2]
law = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "law")
work = re.compile(r"(/akn/kg/act/(?:[a-z]+/)?[0-9]{4}/[A-Za-z0-9._-]+)")
shutil.rmtree(out, ignore_errors=True)
os.makedirs(os.path.join(out, "sources"))
shutil.copy(os.path.join(law, "vocabulary.yaml"), out)
for name in sorted(os.listdir(os.path.join(law, "sources"))):
    text = open(os.path.join(law, "sources", name), encoding="utf-8").read()
    for k in range(factor):
        copy = work.sub(lambda m: f"{m.group(1)}-c{k}", text)
        with open(os.path.join(out, "sources", f"{name[:-5]}-c{k}.yaml"), "w", encoding="utf-8") as f:
            f.write(copy)
print(f"{out}: {factor} × {len(os.listdir(os.path.join(law, 'sources')))} source files")
