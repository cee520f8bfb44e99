"""Figure 7 of bench/run.py: peers on the same real articles, each in its own environment
under bench/.peers (created on first use; never a dependency of newslint): proselint and
codespell (Python APIs, and codespell's command over a folder), Harper (harper.js, in node)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from common import PEERS, fmt_ms, row, run_child, run_child_rss, section

# ---- 7. peers ----------------------------------------------------------------------------
PROSELINT_CHILD = r"""
import json, sys, time
from proselint.checks import __register__
from proselint.config import DEFAULT
from proselint.registry import CheckRegistry
from proselint.tools import LintFile
files, repeats = json.loads(sys.argv[1]), int(sys.argv[2])
texts = [open(p, encoding="utf-8").read() for p in files]
t0 = time.perf_counter()
CheckRegistry().register_many(__register__)
LintFile("warm", texts[0]).lint(DEFAULT)
first = time.perf_counter() - t0
n = sum(len(LintFile(p, t).lint(DEFAULT)) for p, t in zip(files, texts))
best = float("inf")
for _ in range(repeats):
    t0 = time.perf_counter()
    for p, t in zip(files, texts):
        LintFile(p, t).lint(DEFAULT)
    best = min(best, time.perf_counter() - t0)
import proselint.version as v
print(json.dumps({"s": best, "first_call_s": first, "findings": n, "version": getattr(v, "__version__", "?")}))
"""

CODESPELL_CHILD = r"""
import contextlib, io, json, sys, time, tempfile, os
from codespell_lib import main, __version__
files, repeats = json.loads(sys.argv[1]), int(sys.argv[2])
empty = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False); empty.close()
def run(paths):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
        main(*paths)
    return buf.getvalue()
run([empty.name])
load = float("inf")
for _ in range(3):  # codespell reads its dictionaries on every call: time that on an empty file
    t0 = time.perf_counter(); run([empty.name]); load = min(load, time.perf_counter() - t0)
n = len(run(files).splitlines())
best = float("inf")
for _ in range(repeats):
    t0 = time.perf_counter(); run(files); best = min(best, time.perf_counter() - t0)
os.unlink(empty.name)
print(json.dumps({"s": max(0.0, best - load), "load_s": load, "findings": n, "version": __version__}))
"""

HARPER_CHILD = r"""
import { readFileSync } from 'node:fs';
import { LocalLinter } from 'harper.js';
import { binaryInlined } from 'harper.js/binaryInlined';
const files = JSON.parse(process.argv[2]); const repeats = parseInt(process.argv[3]);
const texts = files.map((p) => readFileSync(p, 'utf8'));
let t0 = performance.now();
const linter = new LocalLinter({ binary: binaryInlined });
await linter.setup();
await linter.lint(texts[0]);
const first = (performance.now() - t0) / 1000;
let n = 0;
for (const t of texts) n += (await linter.lint(t)).length;
let best = Infinity;
for (let r = 0; r < repeats; r++) {
  t0 = performance.now();
  for (const t of texts) await linter.lint(t);
  best = Math.min(best, (performance.now() - t0) / 1000);
}
const pkg = JSON.parse(readFileSync(new URL('./node_modules/harper.js/package.json', import.meta.url)));
console.log(JSON.stringify({ s: best, first_call_s: first, findings: n, version: pkg.version }));
"""

PEER_SCOPE = {
    "proselint": "style and usage advice only: no boilerplate, attribution or number checks",
    "codespell": "a list of common misspellings only (no dictionary, no grammar)",
    "harper": "grammar and spelling only: no boilerplate, attribution or number checks",
}


def ensure_python_peers(log: list[str]) -> Path | None:
    py = PEERS / "venv" / "bin" / "python"
    if py.exists():
        return py
    try:
        PEERS.mkdir(parents=True, exist_ok=True)
        subprocess.run([getattr(sys, "_base_executable", None) or "python3", "-m", "venv", str(PEERS / "venv")], check=True, capture_output=True, timeout=300)
        subprocess.run([str(PEERS / "venv" / "bin" / "pip"), "install", "-q", "proselint", "codespell"], check=True, capture_output=True, timeout=600)
    except (subprocess.SubprocessError, OSError) as exc:
        log.append(f"could not create bench/.peers/venv: {exc}")
        return None
    return py


def ensure_harper(log: list[str]) -> bool:
    if (PEERS / "node_modules" / "harper.js" / "package.json").exists():
        return True
    if not shutil.which("node") or not shutil.which("npm"):
        log.append("node/npm not found")
        return False
    try:
        PEERS.mkdir(parents=True, exist_ok=True)
        if not (PEERS / "package.json").exists():
            (PEERS / "package.json").write_text('{"name": "newslint-bench-peers", "private": true}\n')
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "harper.js"], cwd=PEERS, check=True, capture_output=True, timeout=600)
    except (subprocess.SubprocessError, OSError) as exc:
        log.append(f"npm install harper.js failed: {exc}")
        return False
    return True


def bench_peers(files: list[str], nwords: int, repeats: int, folder: Path, n_folder: int) -> dict:
    log: list[str] = []
    res: dict = {"articles": len(files), "words": nwords}
    py = ensure_python_peers(log)
    arg = json.dumps(files)
    for name, child in (("proselint", PROSELINT_CHILD), ("codespell", CODESPELL_CHILD)):
        if py is None:
            res[name] = {"error": "; ".join(log) or "peer venv missing"}
            continue
        r = run_child([str(py), "-c", child, arg, str(repeats)], timeout=1800)
        try:
            res[name] = json.loads(r["stdout"].strip().splitlines()[-1])
        except (ValueError, IndexError):
            res[name] = {"error": (r["stderr"] or "no output").strip()[-300:]}
    if py is not None:
        cs = PEERS / "venv" / "bin" / "codespell"
        r = run_child_rss([str(cs), str(folder)])
        res["codespell_cli"] = {"wall_s": r["wall"], "articles": n_folder, "articles_per_s": n_folder / r["wall"], "rc": r["rc"]}
    if ensure_harper(log):
        script = PEERS / "harper_bench.mjs"
        script.write_text(HARPER_CHILD)
        r = run_child(["node", str(script), arg, str(repeats)], cwd=PEERS, timeout=1800)
        try:
            res["harper"] = json.loads(r["stdout"].strip().splitlines()[-1])
        except (ValueError, IndexError):
            res["harper"] = {"error": (r["stderr"] or "no output").strip()[-300:]}
    else:
        res["harper"] = {"error": "; ".join(log)}
    return res


def print_peers(r: dict, inproc: dict) -> None:
    n, nw = r["articles"], r["words"]
    nl = inproc["families"].get("default", {}).get("ms_per_article")
    section(f"7. Peers on the same {n} real articles, in-process, warm (newslint default: {fmt_ms(nl)} ms/article)")
    row("", "ms/article", "ms/1k words", "newslint/peer", "newslint is")
    for name in ("proselint", "codespell", "harper"):
        f = r.get(name, {})
        if "error" in f or "s" not in f:
            row(name, "n/a", f.get("error", "")[:60])
            continue
        ms = f["s"] * 1000 / n
        if nl is None or ms <= 0:
            ratio_s, faster = "n/a", "n/a"
        else:
            ratio = nl / ms
            ratio_s = f"{ratio:.3f}"
            faster = f"{1 / ratio:.1f}x faster" if ratio < 1 else f"{ratio:.1f}x slower"
        row(f"{name} {f.get('version', '')}", fmt_ms(ms), fmt_ms(f["s"] * 1000 / (nw / 1000), 3), ratio_s, faster)
        extra = f"load {f['load_s'] * 1000:.0f} ms (excluded)" if "load_s" in f else f"first call {f['first_call_s'] * 1000:.0f} ms (excluded)"
        print(f"      checks: {PEER_SCOPE[name]}; {f['findings']} findings; {extra}")
    c = r.get("codespell_cli")
    if c:
        row(f"codespell command over {c['articles']:,} generated articles", f"{c['articles_per_s']:.0f}/s", f"{c['wall_s']:.2f} s wall")
