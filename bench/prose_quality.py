"""False alarms of the attribution and typo families on clean professional prose (issue 16).

    .venv/bin/python bench/prose_quality.py [--half tune|held|all] [--show FAMILY] [--sample N]
                                            [--judged bench/data/prose_judgements.jsonl]

Clean prose: ``../shared/corpus/clean`` (70 published pages) and ``../shared/numbers/dev``
(578 edited news articles in 78 story folders). Every finding there is a candidate false
alarm. The split (``bench/data/prose_split.toml``) holds back half of each, by page and by
story; tune on ``tune``, report on ``held``. ``--half fresh`` reads a third set never used for
tuning: the article lines (manifest ``body_lines``) of ``../shared/corpus-more/extracted``.

Prints, per family (attribution = NL3xx, typo = NL2xx but NL250, html = NL128), findings per
10,000 words ("words": whitespace-separated tokens). With ``--judged`` it reads judgements
(one JSON object a line: file, line, code, text, verdict "useful"/"real" or "false", why) and
prints the sampled precision of each family and the typo false alarms per 10,000 words (typo
findings judged false, plus, for findings not judged, the sampled false share). ``--sample N``
prints a reproducible random sample (seed 16) of N findings per family to judge.
``--show FAMILY`` prints every finding of that family with its line.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SPLIT = ROOT / "bench" / "data" / "prose_split.toml"
FAMILIES = {"attribution": lambda c: c.startswith("NL3"),
            "typo": lambda c: c.startswith("NL2") and c not in ("NL250", "NL204"),
            "html": lambda c: c == "NL128"}


def fresh() -> tuple[list[Path], dict[str, set[int]]]:
    """A third set, never used for tuning: the body lines of ../shared/corpus-more/extracted
    (363 pages of other sites; labels from manifest.jsonl). Only the article's own lines count."""
    import json as _json

    root = SHARED / "corpus-more" / "extracted"
    body: dict[str, set[int]] = {}
    for line in (SHARED / "corpus-more" / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        rec = _json.loads(line)
        ext = rec.get("extracted") or {}
        body[rec["id"] + ".txt"] = set(ext.get("body_lines", [])) - set(ext.get("headline_lines", []))
    return sorted(p for p in root.glob("*.txt") if p.name in body), body


def files(half: str) -> list[Path]:
    """The article files of one half (or both) of the split."""
    split = tomllib.loads(SPLIT.read_text(encoding="utf-8"))
    halves = ("tune", "held") if half == "all" else (half,)
    out: list[Path] = []
    for h in halves:
        out += [SHARED / "corpus" / "clean" / n for n in split["clean"][h]]
        for c in split["dev"][h]:
            out += sorted((SHARED / "numbers" / "dev" / c).glob("*.txt"))
    return out


def family(code: str) -> str | None:
    for fam, test in FAMILIES.items():
        if test(code):
            return fam
    return None


def lint(paths: list[Path], only: dict[str, set[int]] | None = None) -> tuple[list[dict], int, float]:
    """Findings (dicts with the line's text), words, CPU seconds of the rules; with ``only``,
    the findings and words of those lines (file name -> line numbers) alone."""
    from newslint.config import Config
    from newslint.document import Document
    from newslint.engine import check_document

    cfg = Config(root=SHARED, select=("typo", "attribution", "NL128"))
    out: list[dict] = []
    words = 0
    cpu = 0.0
    for p in paths:
        raw = p.read_bytes()
        text = raw.decode("utf-8")
        lines = text.splitlines()
        keep = only.get(p.name, set()) if only is not None else None
        words += len(text.split()) if keep is None else sum(len(lines[k - 1].split()) for k in keep if k <= len(lines))
        doc = Document.from_bytes(raw, str(p))
        t0 = time.process_time()
        res = check_document(doc, cfg, path=str(p), corpus=False)
        cpu += time.process_time() - t0
        for f in res.findings:
            if keep is not None and f.line not in keep:
                continue
            d = f.to_dict()
            d["file"] = str(p.relative_to(SHARED))
            d["text"] = lines[f.line - 1] if f.line - 1 < len(lines) else ""
            d["family"] = family(f.code)
            if d["family"]:
                out.append(d)
    return out, words, cpu


def key(f: dict) -> tuple:
    return (f["file"], f["line"], f["column"], f["code"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--half", default="held", choices=("tune", "held", "all", "fresh"))
    ap.add_argument("--show", default="")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--judged", default="")
    args = ap.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"bench/prose_quality.py: {SHARED} is missing")
    if args.half == "fresh":
        paths, body = fresh()
        found, words, cpu = lint(paths, body)
    else:
        paths = files(args.half)
        found, words, cpu = lint(paths)
    print(f"half={args.half}: {len(paths)} articles, {words:,} words, rules {cpu:.2f} s CPU")
    for fam in FAMILIES:
        fs = [f for f in found if f["family"] == fam]
        codes = Counter(f["code"] for f in fs)
        print(f"  {fam}: {len(fs)} findings = {len(fs) / words * 10000:.2f} per 10,000 words  {dict(sorted(codes.items()))}")
    if args.show:
        for f in found:
            if f["family"] == args.show:
                print(f"{f['file']}:{f['line']}:{f['column']} {f['code']} {f['message'][:100]}\n    | {f['text'][:300]}")
    if args.sample:
        rng = random.Random(16)
        for fam in FAMILIES:
            fs = sorted((f for f in found if f["family"] == fam), key=key)
            pick = fs if len(fs) <= args.sample else rng.sample(fs, args.sample)
            for f in sorted(pick, key=key):
                print(json.dumps({"file": f["file"], "line": f["line"], "column": f["column"], "code": f["code"],
                                  "message": f["message"], "text": f["text"], "verdict": "", "why": ""},
                                 ensure_ascii=False))
    if args.judged:
        judged = {}
        for ln in Path(args.judged).read_text(encoding="utf-8").splitlines():
            if ln.strip():
                j = json.loads(ln)
                if "file" in j:
                    judged[(j["file"], j["line"], j["column"], j["code"])] = j
        for fam in FAMILIES:
            fs = [f for f in found if f["family"] == fam]
            js = [judged[key(f)] for f in fs if key(f) in judged]
            if not js:
                continue
            good = sum(j["verdict"] in ("useful", "real") for j in js)
            false_share = 1 - good / len(js)
            unjudged = len(fs) - len(js)
            false_alarms = (len(js) - good) + unjudged * false_share
            print(f"  {fam}: judged {len(js)}/{len(fs)}; precision {good}/{len(js)} = {good / len(js):.2f}; "
                  f"false alarms {false_alarms:.1f} = {false_alarms / words * 10000:.2f} per 10,000 words")
        stale = set(judged) - {key(f) for f in found}
        if stale:
            print(f"  ({len(stale)} judgements match no current finding)")


if __name__ == "__main__":
    main()
