"""Time the numbers family on real articles; prints ms per 1,000 words.

The articles are read at run time from ../shared (never copied into the repo):
    .venv/bin/python bench/quantities_speed.py [--shared /work/shared] [--repeat 5] [--dump] [--big]

Times ``newslint.quantities.extract()`` alone, then the numbers family as the engine runs it
(``lint_text`` with ``select = ["numbers"]``: statements, NL401, NL403) on the 75 articles
(seeds and corpus/clean). The target for the family is at most 2 ms per 1,000 words.
--big also times it on one 1.28 MB document (the articles joined, repeated) and on
pathological text (thousands of numbers on one line, a 100,000-character token): the cost per
1,000 words must stay about the same (linear work, no comparison of all pairs).
--dump prints every non-plain quantity found, for eyeballing false positives.
"""

from __future__ import annotations

import argparse
import glob
import os
import time
from pathlib import Path

from newslint.quantities import extract


def main() -> None:
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--dump", action="store_true")
    ap.add_argument("--big", action="store_true", help="also time a 1.28 MB document and pathological text")
    a = ap.parse_args()
    shared = a.shared if os.path.isdir(a.shared) else "/work/shared"
    paths = sorted(glob.glob(os.path.join(shared, "seeds", "*.txt")))
    paths += sorted(glob.glob(os.path.join(shared, "corpus", "clean", "*.txt")))
    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
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
        for p, t in zip(paths, texts, strict=True):
            for q in extract(t):
                if q.dimension != "plain":
                    print(f"{os.path.basename(p)}\t{q.text!r}\t{q.dimension}\t{q.unit}\t{q.hedge}\t{q.head}")
    print(f"{len(texts)} articles, {words} words, {found} quantities")
    print(f"extract, best of {a.repeat}: {best * 1000:.1f} ms total, {best * 1000 / (words / 1000):.3f} ms per 1,000 words")
    # CPU time is steadier than wall time when other jobs share the 2 cores
    print(f"extract, cpu time: {cpu_best * 1000 / (words / 1000):.3f} ms per 1,000 words")

    import newslint
    from newslint.config import Config

    cfg = Config(select=("numbers",))

    def family(docs: list[str]) -> float:
        for t in docs:  # warm
            newslint.lint_text(t, config=cfg)
        b = float("inf")
        for _ in range(a.repeat):
            c0 = time.process_time()
            for t in docs:
                newslint.lint_text(t, config=cfg)
            b = min(b, time.process_time() - c0)
        return b

    fam = family(texts)
    print(f"numbers family (lint_text, select numbers), cpu: {fam * 1000 / (words / 1000):.3f} ms per 1,000 words")
    if a.big:
        # distinct prose, not one article repeated: the 75 articles, then corpus-more's pages
        more = sorted(glob.glob(os.path.join(shared, "corpus-more", "extracted", "*.txt")))
        parts, size = list(texts), sum(len(t) for t in texts)
        for p in more:
            if size >= 1_280_000:
                break
            t = Path(p).read_text(encoding="utf-8")
            parts.append(t)
            size += len(t)
        big = "\n\n".join(parts)
        bw = len(big.split())
        t = family([big])
        print(f"one {len(big) / 1e6:.2f} MB document ({bw} words): {t * 1000 / (bw / 1000):.3f} ms per 1,000 words")
        line = "Scores: " + ", ".join(f"{n} points" for n in range(20_000)) + ".\n"
        t = family([line])
        print(f"20,000 numbers on one line ({len(line.split())} words): {t * 1000 / (len(line.split()) / 1000):.3f} ms per 1,000 words")
        token = "x" * 100_000 + " 12 people died. " + "7" * 50_000 + "\n"
        t = family([token])
        print(f"a 100,000-character token and a 50,000-digit number: {t * 1000:.1f} ms")


if __name__ == "__main__":
    main()
