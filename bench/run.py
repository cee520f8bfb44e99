"""Run every newslint benchmark and print one table of figures (not timed tests).

    .venv/bin/python bench/run.py [--quick] [--json out.json] [--articles N] [--no-peers]

Corpus (real article text, read at run time, never copied into the repository: licence):
the 5 seeds (/work/shared/seeds/*.txt) and the 70 articles of /work/shared/corpus/clean/*.txt,
75 articles in all. No other prose is used: PyPI packages ship no news text that fits.

* In-process figures (1, 5, 7) lint the 75 real articles exactly as they are.
* The command-line and Dask figures (2, 3, 5, 6) need volume: 10,000 articles (1,000 with
  --quick) are generated into a temporary folder by cycling the 75 real articles. Copy k of
  an article keeps its first and last paragraph (headline, footer) and rotates the paragraphs
  between them by k; an HTML comment ``<!-- bench copy k -->`` is appended, so every file's
  content hash differs (the findings cache cannot share entries) while the prose, which never
  includes HTML comments, is the same real text. The Dask folder holds the first 2,000 of
  them (100 with --quick). The folder is deleted at the end.

Figures:
 1. in-process time per article and per 1,000 words, per rule family (``Config(select=
    (category,))`` for each category in ``newslint.registry.all_rules()``), for the engine
    alone (``select=()``) and for the default rule set; min of several repeats, warm (a first
    pass that loads rules and dictionaries is excluded; the load is reported on its own).
 2. ``newslint check --no-cache FILE`` wall time, interpreter start included (median of 10),
    with and without bytecode for newslint's modules (see ``bench_one_file``), and with the
    cache warm.
 3. ``newslint check --jobs N --no-cache --format json`` over the generated corpus, N = 1, 2,
    articles per second; then with a cache: a first run that fills it and warm reruns.
 4. language-server change-to-diagnostics latency, from bench/lsp_bench.py when it exists.
 5. peak memory: ru_maxrss of the 10,000-article run (largest process of the run, from
    wait4) and of this process after the in-process figures.
 6. Dask: ``newslint.dask.lint_corpus(folder, scheduler=<LocalCluster address>)`` with 1 and
    2 workers (one thread each), articles per second.
 7. peers on the same 75 articles, in their own environment under bench/.peers (created on
    first use; never a dependency of newslint): proselint (Python API), codespell (Python
    API, and its command over the Dask folder), Harper (harper.js LocalLinter, WASM, in
    node).

Targets (PASS/FAIL) for this 2-core machine are printed at the end. See bench/README.md.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (
    HERE,
    NEWSLINT,
    ROOT,
    find_shared,
    fmt_ms,
    generate,
    loadavg,
    real_articles,
    row,
    run_child,
    run_child_rss,
    section,
    words,
)
from peers import bench_peers, print_peers

TARGETS = {
    "default_ms_per_kw": 3.0,  # full default rule set, ms per 1,000 words per core
    "boilerplate_ms_per_kw": 1.0,  # engine + boilerplate
    "jobs2_articles_per_s": 500.0,
    "one_file_s": 0.3,
    "proselint_speedup": 20.0,
}

OUT: dict = {}  # everything measured, for --json


# ---- 1. in-process -----------------------------------------------------------------------
def bench_inprocess(articles: list[tuple[str, str]], repeats: int) -> dict:
    t0 = time.perf_counter()
    from newslint.config import Config
    from newslint.engine import lint_text
    from newslint.registry import all_rules

    import_s = time.perf_counter() - t0
    names = [n for n, _ in articles]
    texts = [t for _, t in articles]
    nwords = sum(words(t) for t in texts)
    # cold: the first call loads the rules (packs, word lists, dictionaries)
    t0 = time.perf_counter()
    lint_text(texts[0], path=names[0], config=Config())
    first_call = time.perf_counter() - t0
    rules = all_rules()
    cats: list[str] = []
    for r in rules:
        if r.category not in cats:
            cats.append(r.category)
    configs: list[tuple[str, object, str]] = [("engine only (select=())", Config(select=()), "engine")]
    for c in cats:
        n_on = sum(1 for r in rules if r.category == c)
        configs.append((f"{c} ({n_on} rules)", Config(select=(c,)), c))
    configs.append((f"default rule set ({sum(1 for r in rules if r.default_enabled)} rules)", Config(), "default"))
    res: dict = {"import_s": import_s, "first_call_s": first_call, "articles": len(texts), "words": nwords, "families": {}}
    # warm-up pass per family: loads whatever it loads lazily; excluded, load time kept
    warmups: dict[str, float] = {}
    nfind: dict[str, int] = {}
    for _, cfg, key in configs:
        t0 = time.perf_counter()
        nfind[key] = sum(len(lint_text(t, path=n, config=cfg)) for n, t in zip(names, texts, strict=True))
        warmups[key] = time.perf_counter() - t0
    # the repeats take turns (family A, B, C, ... then again): a slow spell of the machine
    # lands on one repeat of every family instead of on every repeat of one family
    best = dict.fromkeys(warmups, float("inf"))
    cpu_best = dict.fromkeys(warmups, float("inf"))
    for _ in range(repeats):
        for _, cfg, key in configs:
            t0, c0 = time.perf_counter(), time.process_time()
            for n, t in zip(names, texts, strict=True):
                lint_text(t, path=n, config=cfg)
            best[key] = min(best[key], time.perf_counter() - t0)
            cpu_best[key] = min(cpu_best[key], time.process_time() - c0)
    t0 = time.perf_counter()
    lint_text(texts[0], path=names[0], config=Config())
    warm_first = time.perf_counter() - t0
    for label, _, key in configs:
        res["families"][key] = {
            "label": label,
            "findings": nfind[key],
            "ms_per_article": best[key] * 1000 / len(texts),
            "ms_per_kw": best[key] * 1000 / (nwords / 1000),
            "cpu_ms_per_kw": cpu_best[key] * 1000 / (nwords / 1000),
            "first_pass_extra_ms": max(0.0, (warmups[key] - best[key]) * 1000),
        }
    res["load_ms"] = max(0.0, (first_call - (warm_first or 0.0)) * 1000)
    res["maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return res


def print_inprocess(r: dict, repeats: int) -> None:
    section(f"1. In-process, {r['articles']} real articles, {r['words']:,} words, min of {repeats} warm repeats")
    row("", "ms/article", "ms/1k words", "cpu ms/1k w", "findings")
    for f in r["families"].values():
        row(f["label"], fmt_ms(f["ms_per_article"]), fmt_ms(f["ms_per_kw"], 3), fmt_ms(f["cpu_ms_per_kw"], 3), str(f["findings"]))
    row("load: first call (rules, packs, word lists)", f"{r['load_ms']:.0f} ms")
    extra = {k: f["first_pass_extra_ms"] for k, f in r["families"].items() if f["first_pass_extra_ms"] > 50}
    if extra:
        row("load: first pass extra, per family", ", ".join(f"{k} {v:.0f} ms" for k, v in extra.items()))


# ---- 2. one file -------------------------------------------------------------------------
def _bytecode_missing(pkg: Path) -> list[Path]:
    """The package's modules that have no up-to-date bytecode beside them."""
    import importlib.util

    out = []
    for src in pkg.rglob("*.py"):
        pyc = Path(importlib.util.cache_from_source(str(src)))
        if not pyc.exists() or pyc.stat().st_mtime < src.stat().st_mtime:
            out.append(src)
    return out


def bench_one_file(path: Path, runs: int, tmp: Path) -> dict:
    """The command on one file, interpreter start included, in the two states a Python
    package can be in: without bytecode for newslint's own modules (an editable checkout on a
    machine that sets PYTHONDONTWRITEBYTECODE, like this one: every run compiles ~9,000 lines
    first) and with it (what `pip install` leaves, and what any other checkout has after its
    first run). The bytecode is written into the checkout's __pycache__ folders, as Python
    itself would, and removed again if this run created it."""
    cwd = path.parent
    base = run_child([sys.executable, "-c", "pass"])  # warm the page cache
    py = statistics.median(run_child([sys.executable, "-c", "pass"])["wall"] for _ in range(runs))
    del base
    cmd = [str(NEWSLINT), "check", "--no-cache", "--no-progress", str(path)]
    first = run_child(cmd, cwd=cwd)
    if first["rc"] not in (0, 1):
        return {"error": first["stderr"].strip()[-300:]}
    pkg = ROOT / "newslint"
    missing = _bytecode_missing(pkg) if pkg.is_dir() else []
    res: dict = {"words": words(path.read_text(encoding="utf-8")), "python_s": py, "runs": runs}
    created: list[Path] = []
    if missing:  # no bytecode now: measure that state first
        res["no_bytecode_s"] = statistics.median(run_child(cmd, cwd=cwd)["wall"] for _ in range(runs))
        res["import_cli_no_bytecode_s"] = statistics.median(
            run_child([sys.executable, "-c", "import newslint.cli"])["wall"] for _ in range(runs))
        import importlib.util
        import py_compile

        for src in missing:
            pyc = Path(importlib.util.cache_from_source(str(src)))
            existed = pyc.parent.exists()
            py_compile.compile(str(src), cfile=str(pyc), doraise=True)
            created.append(pyc)
            if not existed:
                created.append(pyc.parent)
    try:
        nocache = [run_child(cmd, cwd=cwd)["wall"] for _ in range(runs)]
        res["import_cli_s"] = statistics.median(run_child([sys.executable, "-c", "import newslint.cli"])["wall"] for _ in range(runs))
        cdir = tmp / "one-cache"
        ccmd = [str(NEWSLINT), "check", "--no-progress", "--cache-dir", str(cdir), str(path)]
        run_child(ccmd, cwd=cwd)
        warm = [run_child(ccmd, cwd=cwd)["wall"] for _ in range(runs)]
    finally:
        for p in created:  # files first, then the folders this run made
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
    res.update(no_cache_s=statistics.median(nocache), no_cache_min_s=min(nocache), cache_warm_s=statistics.median(warm))
    return res


def print_one_file(r: dict) -> None:
    section(f"2. One file: `newslint check FILE` wall time, interpreter start included (median of {r.get('runs', '?')})")
    if "error" in r:
        row("n/a", r["error"])
        return
    row(f"--no-cache ({r['words']} words), bytecode", f"{r['no_cache_s']:.3f} s", f"(min {r['no_cache_min_s']:.3f})")
    if "no_bytecode_s" in r:
        row("--no-cache, no bytecode for newslint", f"{r['no_bytecode_s']:.3f} s",
            f"import {r['import_cli_no_bytecode_s']:.3f} s")
    row("cache warm, bytecode", f"{r['cache_warm_s']:.3f} s")
    row("of which: python -c pass", f"{r['python_s']:.3f} s")
    row("of which: python -c 'import newslint.cli'", f"{r['import_cli_s']:.3f} s")


# ---- 3. throughput -----------------------------------------------------------------------
def bench_throughput(folder: Path, n: int, tmp: Path) -> dict:
    res: dict = {"articles": n}
    base = [str(NEWSLINT), "check", "--format", "json", "--no-progress", "--exit-zero"]
    for jobs in (1, 2):
        r = run_child_rss([*base, "--jobs", str(jobs), "--no-cache", str(folder)], cwd=folder)
        res[f"jobs{jobs}"] = _tp(r, n)
    cdir = tmp / "corpus-cache"
    r = run_child_rss([*base, "--jobs", "2", "--cache-dir", str(cdir), str(folder)], cwd=folder)
    res["cache_fill_jobs2"] = _tp(r, n)
    for jobs in (2, 1):
        r = run_child_rss([*base, "--jobs", str(jobs), "--cache-dir", str(cdir), str(folder)], cwd=folder)
        res[f"cache_warm_jobs{jobs}"] = _tp(r, n)
    return res


def _tp(r: dict, n: int) -> dict:
    out = {"wall_s": r["wall"], "articles_per_s": n / r["wall"], "maxrss_mib": r["maxrss_kib"] / 1024, "rc": r["rc"], "cpu_s": r["cpu"]}
    if r["rc"] not in (0, 1):
        out["error"] = r["stderr"].strip()[-300:]
    return out


def print_throughput(r: dict) -> None:
    section(f"3. `newslint check --format json` over {r['articles']:,} generated articles")
    row("", "wall s", "articles/s", "cpu s", "peak RSS MiB")
    labels = {"jobs1": "--jobs 1 --no-cache", "jobs2": "--jobs 2 --no-cache", "cache_fill_jobs2": "--jobs 2, cache cold (filling it)",
              "cache_warm_jobs2": "--jobs 2, cache warm", "cache_warm_jobs1": "--jobs 1, cache warm"}
    for k, label in labels.items():
        f = r.get(k)
        if not f:
            continue
        if "error" in f:
            row(label, "error", f["error"][:60])
            continue
        row(label, f"{f['wall_s']:.2f}", f"{f['articles_per_s']:.0f}", f"{f['cpu_s']:.1f}", f"{f['maxrss_mib']:.0f}")
    if r.get("jobs2") and r.get("cache_warm_jobs2") and "error" not in r["jobs2"]:
        row("warm cache cost vs --no-cache (jobs 2)", f"{r['cache_warm_jobs2']['wall_s'] / r['jobs2']['wall_s'] * 100:.1f} %")


# ---- 4. language server -------------------------------------------------------------------
def bench_lsp(quick: bool) -> dict:
    script = HERE / "lsp_bench.py"
    if not script.exists():
        return {"missing": True}
    cmd = [sys.executable, str(script)] + (["--quick"] if quick else [])
    r = run_child(cmd, cwd=ROOT, timeout=600)
    if r["rc"] != 0 and quick and "unrecognized arguments" in r["stderr"]:
        r = run_child([sys.executable, str(script)], cwd=ROOT, timeout=600)
    return {"rc": r["rc"], "output": r["stdout"].strip(), "stderr": r["stderr"].strip()[-500:]}


def print_lsp(r: dict) -> None:
    section("4. Language server: change-to-diagnostics latency (bench/lsp_bench.py)")
    if r.get("missing"):
        row("n/a (bench/lsp_bench.py missing)")
        return
    if r["rc"] != 0:
        row(f"n/a (bench/lsp_bench.py exited {r['rc']})", "")
        print(textwrap.indent(r["stderr"], "    "))
        return
    print(textwrap.indent(r["output"], "    "))


# ---- 6. Dask -----------------------------------------------------------------------------
DASK_CHILD = r"""
import json, sys, time, warnings, logging
warnings.filterwarnings("ignore")
logging.getLogger("distributed").setLevel(logging.ERROR)
from distributed import LocalCluster
from newslint.dask import lint_corpus
folder, warm, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
with LocalCluster(n_workers=k, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR) as cluster:
    start = time.perf_counter() - t0
    lint_corpus(warm, scheduler=cluster.scheduler_address)  # workers import newslint, load rules
    t0 = time.perf_counter()
    findings = lint_corpus(folder, scheduler=cluster.scheduler_address)
    wall = time.perf_counter() - t0
print(json.dumps({"wall_s": wall, "cluster_start_s": start, "findings": len(findings)}))
"""


def bench_dask(folder: Path, warm: Path, n: int) -> dict:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return {"error": "distributed not installed (pip install 'newslint[dask]')"}
    res: dict = {"articles": n}
    for k in (1, 2):
        r = run_child([sys.executable, "-c", DASK_CHILD, str(folder), str(warm), str(k)], cwd=folder.parent, timeout=3600)
        try:
            d = json.loads(r["stdout"].strip().splitlines()[-1])
        except (ValueError, IndexError):
            res[f"workers{k}"] = {"error": (r["stderr"] or "no output").strip()[-300:]}
            continue
        d["articles_per_s"] = n / d["wall_s"]
        res[f"workers{k}"] = d
    return res


def print_dask(r: dict) -> None:
    section(f"6. Dask: newslint.dask.lint_corpus on a LocalCluster, {r.get('articles', 0):,} articles (warm workers)")
    if "error" in r:
        row("n/a", r["error"])
        return
    row("", "wall s", "articles/s", "cluster start s")
    for k in (1, 2):
        f = r.get(f"workers{k}", {})
        if "error" in f:
            row(f"{k} worker(s) x 1 thread", "error", f["error"][:60])
        else:
            row(f"{k} worker(s) x 1 thread", f"{f['wall_s']:.2f}", f"{f['articles_per_s']:.0f}", f"{f['cluster_start_s']:.2f}")
    if "wall_s" in r.get("workers1", {}) and "wall_s" in r.get("workers2", {}):
        row("scaling 1 -> 2 workers", f"{r['workers1']['wall_s'] / r['workers2']['wall_s']:.2f}x")


# ---- targets -----------------------------------------------------------------------------
def print_targets(res: dict) -> list[dict]:
    section("Targets (this 2-core machine)")
    rows = []
    fam = res.get("inprocess", {}).get("families", {})

    def add(label: str, value: float | None, target: float, unit: str, higher: bool) -> None:
        ok = None if value is None else (value >= target if higher else value <= target)
        rows.append({"target": label, "value": value, "limit": target, "pass": ok})
        status = "n/a" if ok is None else ("PASS" if ok else "FAIL")
        op = ">=" if higher else "<="
        row(label, "n/a" if value is None else f"{value:.3f} {unit}", f"{op} {target:g} {unit}", status)

    row("", "measured", "target", "")
    add("default rule set, ms per 1k words per core", fam.get("default", {}).get("ms_per_kw"), TARGETS["default_ms_per_kw"], "ms", False)
    add("engine + boilerplate, ms per 1k words", fam.get("boilerplate", {}).get("ms_per_kw"), TARGETS["boilerplate_ms_per_kw"], "ms", False)
    tp = res.get("throughput", {}).get("jobs2", {})
    add(f"check {res.get('throughput', {}).get('articles', 0):,} articles, --jobs 2, art/s", tp.get("articles_per_s") if "error" not in tp else None,
        TARGETS["jobs2_articles_per_s"], "/s", True)
    one = res.get("one_file", {})
    add("one-file check wall (no cache, with bytecode)", one.get("no_cache_s"), TARGETS["one_file_s"], "s", False)
    pl = res.get("peers", {}).get("proselint", {})
    sp = None
    if "s" in pl and fam.get("default"):
        sp = (pl["s"] * 1000 / res["peers"]["articles"]) / fam["default"]["ms_per_article"]
    add("speed-up over proselint, per article", sp, TARGETS["proselint_speedup"], "x", True)
    return rows


# ---- main --------------------------------------------------------------------------------
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats, 1,000 articles (about 2 minutes)")
    ap.add_argument("--json", help="also write every figure to this JSON file")
    ap.add_argument("--articles", type=int, help="generated articles for the command-line runs (default 10,000; 1,000 with --quick)")
    ap.add_argument("--dask-articles", type=int, help="articles for the Dask figure (default 2,000; 100 with --quick)")
    ap.add_argument("--shared", help="folder holding seeds/ and corpus/clean/ (default ../shared or /work/shared)")
    ap.add_argument("--no-peers", action="store_true", help="skip the peers (figure 7)")
    ap.add_argument("--no-dask", action="store_true", help="skip Dask (figure 6)")
    a = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # figures appear as they are measured, even into a file
    quick = a.quick
    n_articles = a.articles or (1000 if quick else 10_000)
    n_dask = min(a.dask_articles or (100 if quick else 2000), n_articles)
    repeats = 3 if quick else 9
    runs = 5 if quick else 10
    shared = find_shared(a.shared)
    articles = real_articles(shared)
    if not articles:
        raise SystemExit(f"no articles under {shared}")
    nwords = sum(words(t) for _, t in articles)

    tmp = Path(tempfile.mkdtemp(prefix="newslint-bench-"))
    try:
        corpus = tmp / "corpus"
        t0 = time.perf_counter()
        files, gen_words = generate(articles, n_articles, corpus)
        dask_dir, warm_dir = tmp / "dask", tmp / "dask-warm"
        dask_dir.mkdir()
        warm_dir.mkdir()
        for p in files[:n_dask]:
            os.link(p, dask_dir / p.name)
        for p in files[:8]:
            os.link(p, warm_dir / p.name)
        gen_s = time.perf_counter() - t0
        try:
            from newslint import __version__ as nl_version
        except ImportError:
            nl_version = "?"
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        header = {
            "newslint": nl_version, "git": rev + ("+dirty" if dirty else ""), "python": platform.python_version(),
            "cpus": os.cpu_count(), "loadavg_start": loadavg(), "quick": quick,
            "real_articles": len(articles), "real_words": nwords, "generated_articles": n_articles,
            "generated_words": gen_words, "dask_articles": n_dask,
        }
        OUT["header"] = header
        print(f"newslint benchmarks{' (--quick)' if quick else ''}: newslint {nl_version} ({header['git']}), Python {header['python']}, "
              f"{header['cpus']} CPUs, load average {header['loadavg_start']}")
        print(f"Corpus: {len(articles)} real articles ({nwords:,} words) read from {shared}/seeds and {shared}/corpus/clean at run time.")
        print(f"Volume: {n_articles:,} articles ({gen_words:,} words) generated in {tmp} ({gen_s:.1f} s) by cycling the {len(articles)}:")
        print("  copy k of an article keeps its first and last paragraph, rotates the others by k and ends with")
        print("  '<!-- bench copy k -->' (not prose), so each file's content hash differs. Dask uses the first "
              f"{n_dask:,}.")
        print("Words are whitespace-separated tokens. Times are wall clock unless marked cpu.")

        try:
            inproc = bench_inprocess(articles, repeats)
        except Exception as exc:  # a rule family being edited in the tree can break the engine
            print(f"\n1. In-process: error: {type(exc).__name__}: {exc}")
            inproc = {"error": f"{type(exc).__name__}: {exc}", "families": {}, "maxrss_kib": 0}
        else:
            print_inprocess(inproc, repeats)
        OUT["inprocess"] = inproc

        median_article = sorted(files[: len(articles)], key=lambda p: p.stat().st_size)[len(articles) // 2]
        one = bench_one_file(median_article, runs, tmp)
        OUT["one_file"] = one
        print_one_file(one)

        tp = bench_throughput(corpus, n_articles, tmp)
        OUT["throughput"] = tp
        print_throughput(tp)

        lsp = bench_lsp(quick)
        OUT["lsp"] = lsp
        print_lsp(lsp)

        section("5. Peak memory (ru_maxrss)")
        row("in-process run (this process, after figure 1)", f"{inproc['maxrss_kib'] / 1024:.0f} MiB")
        for k, label in (("jobs1", "--jobs 1"), ("jobs2", "--jobs 2")):
            f = tp.get(k, {})
            if "maxrss_mib" in f:
                row(f"check {n_articles:,} articles {label} (largest process)", f"{f['maxrss_mib']:.0f} MiB")
        OUT["memory"] = {"inprocess_mib": inproc["maxrss_kib"] / 1024, **{k: tp.get(k, {}).get("maxrss_mib") for k in ("jobs1", "jobs2")}}

        if a.no_dask:
            OUT["dask"] = {"error": "skipped (--no-dask)"}
        else:
            OUT["dask"] = bench_dask(dask_dir, warm_dir, n_dask)
        print_dask(OUT["dask"])

        if a.no_peers:
            OUT["peers"] = {"articles": len(articles), "words": nwords, "proselint": {"error": "skipped (--no-peers)"},
                            "codespell": {"error": "skipped"}, "harper": {"error": "skipped"}}
        else:
            real_paths = [str(p) for p in sorted(glob.glob(str(shared / "seeds" / "*.txt"))) + sorted(glob.glob(str(shared / "corpus" / "clean" / "*.txt")))]
            OUT["peers"] = bench_peers(real_paths, nwords, 1 if quick else 3, dask_dir, n_dask)
        print_peers(OUT["peers"], inproc)

        OUT["targets"] = print_targets(OUT)
        OUT["header"]["loadavg_end"] = loadavg()
        print(f"\nLoad average at the end: {OUT['header']['loadavg_end']} (other work on the machine inflates wall times)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if a.json:
        Path(a.json).write_text(json.dumps(OUT, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"figures written to {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
