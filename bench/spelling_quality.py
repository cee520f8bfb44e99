"""Measure the spelling lexicon on the shared corpus: false positives, typo recall, speed.

    .venv/bin/python bench/spelling_quality.py [CORPUS_DIR]   # default ../shared/corpus

(a) clean/: distinct all-lowercase tokens that ``known()`` rejects (each is a false positive
    for the typo rule, which only flags lowercase-looking tokens);
(b) typos/: the injected misspellings (tokens of a typos/ line replacing a clean/ line's token)
    that ``known()`` rejects, and how often the intended word is the top / a top-5 suggestion;
(c) load time, ``known()`` throughput and ``suggest()`` latency.

Tokenising mimics what the typo rule is expected to do (its job, not the lexicon's): URLs,
e-mail addresses, @handles and #hashtags are skipped; tokens touching a digit ("38mm",
"1990s") are skipped; hyphenated compounds are looked up whole, then part by part, with
combining prefixes ("pre-", "co-") allowed as parts. Only newslint.spelling is imported.
"""
from __future__ import annotations

import difflib
import re
import sys
import time
from collections import Counter
from pathlib import Path

from newslint import spelling

SKIP = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|[@#]\w+")
TOKEN = re.compile(
    r"(?<![\w'’-])[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+(?:['’][^\W\d_]+)*)*['’]?(?![\w-])"
)
DROP_CAP = re.compile(r"^[A-Z] $")  # "W hile" in extracted text: a layout artefact


def tokens(line: str) -> list[tuple[str, int]]:
    """Word tokens of a line with their offsets, URLs/handles blanked out first."""
    line = SKIP.sub(lambda m: " " * len(m.group()), line)
    return [(m.group(), m.start()) for m in TOKEN.finditer(line)]


def rejected(lex: spelling.Lexicon, tok: str) -> list[str]:
    """The parts of ``tok`` the typo rule would flag (empty if all are known)."""
    if lex.known(tok):
        return []
    if "-" not in tok:
        return [tok]
    parts = tok.split("-")
    return [p for p in parts if p.lower() not in spelling.COMBINING_PREFIXES and not lex.known(p)]


def clean_false_positives(lex: spelling.Lexicon, root: Path) -> tuple[int, Counter[str], dict]:
    n_words = 0
    fps: Counter[str] = Counter()
    where: dict[str, str] = {}
    for f in sorted((root / "clean").glob("*.txt")):
        for line in f.read_text(encoding="utf-8").splitlines():
            for tok, pos in tokens(line):
                n_words += 1
                if tok != tok.lower() or DROP_CAP.match(line[max(0, pos - 2):pos]):
                    continue
                for bad in rejected(lex, tok):
                    fps[bad] += 1
                    where.setdefault(bad, f"{f.name}: …{line[max(0, pos - 40):pos + 40]}…")
    return n_words, fps, where


def injected(root: Path) -> list[tuple[str, str]]:
    """(misspelling, intended word) pairs: same-length token replacements between the views."""
    pairs: list[tuple[str, str]] = []
    for f in sorted((root / "typos").glob("*.txt")):
        clean = (root / "clean" / f.name).read_text(encoding="utf-8").splitlines()
        typo = f.read_text(encoding="utf-8").splitlines()
        for a, b in zip(clean, typo, strict=False):
            if a == b:
                continue
            ta, tb = [t for t, _ in tokens(a)], [t for t, _ in tokens(b)]
            sm = difflib.SequenceMatcher(a=ta, b=tb, autojunk=False)
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                if op == "replace" and i2 - i1 == j2 - j1:
                    pairs += [(t, g) for t, g in zip(tb[j1:j2], ta[i1:i2], strict=True) if t.lower() != g.lower()]
    return pairs


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus"

    t0 = time.perf_counter()
    lex = spelling.load_lexicon("both")
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in ("en_US", "en_GB"):
        spelling.load_lexicon(d)
    load_other = (time.perf_counter() - t0) / 2
    print(f"lexicon: {len(lex):,} words; load {load_s * 1000:.0f} ms (both), "
          f"{load_other * 1000:.0f} ms per extra dialect")

    n_words, fps, where = clean_false_positives(lex, root)
    print(f"\n(a) clean/: {n_words:,} tokens; distinct lowercase tokens rejected: {len(fps)} "
          f"({sum(fps.values())} occurrences)")
    for w, n in sorted(fps.items()):
        print(f"    {w!r:24} x{n}  {where[w]}")

    pairs = injected(root)
    flagged = [(t, g) for t, g in pairs if not lex.known(t)]
    lower = [(t, g) for t, g in pairs if t.islower()]
    lower_flagged = [p for p in lower if not lex.known(p[0])]
    print(f"\n(b) typos/: {len(pairs)} injected misspellings; rejected by known(): "
          f"{len(flagged)}/{len(pairs)} = {len(flagged) / len(pairs):.3f} "
          f"(lowercase only: {len(lower_flagged)}/{len(lower)} = "
          f"{len(lower_flagged) / max(1, len(lower)):.3f})")
    missed = sorted({t for t, g in pairs if lex.known(t)})
    print(f"    accepted (missed): {missed}")
    top1 = top5 = 0
    wrong: list[str] = []
    t0 = time.perf_counter()
    for t, g in flagged:
        sug = lex.suggest(t, 5)
        top1 += bool(sug) and sug[0] == g
        top5 += g in sug
        if not sug or sug[0] != g:
            wrong.append(f"{t}->{g} {sug[:3]}")
    sug_s = time.perf_counter() - t0
    n = max(1, len(flagged))
    print(f"    intended word is top suggestion: {top1}/{n} = {top1 / n:.3f}; "
          f"in top 5: {top5}/{n} = {top5 / n:.3f}")
    print(f"    not top-1: {'; '.join(wrong)}")

    words = [t for f in sorted((root / "clean").glob("*.txt"))
             for line in f.read_text(encoding="utf-8").splitlines() for t, _ in tokens(line)]
    sample = words[:1000]
    reps = 200
    t0 = time.perf_counter()
    for _ in range(reps):
        for w in sample:
            lex.known(w)
    per_1000 = (time.perf_counter() - t0) / reps
    print(f"\n(c) known(): {per_1000 * 1000:.3f} ms per 1,000 article tokens; "
          f"suggest(): {sug_s / n * 1000:.2f} ms per flagged word "
          f"(the first call included: no index to build)")
    t0 = time.perf_counter()
    for t, _ in flagged:
        lex.suggest(t, 5)
    print(f"    suggest() again (warm caches): {(time.perf_counter() - t0) / n * 1000:.2f} ms per word")


if __name__ == "__main__":
    main()
