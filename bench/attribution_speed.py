"""Attribution family speed: CPU per 1,000 words of engine + NL301-NL306 on the 75 real articles.

    .venv/bin/python bench/attribution_speed.py [CHECKOUT] [--passes N] [--profile]
    .venv/bin/python bench/attribution_speed.py --against OTHER_CHECKOUT [--passes N]

CHECKOUT (default: this one) is put first on sys.path, so an older checkout (a worktree at an
earlier commit) is measured with the same interpreter and libraries. The texts are
/work/shared/corpus/clean/*.txt and /work/shared/seeds/*.txt; engine.check_document runs with
`select = attribution` (or the rule codes in $NEWSLINT_BENCH_SELECT, comma-separated). The
figure is process_time, best of N passes after a warm-up pass (patterns compiled, packs
loaded).

This machine's clock drifts and its two cores are shared, so two checkouts are best compared
with --against: one worker process per checkout, passes taken in turn (A, B, A, B, ...), so
both see the same load; the best pass of each and the median of the pass-by-pass ratios are
printed.

Instruction counts do not drift: run under callgrind with --passes 0 and --passes 5; the
difference of the `Collected` lines divided by 5 is one pass:

    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python bench/attribution_speed.py CHECKOUT --passes 5
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path("/work/shared")
HERE = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    paths = sorted((SHARED / "corpus/clean").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))
    return [p.read_text() for p in paths]


def _pass_runner(checkout: str):  # a closure over the checkout's modules
    sys.path.insert(0, checkout)
    from newslint.config import Config
    from newslint.document import Document
    from newslint.engine import check_document

    texts, cfg = _texts(), Config(select=tuple(os.environ.get("NEWSLINT_BENCH_SELECT", "attribution").split(",")))

    def one_pass() -> float:
        t0 = time.process_time()
        for t in texts:
            check_document(Document.from_text(t, "a.txt"), cfg, corpus=False)
        return time.process_time() - t0

    one_pass()  # warm-up: patterns compiled, packs loaded
    return one_pass


def _words() -> int:
    return sum(len(t.split()) for t in _texts())


def _serve(checkout: str) -> None:
    """Worker for --against: one pass per line read, its process_time written back."""
    one_pass = _pass_runner(checkout)
    print("ready", flush=True)
    for _ in sys.stdin:
        print(one_pass(), flush=True)


def _against(mine: str, other: str, passes: int) -> None:
    workers = {c: subprocess.Popen([sys.executable, __file__, c, "--serve"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True) for c in (other, mine)}
    for w in workers.values():
        assert w.stdout is not None and w.stdout.readline().strip() == "ready"
    times: dict[str, list[float]] = {c: [] for c in workers}
    for _ in range(passes):
        for c, w in workers.items():
            assert w.stdin is not None and w.stdout is not None
            w.stdin.write("go\n")
            w.stdin.flush()
            times[c].append(float(w.stdout.readline()))
    for w in workers.values():
        assert w.stdin is not None
        w.stdin.close()
        w.wait()
    per_kw = 1000 / (_words() / 1000)
    for c, ts in times.items():
        print(f"{c}: best {min(ts) * per_kw:.3f}, median {statistics.median(ts) * per_kw:.3f} ms CPU per 1,000 words ({passes} passes)")
    ratios = [b / a for a, b in zip(times[other], times[mine], strict=True)]
    print(f"{mine} / {other}: median ratio of paired passes {statistics.median(ratios):.3f}, ratio of bests {min(times[mine]) / min(times[other]):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("checkout", nargs="?", default=str(HERE))
    ap.add_argument("--passes", type=int, default=7)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--against", metavar="OTHER_CHECKOUT")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        _serve(args.checkout)
        return
    if args.against:
        _against(args.checkout, args.against, args.passes)
        return
    one_pass = _pass_runner(args.checkout)
    if args.passes:
        best = min(one_pass() for _ in range(args.passes))
        print(f"{args.checkout}: attribution {best * 1000 / (_words() / 1000):.3f} ms CPU per 1,000 words (best of {args.passes})")
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.runcall(one_pass)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
