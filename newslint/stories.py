"""Who an article names, and which articles tell the same story.

Three parts, used by the numbers rules (``newslint/rules/numbers.py``):

* :class:`NameFinder` reads the capitalised name runs of a stretch of prose, drops titles
  ("US Secretary of State Antony Blinken" -> "Antony Blinken"), places and institutions
  that only say where or who reported ("the Great Hall of the People", "according to the
  State Department"), and resolves a surname to the full name seen in the article ("Qin" ->
  "Qin Gang"); ``inclusive`` keeps places and sources, marked as such.
* :class:`QuickNames` does the same cheaply for the sentences that hold figures (no surname
  resolution; places, institutions and sources marked, not dropped).
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

__all__ = ["Name", "NameFinder", "StoryView", "find_names", "group_stories", "data"]


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


_CONNECT = {"of", "de", "da", "van", "von", "bin", "al", "la", "le", "del", "der"}
_CONNECT_RE = r"(?:[ ]+(?:(?:of|de|da|van|von|bin|al|la|le|del|der)(?:[ ]+the)?[ ]+)?"


class _Patterns:
    """Compiled patterns: ``regex`` with Unicode classes for any text; for plain text (see
    :func:`newslint.quantities.is_plain`: no letters, digits or marks outside ASCII) the same
    classes spelled in ASCII for stdlib ``re``, which compiles and matches faster."""

    # each a stdlib `re` or a `regex` pattern, which the callers use alike
    TOKEN: Any
    CREDIT: Any
    PERSONISH: Any
    RUN: Any
    LOWER: Any
    MID_CAPS: Any

    def __init__(self, std: bool) -> None:
        c: Callable[..., Any]  # stdlib `re.compile` or `regex.compile`
        if std:
            c = re.compile
            self.TOKEN = c(r"[A-Za-z0-9][A-Za-z0-9'’.\-]*")
            self.CREDIT = c(r"\b(?:photo|photograph|image|credit|courtesy|source)s?\b\W[^.]*$")
            self.PERSONISH = c(r"^[A-Z][a-z'’]+$|^[A-Z]\.$")
            cap = r"[A-Z][A-Za-z0-9'’.\-]*"
            # the lookbehind after the first capital (same condition): re can skip to capitals
            self.RUN = c(rf"[A-Z](?<![A-Za-z0-9'’.\-][A-Z])[A-Za-z0-9'’.\-]*{_CONNECT_RE}{cap})*")
            self.LOWER = c(r"\b[a-z][a-z'’-]+\b")
            self.MID_CAPS = c(r"[a-z,;] ([A-Z][A-Za-z'’-]*)")
        else:
            import regex

            c = regex.compile
            self.TOKEN = c(r"[\p{L}\p{N}][\p{L}\p{N}'’.\-]*")
            self.CREDIT = c(r"\b(?:photo|photograph|image|credit|courtesy|source)s?\b\W[^.]*$")
            self.PERSONISH = c(r"^\p{Lu}[\p{Ll}'’]+$|^\p{Lu}\.$")
            cap = r"\p{Lu}[\p{L}\p{N}'’.\-]*"
            self.RUN = c(rf"(?<![\p{{L}}\p{{N}}'’.\-]){cap}{_CONNECT_RE}{cap})*")
            self.LOWER = c(r"\b[a-z][a-z'’-]+\b")
            self.MID_CAPS = c(r"[\p{Ll},;] (\p{Lu}[\p{L}'’-]*)")


@lru_cache(maxsize=2)
def _patterns(std: bool) -> _Patterns:
    return _Patterns(std)


def _credit_words(before: str) -> bool:
    """Whether CREDIT can match: it needs one of its words."""
    return "photo" in before or "image" in before or "credit" in before or "courtesy" in before or "source" in before


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


_VOCAB_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz'’-")
_VOCAB_WORD = re.compile(r"[a-z][a-z'’-]+")


class _Vocab:
    """The set of LOWER's matches in prose (lowercase words), with membership worked out on
    demand: an article asks about a few dozen words, and listing all of its words costs more.

    A match never leaves its run of ``[a-z'’-]`` characters and depends only on that run and
    the characters right around it, so a word is a match iff scanning the run holding one of its
    occurrences (with one character of context after it) finds it there."""

    __slots__ = ("memo", "pattern", "prose")

    def __init__(self, prose: str, pattern: Any):
        self.prose, self.pattern = prose, pattern
        self.memo: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        got = self.memo.get(word)
        if got is None:
            got = self.memo[word] = self._find(word)
        return got

    def _find(self, word: str) -> bool:
        if not _VOCAB_WORD.fullmatch(word):
            return False
        prose, chars, n = self.prose, _VOCAB_CHARS, len(word)
        i = prose.find(word)
        while i >= 0:
            a, b = i, i + n
            while a > 0 and prose[a - 1] in chars:
                a -= 1
            while b < len(prose) and prose[b] in chars:
                b += 1
            for m in self.pattern.finditer(prose, a, min(len(prose), b + 1)):
                if m.end() - m.start() == n and m.group() == word:
                    return True
            i = prose.find(word, b)
        return False


class NameFinder:
    """Names in one article; built once per document (it knows the article's words)."""

    def __init__(self, prose: str, inclusive: bool = False):
        """``inclusive``: keep places, institutions and sources too (the numbers rules tell
        "439 children removed in Texas" from "700 members in British Columbia" by them)."""
        self.prose = prose
        self.inclusive = inclusive
        self.titles, self.places, self.not_names, self.locatives, self.sources = _name_sets()
        self._p = P = _patterns(is_plain(prose))
        # lowercase words the article uses: "Earlier" at a sentence start is not a name
        self.lower_vocab = _Vocab(prose, P.LOWER)
        self._mid_caps: set[str] | None = None
        self.full: list[tuple[int, str]] = []  # (start, multi-word name) in order
        # full names by their first and by their last word, in order (see canonical)
        self._full_by_word: dict[str, list[tuple[int, str]]] = {}

    @property
    def mid_caps(self) -> set[str]:
        """Words written with a capital in mid-sentence: used as names somewhere in the article."""
        if self._mid_caps is None:
            self._mid_caps = set(self._p.MID_CAPS.findall(self.prose))
        return self._mid_caps

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
        not_names, vocab, places, P = self.not_names, self.lower_vocab, self.places, self._p
        for rm in P.RUN.finditer(prose, start, end):
            g = rm.group()
            if " " not in g and (g in not_names or g.lower() in vocab or g.rstrip(".").lower() in vocab):
                continue  # fast path: "The", "In", "Earlier" (used in lowercase elsewhere)
            s = rm.start()
            # tokens of the run; a sentence period leaves the last word ("Blinken."), "U.S." stays
            run = []
            for m in P.TOKEN.finditer(prose, s, rm.end()):
                w, e = m.group(), m.end()
                if w.endswith(".") and "." not in w[:-1] and len(w) > 2:
                    w, e = w[:-1], e - 1
                run.append((m.start(), e, w))
            if not run:
                continue
            sentence_initial = not prose[start:s].strip(" \t\"'“‘(-—–")
            prev_word = prose[max(start, s - 25):s].split()[-1:] if s > start else []
            before = prose[max(start, s - 40):s].lower()
            if before.endswith("/") or (_credit_words(before) and P.CREDIT.search(before)):
                continue  # "Photo: Xinhua/Wang Ye": a credit, not a participant
            run_is_place = any(w in places for _, _, w in run)
            if run_is_place and not self.inclusive:
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
                    if run_is_place and not nm.place:
                        nm = Name(nm.start, nm.end, nm.text, nm.canonical, True)
                    out.append(nm)
        return out

    def _clean(self, run: list[tuple[int, int, str]], initial: bool, prev: str, before: str) -> Name | None:
        words = list(run)
        # possessive on the last word: "China’s", "Blinken's"
        s, e, w = words[-1]
        if w.endswith(("'s", "’s")):
            words[-1] = (s, e - 2, w[:-2])
        elif w.endswith(("'", "’")):
            words[-1] = (s, e - 1, w[:-1])
        if initial:
            while words and (words[0][2] in self.not_names or words[0][2].lower() in self.lower_vocab
                             or (len(words) == 1 and words[0][2] not in self.mid_caps
                                 and (not self.inclusive or _common_word(words[0][2])))):
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
        place = any(x[2] in self.places for x in words)
        if place and not self.inclusive:
            return None
        if any(x[2].startswith(("I'", "I’")) for x in words):
            return None  # "I’m", "I’ve"
        if any("-" in x[2] for x in words):
            return None  # "China-US", "Biden-Xi": a modifier, not a party
        if len(words) == 1 and (words[0][2].lower() in self.lower_vocab or len(words[0][2]) < 2):
            return None
        if k == 0 and prev in self.locatives:
            if not self.inclusive:
                return None
            place = True
        if before.rstrip().endswith(self.sources):
            if not self.inclusive:
                return None
            place = True
        a, b = words[0][0], words[-1][1]
        text = " ".join(x[2] for x in words)
        if len(words) == 1 and len(text) > 2 and text.isupper():
            place = True  # "BAYTOWN --", "CBC": a dateline or an acronym, not a party
        return Name(a, b, text, text, place)

    def resolve(self, names: list[Name]) -> list[Name]:
        """Record multi-word names and resolve single words to the nearest full name."""
        out = []
        for nm in names:
            parts = nm.text.split()
            if 1 < len(parts) <= 4 and all(self._p.PERSONISH.match(p) for p in parts):
                self.full.append((nm.start, nm.text))
                by_word = self._full_by_word
                by_word.setdefault(parts[0], []).append((nm.start, nm.text))
                if parts[-1] != parts[0]:
                    by_word.setdefault(parts[-1], []).append((nm.start, nm.text))
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
        # the full names whose first or last word is w, in order (what a scan of self.full finds)
        for pos, full in self._full_by_word.get(w, ()):
            if pos <= nm.start or best is None:
                best = full
            if pos > nm.start:
                break
        return best or w


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


_MID_WORD = re.compile(r"(?<=[\w,;:'’\")] )[A-Z][A-Za-z'’-]+")
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
