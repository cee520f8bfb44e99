"""Who an article names, and which articles tell the same story.

Two parts, used by the numbers rules (``newslint/rules/numbers.py``):

* :class:`QuickNames` reads the capitalised name runs of the sentences that hold figures,
  cheaply: leading titles dropped ("US Secretary of State Antony Blinken" -> "Antony
  Blinken"), places, institutions and sources marked, not dropped; no surname resolution.
* :func:`group_stories` puts articles about the same story together: by a front-matter
  ``story:`` key when an article has one, otherwise by tf-idf likeness of the names, words
  and figures they use, merged by average linkage. Candidate pairs come from an inverted
  index whose posting lists are capped, so grouping is linear in the number of articles,
  never a comparison of all pairs.

The word lists and thresholds are data in ``rules/numbers.toml``.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newslint.quantities import is_plain

__all__ = ["Name", "QuickNames", "StoryView", "group_stories", "data"]


@dataclass(frozen=True, slots=True)
class StoryView:
    """What story grouping needs of an article: its path, its front-matter story key, the names
    it uses (with the number of sentences using each) and its content words. Small: on Dask
    the views of a whole corpus meet on one worker."""

    path: str
    story: str | None
    name_counts: dict[str, int]
    words: dict[str, int]


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    """The tables of ``rules/numbers.toml``."""
    from newslint.packs import builtin_packs_dir, read_toml

    return read_toml(builtin_packs_dir() / "numbers.toml")


_CONNECT_RE = r"(?:[ ]+(?:(?:of|de|da|van|von|bin|al|la|le|del|der)(?:[ ]+the)?[ ]+)?"


class _Patterns:
    """Compiled patterns: ``regex`` with Unicode classes for any text; for plain text (see
    :func:`newslint.quantities.is_plain`: no letters, digits or marks outside ASCII) the same
    classes spelled in ASCII for stdlib ``re``, which compiles and matches faster."""

    # each a stdlib `re` or a `regex` pattern, which the callers use alike
    RUN: Any

    def __init__(self, std: bool) -> None:
        c: Callable[..., Any]  # stdlib `re.compile` or `regex.compile`
        if std:
            c = re.compile
            cap = r"[A-Z][A-Za-z0-9'’.\-]*"
            # the lookbehind after the first capital (same condition): re can skip to capitals
            self.RUN = c(rf"[A-Z](?<![A-Za-z0-9'’.\-][A-Z])[A-Za-z0-9'’.\-]*{_CONNECT_RE}{cap})*")
        else:
            import regex

            c = regex.compile
            cap = r"\p{Lu}[\p{L}\p{N}'’.\-]*"
            self.RUN = c(rf"(?<![\p{{L}}\p{{N}}'’.\-]){cap}{_CONNECT_RE}{cap})*")


@lru_cache(maxsize=2)
def _patterns(std: bool) -> _Patterns:
    return _Patterns(std)


@lru_cache(maxsize=1)
def _name_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]:
    d = data()["names"]
    return (frozenset(d["titles"]), frozenset(d["places"]), frozenset(d["not_names"]),
            frozenset(d["locatives"]), tuple(sorted(d["sources"], key=len, reverse=True)))


@dataclass(frozen=True, slots=True)
class Name:
    start: int
    end: int
    text: str  # as written, titles removed
    canonical: str  # resolved to the full name seen in the article
    place: bool = False  # (inclusive finders) a place, an institution or a source, not a party


class QuickNames:
    """Names of a sentence for the numbers rules, cheaply: capitalised runs with leading titles
    dropped, a sentence opener that is an ordinary word dropped ("Authorities said"), and
    places, institutions and sources marked (``Name.place``) rather than dropped. No surname
    resolution: the numbers rules compare names by their words ("Ruiz" is "Ana Ruiz")."""

    def __init__(self, prose: str):
        self.prose = prose
        self.titles, self.places, self.not_names, self.locatives, self.sources = _name_sets()
        self._p = _patterns(is_plain(prose))
        self._loc_ends = tuple(f" {x}" for x in self.locatives) + tuple(self.locatives)
        self._mid: set[str] | None = None

    def mid_caps(self) -> set[str]:
        """Capitalised words the article uses in mid-sentence: names ("Peyton Manning" makes
        "Manning" opening another sentence a name, though "manning" is a word)."""
        if self._mid is None:
            self._mid = set(_MID_WORD.findall(self.prose))
        return self._mid

    def names(self, start: int, end: int) -> list[Name]:
        """The names of prose[start:end] (one sentence), in order."""
        out: list[Name] = []
        for rm in self._p.RUN.finditer(self.prose, start, end):
            g, s = rm.group(), rm.start()
            # "China's President Xi Jinping" is two names; "Monday. Police" is two sentences
            cut = 0
            for m in _RUN_SPLIT.finditer(g):
                self._one(g[cut:m.start()], s + cut, start, out)
                cut = m.end()
            self._one(g[cut:], s + cut, start, out)
        return out

    def _one(self, run: str, s: int, start: int, out: list[Name]) -> None:
        titles, places, not_names = self.titles, self.places, self.not_names
        words = run.split()
        if not words:
            return
        last = words[-1]
        if last.endswith(("'s", "’s")):
            words[-1] = last[:-2]
        elif (last.endswith(".") and "." not in last[:-1] and len(last) > 2) or last.endswith(("'", "’")):
            words[-1] = last[:-1]
        k = 0
        while k < len(words) and (words[k] in titles or words[k].rstrip(".") in titles or words[k] in not_names):
            k += 1
        if k == len(words):
            return
        a = s + run.find(words[k]) if k else s
        words = words[k:]
        if len(words) == 1:
            w = words[0]
            if len(w) < 2 or (not self.prose[start:a].strip(" \t\"'“‘(-—–") and _common_word(w)
                              and w not in self.mid_caps()):
                return  # "Authorities said": an ordinary word opening the sentence
        text = " ".join(words)
        before = self.prose[max(start, a - 20):a].lower().rstrip()
        place = (any(w in places for w in words) or before.endswith(self._loc_ends)
                 or before.endswith(self.sources) or (len(words) == 1 and len(text) > 2 and text.isupper()))
        out.append(Name(a, s + len(run.rstrip()), text, text, place))


# the lookbehind after the first capital (the same condition): re can skip ahead to capitals
_MID_WORD = re.compile(r"[A-Z](?<=[\w,;:'’\")] [A-Z])[A-Za-z'’-]+")
_RUN_SPLIT = re.compile(r"(?<=['’]s) |(?<=[a-z]{2}\.) ")
_COMMON: dict[str, bool] = {}


def _common_word(word: str) -> bool:
    """A capitalised sentence opener that is an ordinary English word ("Authorities"), not a
    name ("Blackmore"): Zipf frequency 3 or more in the spelling lexicon's list."""
    got = _COMMON.get(word)
    if got is None:
        from newslint.spelling import load_lexicon

        got = _COMMON[word] = load_lexicon().frequency(word.lower()) >= 3.0
    return got


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


def _average_link(edges: list[tuple[float, int, int]], dsu: _DSU, threshold: float) -> None:
    """Merge groups along the most alike pairs first, while the average likeness of all pairs
    across the two groups (an unlinked pair counts 0) reaches threshold: one strong link
    does not chain two stories together. Works on the given edges only (sparse)."""
    between: dict[int, dict[int, float]] = defaultdict(dict)  # root -> root -> summed likeness
    size: dict[int, int] = defaultdict(lambda: 1)
    for sim, i, j in edges:
        between[i][j] = between[i].get(j, 0.0) + sim
        between[j][i] = between[j].get(i, 0.0) + sim
    for _, i, j in sorted(edges, reverse=True):
        a, b = dsu.find(i), dsu.find(j)
        if a == b:
            continue
        total = between[a].get(b, 0.0)
        if total / (size[a] * size[b]) < threshold:
            continue
        dsu.union(a, b)
        r, o = (a, b) if dsu.find(a) == a else (b, a)
        size[r] += size[o]
        for k, x in between.pop(o, {}).items():
            if k == r:
                continue
            between[r][k] = between[r].get(k, 0.0) + x
            between[k].pop(o, None)
            between[k][r] = between[k].get(r, 0.0) + x
        between[r].pop(o, None)


def group_stories(items: Sequence[tuple[Any, ...]], mode: str = "auto") -> list[list[int]]:
    """Group articles into stories; each item is (front-matter story key or None, names,
    words): names a {name: sentences naming it} dict (or a list), words an optional {stem:
    uses} dict of the article's lowercase content words.

    Articles are tf-idf vectors over their names (weighted ``name_weight`` times) and words
    (idf over the articles checked, as if there were at least ``min_corpus`` of them, so that
    one story checked alone does not make its own names look common); two articles are linked
    when their cosine reaches ``threshold``; a story is a connected group. Candidate pairs come
    from an inverted index whose posting lists are capped (``posting_cap``), so grouping stays
    linear in the number of articles. ``mode``: "auto" (a key when present, else the text),
    "front-matter" (the key only), "off" (no stories). Returns groups of two or more indexes.
    """
    if mode == "off":
        return []
    cfg = data()["stories"]
    threshold, cap, link = float(cfg["threshold"]), int(cfg["posting_cap"]), float(cfg["link"])
    name_w, word_w = float(cfg["name_weight"]), float(cfg["word_weight"])
    n = len(items)
    dsu = _DSU(n)
    by_key: dict[str, int] = {}
    auto: list[int] = []
    for i, it in enumerate(items):
        key = it[0]
        if key:
            k = str(key).strip().lower()
            if k in by_key:
                dsu.union(by_key[k], i)
            else:
                by_key[k] = i
        elif mode == "auto":
            auto.append(i)
    if len(auto) > 1:
        counts: dict[int, dict[tuple[str, str], float]] = {}
        for i in auto:
            names = items[i][1]
            nc = dict(names) if isinstance(names, dict) else {x: 1 for x in names}
            words = items[i][2] if len(items[i]) > 2 and items[i][2] else {}
            c: dict[tuple[str, str], float] = {("n", k): float(v) for k, v in nc.items() if v > 0}
            c.update({("w", k): float(v) for k, v in words.items() if v > 0})
            counts[i] = c
        df: Counter[tuple[str, str]] = Counter()
        for i in auto:
            df.update(counts[i].keys())
        big_n = max(len(auto), int(cfg.get("min_corpus", 50)))
        vec: dict[int, dict[tuple[str, str], float]] = {}
        for i in auto:
            v: dict[tuple[str, str], float] = {}
            for f, cnt in counts[i].items():
                d = df[f]
                if d < 2 or d > cap:
                    continue  # in no other article (or in too many to tell stories apart)
                v[f] = (1.0 + math.log(cnt)) * math.log(1.0 + big_n / d) * (name_w if f[0] == "n" else word_w)
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            vec[i] = {f: x / norm for f, x in v.items()}
        postings: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i in auto:
            for f in vec[i]:
                postings[f].append(i)
        edges: list[tuple[float, int, int]] = []
        for i in auto:
            dot: dict[int, float] = defaultdict(float)
            named: set[int] = set()
            for f, x in vec[i].items():
                for j in postings[f]:
                    if j > i:
                        dot[j] += x * vec[j][f]
                        if f[0] == "n":
                            named.add(j)
            # articles that share no name tell different stories, however alike their words
            # (two shootings reported from one template, two fires on one street)
            edges += [(sim, i, j) for j, sim in dot.items() if sim >= link and j in named]
        _average_link(edges, dsu, threshold)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[dsu.find(i)].append(i)
    return [g for g in groups.values() if len(g) > 1]
