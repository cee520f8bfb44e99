"""Boilerplate quality: site-grouped cross-validation of the whole boilerplate family.

    .venv/bin/pip install scikit-learn numpy             # the folds refit the line model
    .venv/bin/python bench/boilerplate_quality.py        # extracted + naive views, clean prose
    .venv/bin/python bench/boilerplate_quality.py --views extracted --no-clean --no-templates
    .venv/bin/python bench/boilerplate_quality.py --speed   # in-process cost per 1,000 words
    .venv/bin/python bench/boilerplate_quality.py --sources sh,rdb --views extracted   # development: dn left out

For each of the 5 folds (``bench/data/boilerplate_split.json``: pages grouped by site, no
site in two folds) the line model is fitted on the *other* folds' sh and rdb pages
(``bench/fit_line_model.py``; dn pages are never fitted on), and every page of the fold (sh,
rdb and dn) is checked with those weights: each line is judged by a model that never saw
its site. The corpus stage (site templates, NL130) runs over each source folder as
``newslint check FOLDER`` would. Scored per line: recall = ``must`` lines covered by a
finding, precision = flagged non-blank lines that are ``must`` or ``may``.

Clean published prose (``corpus/clean``, ``numbers/dev``): findings per 10,000 words, the
clean sh pages checked with their fold's model, numbers/dev with the shipped one.
(``LINE_MODEL_C=0.1`` in the environment refits the folds with another regularisation;
0.1, 1 and 10 score alike.)
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from boilerplate_data import SHARED, Page, folds, load_view

from newslint.config import Config
from newslint.document import Document
from newslint.engine import DocumentResult, check_document, run_corpus
from newslint.finding import Finding
from newslint.rules import line_model as lm

CONFIG = Config(select=("boilerplate",))
THRESHOLDS: dict[str, float] = {}


def covered(f: Finding) -> range:
    end = f.end_line - 1 if f.end_line > f.line and f.end_column == 1 else f.end_line
    return range(f.line, end + 1)


def fold_models(pages: list[Page]) -> dict[int, dict]:
    import fit_line_model as fit

    train = fit.training_pages()
    mats = fit.matrices(train)
    fold = folds(train)
    shipped = json.loads(lm.MODEL_PATH.read_text(encoding="utf-8"))["thresholds"]
    c = float(__import__("os").environ.get("LINE_MODEL_C", "1"))
    models = {k: fit.fit_pages([p for p in train if fold[p.id] != k], mats, c) for k in sorted(set(folds(pages).values()))}
    for m in models.values():
        m["thresholds"] = dict(THRESHOLDS or shipped)  # the shipped thresholds (or --thresholds)
    return models


def check_pages(pages: list[Page], models: dict[int, dict] | None) -> dict[str, list[Finding]]:
    """Findings per page id: each fold with its own weights, then the corpus stage per folder."""
    fold = folds(pages)
    results: dict[str, DocumentResult] = {}
    for k in sorted(set(fold.values())):
        lm.use_weights(models[k] if models else None)
        try:
            for p in pages:
                if fold[p.id] == k:
                    doc = Document.from_text(p.text, str(p.path))
                    results[p.id] = check_document(doc, CONFIG, path=str(p.path))
        finally:
            lm.use_weights(None)
    out = {pid: list(r.findings) for pid, r in results.items()}
    by_path = {str(p.path): p.id for p in pages}
    for folder in sorted({p.path.parent for p in pages}):
        batch = [results[p.id] for p in pages if p.path.parent == folder]
        for f in run_corpus(batch, CONFIG):
            out[by_path[f.path]].append(f)
    return out


def score(pages: list[Page], found: dict[str, list[Finding]], warnings_only: bool = False) -> dict:
    src: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # must, caught, flagged, flagged ok
    codes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    fam: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    conf: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # NL131 lines by confidence
    for p in pages:
        nonblank = {i for i, line in enumerate(p.lines, 1) if line.strip()}
        flagged: dict[int, str] = {}
        for f in found.get(p.id, []):
            if warnings_only and f.severity not in ("warning", "error"):
                continue
            for ln in covered(f):
                if ln in nonblank:
                    flagged.setdefault(ln, f.code)
        ok = p.must | p.may
        for key in (p.source, "all"):
            s = src[key]
            s[0] += len(p.must)
            s[1] += len(p.must & flagged.keys())
            s[2] += len(flagged)
            s[3] += len(flagged.keys() & ok)
        for ln, code in flagged.items():
            codes[code][0] += 1
            codes[code][1] += ln in ok
        for f in found.get(p.id, []):
            if f.code == "NL131" and f.data:
                c = f.data["confidence"]
                band = next(b for b in ("0.97", "0.95", "0.90", "0.85", "0.80", "0.70", "0.60", "0.50", "0.00") if c >= float(b))
                for ln in covered(f):
                    if ln in nonblank and flagged.get(ln) == "NL131":
                        conf[f"{p.source} >={band}"][0] += 1
                        conf[f"{p.source} >={band}"][1] += ln in ok
        for ln in p.must:
            text = p.lines[ln - 1].strip() if ln <= len(p.lines) else ""
            family = ("comment" if ln in p.comments else "header zone" if ln in p.header
                      else "table row" if text.startswith("|") else "duplicate" if ln in p.may else "other")
            fam[f"{p.source}/{family}"][0] += 1
            fam[f"{p.source}/{family}"][1] += ln in flagged
    return {"sources": dict(src), "codes": dict(codes), "families": dict(fam), "confidence": dict(conf)}


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def report(title: str, s: dict) -> None:
    print(f"\n## {title}")
    print(f"{'source':8} {'recall':>7} {'precision':>9}   must   caught  flagged")
    for key in ("sh", "rdb", "dn", "all"):
        if key in s["sources"]:
            m, c, fl, ok = s["sources"][key]
            print(f"{key:8} {_ratio(c, m):>7} {_ratio(ok, fl):>9} {m:6} {c:8} {fl:8}")
    print("per rule: lines flagged, precision")
    print("  " + "  ".join(f"{code} {n} {_ratio(ok, n)}" for code, (n, ok) in sorted(s["codes"].items())))
    if s["confidence"]:
        print("NL131 lines by model confidence: lines, precision")
        print("  " + "  ".join(f"{k} {n} {_ratio(ok, n)}" for k, (n, ok) in sorted(s["confidence"].items())))
    print("per labelled family: recall (must lines)")
    print("  " + "  ".join(f"{k} {_ratio(c, m)} ({m})" for k, (m, c) in sorted(s["families"].items())))


def clean_prose(models: dict[int, dict] | None) -> None:
    print("\n## Clean published prose: boilerplate findings per 10,000 words")
    sh_fold = folds(load_view("extracted", ("sh",)))
    for name, folder in (("corpus/clean", SHARED / "corpus" / "clean"), ("numbers/dev", SHARED / "numbers" / "dev")):
        files = sorted(folder.rglob("*.txt"))
        words = n = warn = 0
        shown: list[str] = []
        for path in files:
            text = path.read_text(encoding="utf-8")
            words += len(text.split())
            k = sh_fold.get(path.stem)
            lm.use_weights(models[k] if (models and k is not None) else None)
            try:
                found = check_document(Document.from_text(text, str(path)), CONFIG, path=str(path)).findings
            finally:
                lm.use_weights(None)
            n += len(found)
            warn += sum(1 for f in found if f.severity in ("warning", "error"))
            shown += [f"    {path.name}:{f.line} {f.code} {f.severity} {f.message[:80]}" for f in found]
        print(f"{name:14} {words:8,} words  {n:4} findings ({n * 10000 / words:.2f} per 10k words), "
              f"{warn} warnings ({warn * 10000 / words:.2f} per 10k words)")
        for line in shown[:60]:
            print(line)


def templates_bench() -> None:
    """NL130 on real clean articles: nothing on the unrelated articles as they are; every
    copy of an invented template line added to each of them (5 articles, then all 70)."""
    import tempfile

    from newslint.engine import lint_paths

    print("\n## Site templates (NL130) on real clean articles")
    cfg = Config(select=("boilerplate",))
    for name, folder in (("corpus/clean", SHARED / "corpus" / "clean"), ("numbers/dev (78 story folders)", SHARED / "numbers" / "dev")):
        found = [f for f in lint_paths([folder], config=cfg).findings if f.code == "NL130"]
        print(f"{name:32} as published: {len(found)} NL130 findings")
        for f in found[:10]:
            print(f"    {Path(f.path).name}:{f.line} {f.message}")
    articles = sorted((SHARED / "corpus" / "clean").glob("*.txt"))
    for n in (5, len(articles)):
        with tempfile.TemporaryDirectory() as tmp:
            for k, src in enumerate(articles[:n]):
                text = src.read_text(encoding="utf-8").rstrip("\n")
                # an invented template line; its date differs from article to article
                (Path(tmp) / src.name).write_text(f"{text}\nFiled from the newsroom on {k % 28 + 1} March · Print edition\n", encoding="utf-8")
            report = lint_paths([tmp], config=cfg)
            last = {Path(f.path).name: f for f in report.findings if f.code == "NL130"}
            want = {src.name for src in articles[:n]}
            caught = sum(1 for f in report.findings if f.line == len((Path(tmp) / Path(f.path).name).read_text(encoding="utf-8").split("\n")) - 1)
            others = sum(1 for f in report.findings if f.code == "NL130") - len(last)
            print(f"{n:3} articles + a template line: {caught}/{len(want)} copies found (any boilerplate finding on the line), "
                  f"{len(last)} by NL130, {others} other NL130 findings")


SYNTHETIC = Path(__file__).resolve().parent / "data" / "boilerplate_synthetic_comments.toml"


def synthetic_threads(seed: int = 7) -> None:
    """Headerless comment threads: 3 to 12 invented comments (``data/boilerplate_synthetic_
    comments.toml``) appended, with no header or signature, below each labelled sh and rdb
    page of the extracted view (its own leftovers left in). Scored: the share of the added
    lines any boilerplate finding covers, and the page's own article lines (not ``must``)
    flagged with the thread that were not flagged without it."""
    import random
    import tomllib

    comments = tomllib.loads(SYNTHETIC.read_text(encoding="utf-8"))["comments"]
    rng = random.Random(seed)
    pages = load_view("extracted", ("sh", "rdb"))
    added, caught, pages_caught, new_fp = _threads_below(pages, lambda p: rng.sample(comments, rng.randint(3, 12)))
    print(f"\n## Synthetic headerless threads below {len(pages)} sh + rdb pages (shipped weights)")
    print(f"thread lines caught {caught}/{added} ({caught / max(added, 1):.3f}), pages with a line caught {pages_caught}, "
          f"article lines newly flagged {new_fp}")


def _threads_below(pages: list[Page], thread: Callable[[Page], list[str]]) -> tuple[int, int, int, int]:
    """Put ``thread(page)`` (comments, no header) below each page and check both texts: the
    thread's lines, those any boilerplate finding covers, the pages with one covered, and the
    page's own article lines flagged with the thread that were not flagged without it."""
    added = caught = pages_caught = new_fp = 0
    for p in pages:
        base = p.text.rstrip("\n")
        text = base + "\n\n" + "\n\n".join(thread(p)) + "\n"
        n_base = len(base.split("\n"))
        before = {ln for f in check_document(Document.from_text(p.text, str(p.path)), CONFIG, path=str(p.path)).findings for ln in covered(f)}
        after = {ln for f in check_document(Document.from_text(text, str(p.path)), CONFIG, path=str(p.path)).findings for ln in covered(f)}
        lines = text.split("\n")
        mine = {i for i in range(n_base + 1, len(lines) + 1) if lines[i - 1].strip()}
        added += len(mine)
        caught += len(mine & after)
        pages_caught += bool(mine & after)
        article = {i for i in range(1, n_base + 1) if lines[i - 1].strip()} - p.must - p.may
        new_fp += len((after - before) & article)
    return added, caught, pages_caught, new_fp


def real_thread_pool(pages: list[Page]) -> dict[str, list[str]]:
    """Readers' comments from the development pages, by site: on a page where a comment
    section is found with its header (NL101 or NL122), the lines after its last article line
    that are labelled boilerplate, of six words or more, ending like a sentence (at most 40 a
    site). Read from the labelled pages at run time; no comment is copied anywhere."""
    pool: dict[str, list[str]] = defaultdict(list)
    for p in pages:
        found = check_document(Document.from_text(p.text, str(p.path)), CONFIG, path=str(p.path)).findings
        if not any(f.code in ("NL101", "NL122") for f in found):
            continue
        lines = p.lines
        body = [i for i, line in enumerate(lines, 1) if line.strip() and i not in p.must and i not in p.may]
        last = max(body, default=0)
        for i in range(last + 1, len(lines) + 1):
            t = lines[i - 1].strip()
            if i in p.must and len(t.split()) >= 6 and t[-1:] in ".!?)\"”" and t not in pool[p.site or p.id]:
                pool[p.site or p.id].append(t)
    return {site: got[:40] for site, got in pool.items() if len(got) >= 10}


def real_threads(seed: int = 7) -> None:
    """Headerless threads of *real* comments: below each sh and rdb page (extracted view), 3 to
    12 comments of one other site's thread (``real_thread_pool``), without their header or
    signatures, as an extractor that keeps only comment text leaves them. Scored as
    ``synthetic_threads``."""
    import random

    rng = random.Random(seed)
    pages = load_view("extracted", ("sh", "rdb"))
    pool = real_thread_pool(pages + load_view("naive", ("rdb",)))

    def thread(p: Page) -> list[str]:
        got = pool[rng.choice(sorted(s for s in pool if s != p.site))]
        return rng.sample(got, min(len(got), rng.randint(3, 12)))

    added, caught, _, new_fp = _threads_below(pages, thread)
    print(f"\n## Real comments, headerless, below {len(pages)} sh + rdb pages ({len(pool)} sites' threads, shipped weights)")
    print(f"thread lines caught {caught}/{added} ({caught / max(added, 1):.3f}), article lines newly flagged {new_fp}")


def speed(repeats: int = 9) -> None:
    """In-process cost, as ``bench/run.py`` measures it: ``lint_text`` over the 5 seeds and the
    70 clean articles, engine alone and engine + boilerplate family, warm, min of repeats
    taken in turns, CPU time per 1,000 words."""
    import time

    from newslint.engine import lint_text

    arts = [(str(p), p.read_text(encoding="utf-8")) for p in sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus" / "clean").glob("*.txt"))]
    words = sum(len(t.split()) for _, t in arts)
    configs = {"engine only": Config(select=()), "engine + boilerplate": Config(select=("boilerplate",))}
    best = dict.fromkeys(configs, float("inf"))
    for cfg in configs.values():
        for path, text in arts:
            lint_text(text, path=path, config=cfg)
    for _ in range(repeats):
        for name, cfg in configs.items():
            t0 = time.process_time()
            for path, text in arts:
                lint_text(text, path=path, config=cfg)
            best[name] = min(best[name], time.process_time() - t0)
    print(f"\n## Speed: {len(arts)} articles, {words:,} words, CPU ms per 1,000 words (min of {repeats})")
    for name, t in best.items():
        print(f"{name:22} {t * 1000 / (words / 1000):.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--views", default="extracted,naive")
    ap.add_argument("--no-clean", action="store_true")
    ap.add_argument("--no-templates", action="store_true")
    ap.add_argument("--speed", action="store_true", help="only the in-process speed of the engine and the family")
    ap.add_argument("--shipped", action="store_true", help="use the shipped weights everywhere (no refit per fold)")
    ap.add_argument("--no-synthetic", action="store_true")
    ap.add_argument("--sources", default="sh,rdb,dn",
                    help="score only these sources (sh,rdb while developing: dn is the held-out test set)")
    ap.add_argument("--thresholds", help="warning,info thresholds of the model in the folds (default: the shipped file's)")
    a = ap.parse_args()
    if a.speed:
        speed()
        return 0
    if a.thresholds:
        warn, info = (float(x) for x in a.thresholds.split(","))
        THRESHOLDS.update(warning=warn, info=info)
    models = None
    for view in a.views.split(","):
        pages = load_view(view, tuple(a.sources.split(",")))
        if models is None and not a.shipped:
            models = fold_models(pages)
        found = check_pages(pages, models)
        report(f"{view} view, all findings ({len(pages)} pages)", score(pages, found))
        report(f"{view} view, warnings only", score(pages, found, warnings_only=True))
    if not a.no_clean:
        clean_prose(models)
    if not a.no_synthetic:
        synthetic_threads()
        real_threads()
    if not a.no_templates:
        templates_bench()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
