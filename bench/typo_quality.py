"""Measure the typo rules (NL201-NL204) on the shared corpus: recall, false positives, speed.

    .venv/bin/python bench/typo_quality.py [CORPUS_DIR] [--cli] [--show]

* typos/: recall of the injected misspellings and doubled words (``must`` lines of
  ``typos/expected.toml``), scored by ``../shared/eval/score.py --only typo``;
* clean/: false positives (findings on lines that are not ``may`` lines), per 10,000 words;
* speed: milliseconds per 1,000 words for the spelling rule alone and for all typo rules,
  in-process over clean/ (documents parsed and tokenised beforehand: that is the document
  model's cost, shared by every rule), and the dictionary load, counted separately.

By default the rules run in-process (``newslint.check_document`` with ``select = ["typo"]``);
``--cli`` runs the ``newslint check --format json --select typo`` command instead, exactly as
the acceptance check does. ``--show`` prints each miss and false positive with its line.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def findings_json(folder: Path, cli: bool) -> list[dict]:
    if cli:
        out = subprocess.run([str(ROOT / ".venv/bin/newslint"), "check", "--no-cache", "--format", "json",
                              "--select", "typo", str(folder)], capture_output=True, text=True)
        data = json.loads(out.stdout)
        return data["diagnostics"] if isinstance(data, dict) else data
    from newslint.config import Config
    from newslint.document import Document
    from newslint.engine import check_document

    cfg = Config(root=folder, select=("typo",))
    out: list[dict] = []
    for f in sorted(folder.glob("*.txt")):
        doc = Document.from_bytes(f.read_bytes(), str(f))
        out.extend(x.to_dict() for x in check_document(doc, cfg, path=str(f), corpus=False).findings)
    return out


def score(folder: Path, findings: list[dict]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(findings, fh)
    res = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(folder / "expected.toml"),
                          fh.name, "--only", "typo", "--json"], capture_output=True, text=True, check=True)
    Path(fh.name).unlink()
    return json.loads(res.stdout)["typo"]


def show(folder: Path, items: list[str]) -> None:
    for it in items:
        loc = it.split()[0]
        name, line = loc.rsplit(":", 1)
        text = (folder / name).read_text(encoding="utf-8").splitlines()[int(line) - 1]
        print(f"    {it[:110]}\n        | {text[:220]}")


def speed(folder: Path) -> None:
    from newslint.config import Config
    from newslint.document import Document
    from newslint.registry import enabled_rules
    from newslint.rules.base import RuleContext
    from newslint.rules.spelling import Spelling

    cfg = Config(root=folder, select=("typo",))
    docs = [Document.from_bytes(f.read_bytes(), str(f)) for f in sorted(folder.glob("*.txt"))]
    words = 0
    for d in docs:
        words += len(d.tokens)
        d.sentences  # noqa: B018 - the document model's cost, computed once and shared
    rules = [r for r in enabled_rules(cfg) if r.category == "typo" and not r.code.startswith("NL25")]
    spelling = Spelling()
    list(spelling.check(docs[0], RuleContext(cfg)))  # warm the vocabulary cache
    for label, rs in (("spelling (NL201)", [spelling]), ("typo rules " + ",".join(r.code for r in rules), rules)):
        best = 1e9
        for _ in range(5):
            t0 = time.process_time()  # CPU time: other processes on the machine do not count
            for d in docs:
                ctx = RuleContext(cfg)
                for r in rs:
                    list(r.check(d, ctx))
            best = min(best, time.process_time() - t0)
        print(f"  {label}: {best * 1000 / words * 1000:.3f} ms CPU per 1,000 words ({words:,} words, best of 5)")
    cold = subprocess.run([sys.executable, "-c", (
        "import time, newslint.spelling as s\n"
        "t = time.perf_counter(); lex = s.load_lexicon('both'); t1 = time.perf_counter()\n"
        "lex.suggest('politite'); t2 = time.perf_counter()\n"
        "print(f'{(t1 - t) * 1000:.0f} {(t2 - t1) * 1000:.1f}')")], capture_output=True, text=True, check=True)
    load_ms, first_ms = cold.stdout.split()
    print(f"  dictionary load: {load_ms} ms in a fresh process (once per process); "
          f"first suggest() after it: {first_ms} ms")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    cli, verbose = "--cli" in sys.argv, "--show" in sys.argv
    corpus = Path(args[0]) if args else SHARED / "corpus"
    t = score(corpus / "typos", findings_json(corpus / "typos", cli))
    print(f"typos/: recall {t['caught']}/{t['must']} = {t['caught'] / t['must']:.3f}; "
          f"false positives {len(t['false_positives'])}")
    if verbose:
        show(corpus / "typos", t["missed"])
    c = score(corpus / "clean", findings_json(corpus / "clean", cli))
    n_words = sum(len(p.read_text(encoding="utf-8").split()) for p in (corpus / "clean").glob("*.txt"))
    fps = c["false_positives"]
    print(f"clean/: false positives {len(fps)} in {n_words:,} words = "
          f"{len(fps) / n_words * 10000:.2f} per 10,000 words")
    if verbose:
        show(corpus / "clean", fps)
    speed(corpus / "clean")


if __name__ == "__main__":
    main()
