"""Who an article names, and which articles tell the same story.

Two ideas, both used by the numbers rules (``newslint/rules/numbers.py``):

* :func:`find_names` reads the capitalised name runs of a stretch of prose, drops titles
  ("US Secretary of State Antony Blinken" -> "Antony Blinken"), places and institutions
  that only say where or who reported ("the Great Hall of the People", "according to the
  State Department"), and resolves a surname to the full name seen in the article ("Qin" ->
  "Qin Gang").
* :func:`group_stories` puts articles about the same story together: by a front-matter
  ``story:`` key when an article has one, otherwise by the rare names they share (weighted
  Jaccard, weights = smoothed inverse document frequency). Candidate pairs come from an
  inverted index whose posting lists are capped, so grouping is linear in the number of
  articles, never a comparison of all pairs.

The word lists and thresholds are data in ``rules/numbers.toml``.
"""
from __future__ import annotations

import math
import tomllib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

__all__ = ["Name", "NameFinder", "find_names", "group_stories", "data"]


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    """The tables of ``rules/numbers.toml``."""
    from newslint.packs import builtin_packs_dir  # noqa: PLC0415

    with open(builtin_packs_dir() / "numbers.toml", "rb") as fh:
        return tomllib.load(fh)


_TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.\-]*")
_CREDIT = regex.compile(r"\b(?:photo|photograph|image|credit|courtesy|source)s?\b\W[^.]*$")
_PERSONISH = regex.compile(r"^\p{Lu}[\p{Ll}'’]+$|^\p{Lu}\.$")
_CAP = r"\p{Lu}[\p{L}\p{N}'’.\-]*"
_RUN = regex.compile(rf"(?<![\p{{L}}\p{{N}}'’.\-]){_CAP}(?:[ ]+(?:(?:of|de|da|van|von|bin|al|la|le|del|der)(?:[ ]+the)?[ ]+)?{_CAP})*")
_CONNECT = {"of", "de", "da", "van", "von", "bin", "al", "la", "le", "del", "der"}


@dataclass(frozen=True, slots=True)
class Name:
    start: int
    end: int
    text: str  # as written, titles removed
    canonical: str  # resolved to the full name seen in the article


class NameFinder:
    """Names in one article; built once per document (it knows the article's words)."""

    def __init__(self, prose: str):
        d = data()["names"]
        self.prose = prose
        self.titles = set(d["titles"])
        self.places = set(d["places"])
        self.not_names = set(d["not_names"])
        self.locatives = set(d["locatives"])
        self.sources = tuple(sorted(d["sources"], key=len, reverse=True))
        # lowercase words the article uses: "Earlier" at a sentence start is not a name
        self.lower_vocab = {m.group() for m in regex.finditer(r"\b[a-z][a-z'’-]+\b", prose)}
        # words written with a capital in mid-sentence: used as names somewhere in the article
        self.mid_caps = {m.group(1) for m in regex.finditer(r"[\p{Ll},;] (\p{Lu}[\p{L}'’-]*)", prose)}
        self.full: list[tuple[int, str]] = []  # (start, multi-word name) in order

    def runs(self, start: int, end: int, heading: bool | None = None) -> list[Name]:
        """Capitalised name runs in prose[start:end] (one sentence), titles stripped.

        ``heading``: the line is a title-case headline (its capitals are not names); None:
        decide from the span itself."""
        prose = self.prose
        out: list[Name] = []
        if heading is None:
            heading = is_heading(prose[start:end])
        if heading:
            return out  # a headline in title case: its capitals are not names
        not_names, vocab = self.not_names, self.lower_vocab
        for rm in _RUN.finditer(prose, start, end):
            g = rm.group()
            if " " not in g and (g in not_names or g.lower() in vocab or g.rstrip(".").lower() in vocab):
                continue  # fast path: "The", "In", "Earlier" (used in lowercase elsewhere)
            s = rm.start()
            # tokens of the run; a sentence period leaves the last word ("Blinken."), "U.S." stays
            run = []
            for m in _TOKEN.finditer(prose, s, rm.end()):
                w, e = m.group(), m.end()
                if w.endswith(".") and "." not in w[:-1] and len(w) > 2:
                    w, e = w[:-1], e - 1
                run.append((m.start(), e, w))
            if not run:
                continue
            sentence_initial = not prose[start:s].strip(" \t\"'“‘(-—–")
            prev_word = prose[max(start, s - 25):s].split()[-1:] if s > start else []
            before = prose[max(start, s - 40):s].lower()
            if before.endswith("/") or _CREDIT.search(before):
                continue  # "Photo: Xinhua/Wang Ye": a credit, not a participant
            if any(w in self.places for _, _, w in run):
                continue  # "the Great Hall of the People", "Ministry of Foreign Affairs"
            # "Xi Jinping of China": a name and a place, not one name
            parts: list[list[tuple[int, int, str]]] = [[]]
            for t in run:
                if t[2] in _CONNECT or t[2] == "the":
                    parts.append([])
                elif t[2].endswith(("'s", "’s")):
                    parts[-1].append(t)  # "China's President Xi Jinping": two names
                    parts.append([])
                else:
                    parts[-1].append(t)
            for k, part in enumerate(p for p in parts if p):
                nm = self._clean(part, sentence_initial and k == 0, prev_word[0].lower() if prev_word and k == 0 else "", before if k == 0 else "")
                if nm is not None:
                    out.append(nm)
        return out

    def _clean(self, run: list[tuple[int, int, str]], initial: bool, prev: str, before: str) -> Name | None:
        words = [(s, e, w) for s, e, w in run]
        # possessive on the last word: "China’s", "Blinken's"
        s, e, w = words[-1]
        if w.endswith(("'s", "’s")):
            words[-1] = (s, e - 2, w[:-2])
        elif w.endswith(("'", "’")):
            words[-1] = (s, e - 1, w[:-1])
        if initial:
            while words and (words[0][2] in self.not_names or words[0][2].lower() in self.lower_vocab
                             or (len(words) == 1 and words[0][2] not in self.mid_caps)):
                words.pop(0)
        # titles and nationalities in front ("Foreign Minister Qin Gang"); keep the last word
        k = 0
        while k < len(words) - 1 and (words[k][2] in self.titles or words[k][2].rstrip(".") in self.titles):
            k += 1
        words = words[k:]
        if words and words[-1][2] in self.titles:
            return None  # only a title ("the Secretary of State")
        words = [x for x in words if x[2] not in self.not_names]
        while words and words[-1][2] in _CONNECT:
            words.pop()
        if not words:
            return None
        if any(x[2] in self.places for x in words):
            return None
        if any(x[2].startswith(("I'", "I’")) for x in words):
            return None  # "I’m", "I’ve"
        if any("-" in x[2] for x in words):
            return None  # "China-US", "Biden-Xi": a modifier, not a party
        if len(words) == 1 and (words[0][2].lower() in self.lower_vocab or len(words[0][2]) < 2):
            return None
        if k == 0 and prev in self.locatives:
            return None
        if any(before.rstrip().endswith(src) for src in self.sources):
            return None
        a, b = words[0][0], words[-1][1]
        text = " ".join(x[2] for x in words)
        return Name(a, b, text, text)

    def resolve(self, names: list[Name]) -> list[Name]:
        """Record multi-word names and resolve single words to the nearest full name."""
        out = []
        for nm in names:
            parts = nm.text.split()
            if 1 < len(parts) <= 4 and all(_PERSONISH.match(p) for p in parts):
                self.full.append((nm.start, nm.text))
                out.append(nm)
                continue
            out.append(nm)
        return out

    def canonical(self, nm: Name) -> str:
        parts = nm.text.split()
        if len(parts) > 1:
            return nm.text
        w = parts[0]
        best = None
        for pos, full in self.full:
            fp = full.split()
            if w == fp[0] or w == fp[-1]:
                if pos <= nm.start or best is None:
                    best = full
                if pos > nm.start:
                    break
        return best or w


def is_heading(line: str) -> bool:
    """A title-case line with no sentence punctuation at its end (a headline, a heading)."""
    t = line.strip()
    if not t or t[-1] in ".!?\"'”’)":
        return False
    words = [w for w in t.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(1 for w in words if w[:1].isupper()) >= 0.6 * len(words)


def find_names(prose: str, spans: Sequence[tuple[int, int]]) -> list[list[str]]:
    """Canonical names of each span (sentence) of prose, surnames resolved across the text."""
    nf = NameFinder(prose)
    per = [nf.resolve(nf.runs(a, b)) for a, b in spans]
    return [[nf.canonical(n) for n in ns] for ns in per]


# ---------------------------------------------------------------------------------------------
# Grouping


class _DSU:
    def __init__(self, n: int):
        self.p = list(range(n))

    def find(self, x: int) -> int:
        p = self.p
        while p[x] != x:
            p[x] = p[p[x]]
            x = p[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


def group_stories(items: Sequence[tuple[str | None, dict[str, int] | Sequence[str]]], mode: str = "auto") -> list[list[int]]:
    """Group articles into stories; each item is (front-matter story key or None, names).

    Names are a {name: sentences mentioning it} dict (or a plain list). Two articles are
    linked when the weighted Jaccard of their name vectors (weight = (1 + log count) x smoothed
    idf: sum of minima over sum of maxima) reaches the threshold with enough names shared;
    stories are the connected groups. ``mode``: "auto" (key when present, else names),
    "front-matter" (key only), "off" (no groups). Returns groups of two or more indexes.
    """
    if mode == "off":
        return []
    cfg = data()["stories"]
    threshold, min_shared, cap = float(cfg["threshold"]), int(cfg["min_shared"]), int(cfg["posting_cap"])
    n = len(items)
    dsu = _DSU(n)
    by_key: dict[str, int] = {}
    auto: list[int] = []
    for i, (key, _) in enumerate(items):
        if key:
            k = str(key).strip().lower()
            if k in by_key:
                dsu.union(by_key[k], i)
            else:
                by_key[k] = i
        elif mode == "auto":
            auto.append(i)
    if auto:
        counts = {}
        for i in auto:
            names = items[i][1]
            counts[i] = dict(names) if isinstance(names, dict) else {x: 1 for x in names}
        df: Counter[str] = Counter()
        for i in auto:
            df.update(counts[i].keys())
        # a small run (one story's articles) would make the story's own names look common:
        # idf is taken as if over at least `min_corpus` articles
        big_n = max(len(auto), int(cfg.get("min_corpus", 50)))
        idf = {f: math.log(1.0 + big_n / c) for f, c in df.items()}
        vec = {i: {f: (1.0 + math.log(c)) * idf[f] for f, c in counts[i].items() if c > 0} for i in auto}
        postings: dict[str, list[int]] = defaultdict(list)
        for i in auto:
            for f in vec[i]:
                if 1 < df[f] <= cap:
                    postings[f].append(i)
        total = {i: sum(v.values()) for i, v in vec.items()}
        for i in auto:
            vi = vec[i]
            shared_w: dict[int, float] = defaultdict(float)
            shared_n: Counter[int] = Counter()
            for f, wi in vi.items():
                plist = postings.get(f)
                if not plist:
                    continue
                for j in plist:
                    if j > i:
                        wj = vec[j][f]
                        shared_w[j] += wi if wi < wj else wj
                        shared_n[j] += 1
            for j, mn in shared_w.items():
                if shared_n[j] < min_shared:
                    continue
                if mn / (total[i] + total[j] - mn) >= threshold:
                    dsu.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[dsu.find(i)].append(i)
    return [g for g in groups.values() if len(g) > 1]
