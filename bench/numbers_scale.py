"""Time the numbers corpus stage (story grouping + cross-article checks) on 10,000 articles.

    .venv/bin/python bench/numbers_scale.py [--shared ../shared] [--articles 10000] [--jobs 2]

The corpus is generated at run time into a temporary folder (never committed) from the real
articles in ../shared (the five seeds and the 70 articles of corpus/clean):

* a *story* takes one real article and gives every capitalised name in it (people, places,
  organisations, as found by newslint.stories) a made-up replacement unique to that story,
  so stories built from the same base article share no names;
* each story gets 2-8 articles: the first keeps the base's paragraph order, the others swap
  paragraphs around (the first line stays first) and some change their numbers (digits + 1).

Stories are generated until there are ``--articles`` articles (~2,000 stories). Then the
corpus stage runs as `newslint check` runs it: NL402's ``summarize`` on every article (with
``Document.from_text``, in ``--jobs`` processes), then ``check_corpus`` on all summaries.
It prints the time of each part, the number of story groups formed, and how they compare
with the generated stories (merged = groups mixing two generated stories, must be 0).
"""
from __future__ import annotations

import argparse
import glob
import os
import random
import re
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from newslint.config import Config
from newslint.document import Document
from newslint.rules.base import RuleContext
from newslint.rules.numbers import NumbersConflictAcross
from newslint.statements import analyse, story_features
from newslint.stories import group_stories

_SYL = ["ka", "lo", "mi", "ra", "ten", "vo", "shu", "del", "bar", "nim", "os", "pe", "qua", "rin", "sa", "tor",
        "ul", "ve", "wen", "xi", "yor", "zan", "bel", "cor", "dun", "fa"]


def fake(n: int) -> str:
    """A name-like word for number n (Title case letters only)."""
    out = []
    n += 26 * 26
    while n:
        n, r = divmod(n, 26)
        out.append(_SYL[r])
    return "".join(out).capitalize()


def make_story(base: str, story: int, size: int, rng: random.Random) -> list[str]:
    doc = Document.from_text(base)
    facts = analyse(doc)
    story_features(doc, facts)
    tokens = sorted({w for name in facts.name_counts for w in name.split() if w[:1].isupper() and w.isalpha()},
                    key=len, reverse=True)
    text = base
    if tokens:
        mapping = {w: fake(story * 400 + i) for i, w in enumerate(tokens)}
        text = re.sub(r"\b(" + "|".join(map(re.escape, tokens)) + r")\b", lambda m: mapping[m.group(1)], base)
    paras = text.split("\n\n")
    out = [text]
    for _ in range(size - 1):
        body = paras[1:]
        rng.shuffle(body)
        t = "\n\n".join(paras[:1] + body)
        if rng.random() < 0.3:
            t = re.sub(r"\b\d+\b", lambda m: str(int(m.group()) + 1), t, count=3)
        out.append(t)
    return out


def _summarize(paths: list[str]):
    rule = NumbersConflictAcross()
    ctx = RuleContext(Config())
    out = []
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            doc = Document.from_text(fh.read(), p)
        out.append(rule.summarize(doc, ctx))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"))
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    bases = [Path(p).read_text(encoding="utf-8") for p in
             sorted(glob.glob(os.path.join(a.shared, "seeds", "*.txt"))) + sorted(glob.glob(os.path.join(a.shared, "corpus", "clean", "*.txt")))]
    rng = random.Random(a.seed)
    with tempfile.TemporaryDirectory(prefix="newslint-bench-") as tmp:
        t0 = time.perf_counter()
        paths: list[str] = []
        truth: dict[str, int] = {}
        story = 0
        while len(paths) < a.articles:
            size = min(rng.randint(2, 8), a.articles - len(paths))
            if size < 2 and paths:
                size = 1
            for k, text in enumerate(make_story(bases[story % len(bases)], story, size, rng)):
                p = os.path.join(tmp, f"s{story:05d}_{k}.txt")
                with open(p, "w", encoding="utf-8") as fh:
                    fh.write(text)
                paths.append(p)
                truth[p] = story
            story += 1
        print(f"generated {len(paths)} articles in {story} stories in {time.perf_counter() - t0:.1f}s ({tmp})")

        t1 = time.perf_counter()
        c1 = time.process_time()
        kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        chunks = [paths[i:i + 200] for i in range(0, len(paths), 200)]
        if a.jobs > 1:
            with ProcessPoolExecutor(a.jobs) as pool:
                summaries = [s for part in pool.map(_summarize, chunks) for s in part]
        else:
            summaries = [s for c in chunks for s in _summarize(c)]
        t2 = time.perf_counter()
        kids2 = resource.getrusage(resource.RUSAGE_CHILDREN)
        c2 = time.process_time()
        groups = group_stories([(s.story, s.name_counts, s.words) for s in summaries])
        t3 = time.perf_counter()
        hits = list(NumbersConflictAcross().check_corpus(summaries, RuleContext(Config())))
        t4 = time.perf_counter()
        c4 = time.process_time()

    merged = sum(1 for g in groups if len({truth[summaries[i].path] for i in g}) > 1)
    exact = sum(1 for g in groups if len({truth[summaries[i].path] for i in g}) == 1
                and len(g) == sum(1 for v in truth.values() if v == truth[summaries[g[0]].path]))
    print(f"summaries ({a.jobs} jobs): {t2 - t1:.1f}s; grouping: {t3 - t2:.2f}s; check_corpus (grouping + checks): {t4 - t3:.2f}s")
    print(f"corpus stage total: {t2 - t1 + t4 - t3:.1f}s for {len(summaries)} articles")
    cpu_sum = (kids2.ru_utime + kids2.ru_stime - kids1.ru_utime - kids1.ru_stime) + (c2 - c1)
    print(f"cpu seconds: summaries {cpu_sum:.1f} (all processes), grouping + checks {c4 - c2:.1f}; "
          f"on 2 idle cores that is about {cpu_sum / max(1, a.jobs) + (c4 - c2):.1f}s wall "
          f"(load average now {os.getloadavg()[0]:.1f})")
    print(f"story groups: {len(groups)} (generated stories: {story}; recovered exactly: {exact}; merged: {merged}); NL402 hits: {len(hits)}")


if __name__ == "__main__":
    main()
