"""Time newslint.quantities.extract() on real articles; prints ms per 1,000 words.

The articles are read at run time from ../shared (never copied into the repo):
    .venv/bin/python bench/quantities_speed.py [--shared /work/shared] [--repeat 5] [--dump]
The target is at most 2 ms per 1,000 words. --dump prints every non-plain quantity found, for
eyeballing false positives.
"""

from __future__ import annotations

import argparse
import glob
import os
import time

from newslint.quantities import extract


def main() -> None:
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--dump", action="store_true")
    a = ap.parse_args()
    shared = a.shared if os.path.isdir(a.shared) else "/work/shared"
    paths = sorted(glob.glob(os.path.join(shared, "seeds", "*.txt")))
    paths += sorted(glob.glob(os.path.join(shared, "corpus", "clean", "*.txt")))
    texts = [open(p, encoding="utf-8").read() for p in paths]
    words = sum(len(t.split()) for t in texts)
    if not texts:
        raise SystemExit(f"no articles under {shared}")
    for t in texts:  # warm-up: regex compilation, lru caches
        extract(t)
    best = cpu_best = float("inf")
    found = 0
    for _ in range(a.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        found = sum(len(extract(t)) for t in texts)
        best = min(best, time.perf_counter() - t0)
        cpu_best = min(cpu_best, time.process_time() - c0)
    if a.dump:
        for p, t in zip(paths, texts):
            for q in extract(t):
                if q.dimension != "plain":
                    print(f"{os.path.basename(p)}\t{q.text!r}\t{q.dimension}\t{q.unit}\t{q.hedge}\t{q.head}")
    print(f"{len(texts)} articles, {words} words, {found} quantities")
    print(f"best of {a.repeat}: {best * 1000:.1f} ms total, {best * 1000 / (words / 1000):.3f} ms per 1,000 words")
    # CPU time is steadier than wall time when other jobs share the 2 cores
    print(f"cpu time: {cpu_best * 1000 / (words / 1000):.3f} ms per 1,000 words")


if __name__ == "__main__":
    main()
