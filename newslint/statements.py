"""What each number of an article measures: the words, names and cues around it.

A :class:`Statement` is one quantity from :mod:`newslint.quantities` with what tells it apart
from other quantities of the same dimension, read from its sentence without a parser:

* ``head``: the noun it counts or modifies ("1,800 nurses" -> nurs, "a six-day walkout" ->
  walkout, "turnout reached 90%" -> turnout), stemmed;
* ``ctx``: the content words of its clause near it ("killed", "police", "quake"), stemmed, and
  ``sent`` those of the whole sentence;
* ``near``: the name it belongs to (the one set off before an age, bound by a "respectively"
  list, or the closest in its clause), ``ents``: the names of its sentence;
* ``mods``: the other quantities of its clause ("the 13-inch model costs $1,199": 13 inches);
* cues read from its sentence: update words ("so far", "rose to", "at least"), qualifiers
  ("first", "final", "another"), when (weekdays, dates, years, "yesterday"), the source it is
  attributed to, and whether it is in a headline.

Which pairs of statements measure the same thing is learned from labelled news
(:mod:`newslint.comparability`); this module only reads. Word lists live in
``rules/numbers.toml`` (``[statements]``). Bare numbers become counts only in a counting
context ("killing 12", "12 were injured", "the toll rose to 12").
"""
from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newslint.document import Document
from newslint.index import View
from newslint.quantities import Quantity, _head_from_left, _pairs, _patterns, extract, is_plain, lemma
from newslint.sentences import split_sentences
from newslint.stories import Name, QuickNames, data

__all__ = ["Statement", "Facts", "analyse", "story_features", "stem", "MAX_PER_SENTENCE"]

#: at most this many quantities of one sentence become statements (a table or a list of
#: scores on one line would otherwise make the work per sentence grow without bound)
MAX_PER_SENTENCE = 12
#: words either side of a quantity read as its context
WINDOW = 6
#: a sentence longer than this (in characters) is read only near its quantities
MAX_SENTENCE = 2000


@dataclass(slots=True)
class Statement:
    """One quantity and what it measures; picklable, located (1-based lines and columns)."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    value: float
    low: float
    high: float
    prec: float  # rounding allowance in base units ("600" may stand for 550-650)
    unit: str
    dim: str
    hedge: str | None
    head: str
    ctx: dict[str, float]  # stem -> weight (rarer words weigh more)
    sent: dict[str, float]
    left: str  # the closest content word before the quantity (stem), or ""
    right: str  # and after it
    local: dict[str, float]  # the three closest content words either side
    subj: str  # the closest name before it in its sentence (its subject, mostly), or ""
    cnames: tuple[str, ...]  # the names of its clause
    near: str
    ents: tuple[str, ...]
    mods: frozenset[str]
    quals: frozenset[str]
    update: bool
    when: frozenset[str]
    source: str
    title: bool
    para: int
    sentence: int
    same_dim_in_sentence: bool
    siblings: tuple[tuple[float, float], ...]  # the other (low, high) of its dimension in its sentence
    bound: bool = False  # ``near`` comes from a "... respectively" list
    party: bool = False  # ``near`` is named as the party: bound, or after "with"/"between"
    ctx_total: float = 0.0  # sums of the weights of ctx, sent and local
    sent_total: float = 0.0
    local_total: float = 0.0
    written: float = 0.0  # the number as written, in ``unit``
    times: frozenset[str] = frozenset()  # time cues of its clause: "since 2005", "so far", "then", "monday"
    holders: tuple[str, ...] = ()  # the parties of its reported clause ("X said that <the Red Sox offered $200m>")
    scope: frozenset[str] = frozenset()  # what span of time it covers: "since october", "this season", "so far"


@dataclass(slots=True)
class Facts:
    """What the numbers rules know about one article (also NL402's corpus summary)."""

    path: str
    story: str | None
    name_counts: dict[str, int]  # for story grouping (see story_features)
    words: dict[str, int]  # for story grouping
    sentences: int = 0
    statements: list[Statement] = field(default_factory=list)
    doc_names: dict[str, int] = field(default_factory=dict)  # names of the sentences with figures
    pending: list[tuple[int, int]] = field(default_factory=list)  # (sentence, start) not built yet


# ---------------------------------------------------------------------------------------------
# Words


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    d = data()["statements"]
    return {
        "stop": frozenset(d["stopwords"]),
        "update": frozenset(d["update_words"]),
        "update_phrases": tuple(d["update_phrases"]),
        "quals": frozenset(d["qualifiers"]),
        "when": frozenset(d["when_words"]),
        "say": frozenset(d["say_words"]),
        "count_after": frozenset(d["count_words_after"]),
        "frame": frozenset(d["frame_words"]),
        "time_cues": frozenset(d["when_words"]) | frozenset(d["update_words"]) | frozenset(d["frame_words"]),
        "scope": frozenset(d["scope_words"]),
        "stamp": frozenset(d["stamp_words"]) | frozenset(d["when_words"]) | frozenset(_MONTH_WORDS),
    }


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer  # PyStemmer: Snowball's English stemmer in C

    return Stemmer.Stemmer("english")


_STEMS: dict[str, str] = {}
_WEIGHTS: dict[str, float] = {}


def weight(word: str) -> float:
    """How much a shared word says (lowercase word): 7 - its Zipf frequency in English, so "said"
    (6.0) counts 1 and "turnout" (3.7) 3.3; words the lexicon lacks (names, rare terms) 6."""
    got = _WEIGHTS.get(word)
    if got is None:
        from newslint.spelling import load_lexicon

        z = load_lexicon().frequency(word)
        got = max(0.5, 7.0 - z) if z else 6.0
        if len(_WEIGHTS) < 200_000:
            _WEIGHTS[word] = got
    return got


def stem(word: str) -> str:
    """Lowercase stem ("killed", "killing" -> kill; "children" -> child); memoised."""
    got = _STEMS.get(word)
    if got is None:
        w = word.lower().strip("'’-")
        if w.endswith(("'s", "’s")):
            w = w[:-2]
        lw = lemma(w) if w in _IRREG else w
        got = _stemmer().stemWord(lw)
        if len(_STEMS) < 200_000:
            _STEMS[word] = got
    return got


_MONTH_WORDS = ("january february march april may june july august september october november december "
                "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_IRREG = {"men", "women", "children", "people", "persons", "feet", "teeth", "lives", "wives", "knives",
          "thieves", "halves", "geese", "mice"}

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*\d|\d|[;:()\u2014\u2013\"“”]")
_CLAUSE = frozenset({";", ":", "(", ")", "\u2014", "\u2013", "while", "whereas", "but", "although", "though"})
_PUNCT = frozenset({";", ":", "(", ")", "\u2014", "\u2013"})
_ODD_SPACE = re.compile(r"[^\S \t\n]")
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _table_row(line: str) -> bool:
    """A table row ("| Ohio | 81% | 92% |"): its numbers are cells, not statements."""
    t = line.strip()
    return t.startswith("|") or t.count(" | ") >= 2 or t.count("\t") >= 2


class _Sentences:
    """The sentences of an article, with what the numbers rules ask of one (its paragraph,
    whether it is the headline, whether it is a table row) worked out only when asked: most
    sentences hold no figure."""

    def __init__(self, doc: Document):
        prose = self.prose = doc.prose
        if _ODD_SPACE.search(prose):
            got = _split_lines(prose)
            self.spans = [(a, b) for a, b, _, _ in got]
            self._fixed: dict[int, tuple[int, bool, bool]] | None = {k: (p, h, False) for k, (_, _, p, h) in enumerate(got)}
        else:
            self.spans = [(sp.start, sp.end) for sp in doc.sentences]
            self._fixed = None
            self.doc = doc
        self.starts = [a for a, _ in self.spans]
        self._info: dict[int, tuple[int, bool, bool]] = {}
        self._first: int | None = None
        self._ps: list[int] | None = None
        self._rows: dict[int, bool] = {}  # line -> a table row

    def __len__(self) -> int:
        return len(self.spans)

    def of(self, pos: int) -> int:
        """The index of the sentence holding pos, or -1."""
        k = bisect.bisect_right(self.starts, pos) - 1
        return k if k >= 0 and pos < self.spans[k][1] else -1

    def info(self, k: int) -> tuple[int, bool, bool]:
        """(paragraph, in the headline, in a table row) of sentence k."""
        if self._fixed is not None:
            return self._fixed[k]
        got = self._info.get(k)
        if got is None:
            doc, a = self.doc, self.spans[k][0]
            li = bisect.bisect_right(doc._line_starts, a) - 1
            ln = doc.lines[li]
            para = bisect.bisect_right(self._pstarts(), a) - 1
            row = self._rows.get(li)
            if row is None:  # once a line: one long line holds thousands of sentences
                row = self._rows[li] = _table_row(self.prose[ln.start:ln.end])
            got = self._info[k] = (para, li == self.first_line(), row)
        return got

    def _pstarts(self) -> list[int]:
        if self._ps is None:
            self._ps = [p.start for p in self.doc.paragraphs]
        return self._ps

    def first_line(self) -> int:
        """The headline's line: the first line with text."""
        if self._first is None:
            self._first = 0
            for i, ln in enumerate(self.doc.lines):
                if self.prose[ln.start:ln.end].strip():
                    self._first = i
                    break
        return self._first


def _split_lines(prose: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, paragraph, in the headline) of each sentence, from scratch: each line with split_sentences; blank lines separate paragraphs."""
    out: list[tuple[int, int, int, bool]] = []
    para = -1
    blank = True
    pos = 0
    first = True
    for line in prose.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if not line.strip():
            blank = True
            continue
        if blank:
            para += 1
            blank = False
        if _table_row(line):
            continue
        heading = first
        first = False
        for a, b in split_sentences(line):
            out.append((s + a, s + b, para, heading))
    return out


_MAX_ORDINAL = _dt.date.max.toordinal()


def _year_of(q: Quantity) -> str:
    """The year of a date quantity ("" when it was written without one)."""
    if q.unit != "date" or not 1 <= q.value <= _MAX_ORDINAL:
        return ""  # (a value no calendar date has is no date's year)
    return str(_dt.date.fromordinal(int(q.value)).year)


def _precision(q: Quantity) -> float:
    """Half the rounding step of the written number, in base units ("600" -> 50, "6.1" -> 0.05)."""
    m = _NUM.search(q.text)
    if not m:
        return abs(q.value) * 0.05
    digits = m.group().replace(",", "")
    try:
        written = float(digits)
    except ValueError:
        return 0.0
    if written == 0:
        return 0.0
    if "." in digits:
        step = 10.0 ** -len(digits.split(".")[1])
    else:
        stripped = digits.rstrip("0")
        step = 10.0 ** (len(digits) - len(stripped)) if stripped else 1.0
    return abs(q.value / written) * step / 2


# ---------------------------------------------------------------------------------------------
# Reading one article


def analyse(doc: Document, *, complete: bool = False) -> Facts:
    """The statements of one article, worked out once per document (NL401's check and NL402's
    summarize both ask): the document index's view ``NUMBERS_READER``.

    A statement whose kind (dimension, unit) no other sentence of the article shares cannot
    conflict within the article; it is built only when ``complete`` is asked for (the
    cross-article rule, which compares it with other articles)."""
    reader = doc.index[NUMBERS_READER]
    if complete and reader.facts.pending:
        reader.complete()
    return reader.facts


def story_features(doc: Document, facts: Facts) -> None:
    """Fill in what story grouping compares (only the cross-article rule asks): the names the
    article uses (with the number of sentences using each), its lowercase content
    words, and its figures (the same years, ages and sums recur in the articles of a story)."""
    prose = doc.prose
    reader = doc.index.get(NUMBERS_READER)
    sents = reader.sents if reader is not None else _Sentences(doc)
    qn = QuickNames(prose)
    counts: Counter[str] = Counter()
    for a, b in sents.spans:
        counts.update({n.text for n in qn.names(a, b)})
    facts.name_counts = dict(counts)
    words = _story_words(prose)
    for q in (reader.qs if reader is not None else extract(prose)):
        if q.dimension != "plain" and not q.conversion:
            key = f"#{q.dimension}:{_year_of(q) if q.dimension == 'date' else format(q.value, '.4g')}"
            words[key] = words.get(key, 0) + 1
    facts.words = words


def kind(dim: str, unit: str) -> str:
    """What a statement must share with another to be compared with it (see comparability)."""
    return f"{dim}:{unit}" if dim in ("money", "date", "count") else f"{dim}:{unit == 'percentage point'}" if dim == "percent" else dim


class _Reader:
    """Reads the statements of one article (see :func:`analyse`)."""

    def __init__(self, doc: Document):
        self.doc = doc
        prose = self.prose = doc.prose
        sents = self.sents = _Sentences(doc)
        story = doc.metadata.get("story")
        self.facts = facts = Facts(doc.path or "<text>", str(story) if story not in (None, "") else None, {}, {}, len(sents))
        qs = self.qs = extract(prose)
        if not qs:
            return
        self.qn = QuickNames(prose)
        self.names_memo: dict[int, tuple[list[Name], list[str]]] = {}
        self.bound: dict[tuple[int, int], str] = {}
        if "respectively" in prose:
            for (a, b), q in _pairs(prose, qs):
                runs = self.qn.names(a, b)
                self.bound[(q.start, q.end)] = runs[-1].text if runs else prose[a:b]
        by_sentence: dict[int, list[Quantity]] = {}
        for q in qs:
            k = sents.of(q.start)
            if k >= 0:
                by_sentence.setdefault(k, []).append(q)
        self.W = _words()
        self.P = _patterns(is_plain(prose))
        self.by_sentence = by_sentence
        self.tokens: dict[int, tuple] = {}
        chosen = {k: self._choose(k) for k in by_sentence}
        # kinds stated in two sentences or more: only those can conflict within the article
        where: dict[str, set[int]] = defaultdict(set)
        for k, items in chosen.items():
            for _, dim, unit, _ in items:
                where[kind(dim, unit)].add(k)
        now: dict[int, list] = {}
        for k, items in chosen.items():
            for it in items:
                if len(where[kind(it[1], it[2])]) > 1:
                    now.setdefault(k, []).append(it)
                else:
                    facts.pending.append((k, it[0].start))
        self.chosen = chosen
        for k in sorted(now):
            self._build(k, now[k])
        self._doc_names()

    def names_at(self, k: int) -> tuple[list[Name], list[str]]:
        """The names of sentence k (only sentences with figures and the ones before them are
        read: names are the dearest part)."""
        got = self.names_memo.get(k)
        if got is None:
            a, b = self.sents.spans[k]
            ns = self.qn.names(a, b)
            got = self.names_memo[k] = (ns, [n.text for n in ns])
        return got

    def complete(self) -> None:
        """Build the statements left pending (see :func:`analyse`)."""
        facts = self.facts
        if not facts.pending:
            return
        todo: dict[int, set[int]] = defaultdict(set)
        for k, start in facts.pending:
            todo[k].add(start)
        facts.pending = []
        for k in sorted(todo):
            self._build(k, [it for it in self.chosen[k] if it[0].start in todo[k]])
        facts.statements.sort(key=lambda s: s.start)
        self._doc_names()

    def _doc_names(self) -> None:
        doc_names: Counter[str] = Counter()
        for _, cs in self.names_memo.values():
            doc_names.update(set(cs))
        self.facts.doc_names = dict(doc_names)

    def _sentence(self, k: int) -> tuple:
        got = self.tokens.get(k)
        if got is not None:
            return got
        prose, group, stop = self.prose, self.by_sentence[k], self.W["stop"]
        s0, s1 = self.sents.spans[k]
        if len(group) > MAX_PER_SENTENCE:
            group = group[:MAX_PER_SENTENCE]
        lo = s0 if s1 - s0 <= MAX_SENTENCE else max(s0, group[0].start - 300)
        hi = s1 if s1 - s0 <= MAX_SENTENCE else min(s1, group[-1].end + 300)
        toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(prose, lo, hi)]
        tlow = [t[2].lower() for t in toks]
        # per token: its content word (lowercase), or "" for punctuation, figures, stop words
        tcontent = [w if w[0].isalpha() and len(w) > 1 and w not in stop else "" for w in tlow]
        words = [t for t in toks if t[2][0].isalpha()]
        got = self.tokens[k] = (group, lo, hi, toks, [t[0] for t in toks], tlow, tcontent, words,
                                [w[0] for w in words], [w for w in tlow if w[0].isalpha()])
        return got

    def _choose(self, k: int) -> list[tuple[Quantity, str, str, str | None]]:
        """The quantities of sentence k that are statements, with (dimension, unit, head)."""
        _, _, table = self.sents.info(k)
        if table:
            return []  # a table row: its numbers are cells, not statements
        W, prose = self.W, self.prose
        group = self.by_sentence[k][:MAX_PER_SENTENCE]
        if any(q.dimension in ("plain", "date", "year", "time") for q in group):
            # only these need the sentence's words to decide: read them only then
            group, lo, _, _, _, _, _, _, wstarts, lows = self._sentence(k)
            # words that say what happened (not when it was written: "Updated: Monday, May 2")
            content = sum(1 for w in lows if w not in W["stop"] and len(w) > 2 and w not in W["stamp"])
        chosen: list[tuple[Quantity, str, str, str | None]] = []
        for q in group:
            if q.conversion:
                continue
            dim, unit, head = q.dimension, q.unit, q.head
            if dim in ("date", "year", "time") and (content < 2 or _bracketed(prose, q, lo)):
                continue  # a dateline or a timestamp: when it was written, not what happened
            if dim == "plain":
                head = _count_head(prose, q, lows, wstarts, W, self.P)
                if head is None:
                    continue
                dim, unit = "count", ""
            elif dim == "count":
                unit = stem(unit)  # "wives" and "wife" count one thing
            chosen.append((q, dim, unit, head))
        return chosen

    def _build(self, k: int, chosen: list[tuple[Quantity, str, str, str | None]]) -> None:
        """Append the statements of sentence k for these chosen quantities."""
        W, prose, doc, facts, bound = self.W, self.prose, self.doc, self.facts, self.bound
        para, head_line, _ = self.sents.info(k)
        group, lo, hi, toks, tstarts, tlow, tcontent, words, _, lows = self._sentence(k)
        names_k, canon_k = self.names_at(k)
        # each content word stemmed once for the sentence, not once per statement that reads it
        tstems = [stem(w) if w else "" for w in tcontent]
        sent_stems = {st: weight(w) for w, st in zip(tcontent, tstems, strict=True) if w}
        sent_total = sum(sent_stems.values())
        sent_text = prose[lo:hi].lower()
        update = not W["update"].isdisjoint(lows) or any(p in sent_text for p in W["update_phrases"])
        when = {w for w in lows if w in W["when"]}
        for q in group:
            if q.dimension in ("date", "year"):
                when.add(f"{q.dimension}:{q.value:g}")
        # most sentences have no reporting verb: then no source and no reported clauses
        says = not W["say"].isdisjoint(lows)
        source = _source(lows, words, canon_k, names_k, W["say"]) if says else ""
        # parties (people, teams, companies: not places, institutions or sources) of the sentence
        parties = [(n, c) for n, c in zip(names_k, canon_k, strict=False) if not n.place]
        # "He has 548 yards": a sentence that opens with a pronoun is about the previous
        # sentence's first party
        prev_subject = ""
        if k > 0 and lows and lows[0] in _PRONOUNS:
            pn, pc = self.names_at(k - 1)
            prev_subject = next((c for n, c in zip(pn, pc, strict=False) if not n.place), "")
        dims = Counter(q.dimension for q in group)
        clause_years = [(o.start, f"{o.dimension}:{o.value:g}") for o in group if o.dimension in ("date", "year")]
        # where reported clauses start and end: after a reporting verb, at clause punctuation
        say_at = [(words[i][0], words[i][1]) for i, w in enumerate(lows) if w in W["say"] and w != "according"] if says else []
        stops = [toks[x][0] for x, w in enumerate(tlow) if w in _CLAUSE]
        for q, dim, unit, head in chosen:
            # the token index of the quantity and the clause around it
            i0 = bisect.bisect_left(tstarts, q.start)
            i1 = bisect.bisect_left(tstarts, q.end)
            # the clause (for names and other quantities) and a window of words (for context)
            a, b = _around(toks, i0, i1, _CLAUSE)
            wa, wb = _around(toks, i0, i1, _PUNCT)
            before = [tstems[x] for x in range(wa, i0) if tcontent[x]]  # stems of content words
            after = [tstems[x] for x in range(i1, wb) if tcontent[x]]
            ctx = {st: sent_stems[st] for st in before + after}
            left = before[-1] if before else ""
            right = after[0] if after else ""
            local = {st: sent_stems[st] for st in before[-3:] + after[:3]}
            quals = frozenset(w for w in tlow[max(a, i0 - 3):i0] if w in W["quals"])
            times = _times(tlow, a, b, i0, W, clause_years)
            if q.whole:
                quals = quals | {"whole"}
            if _PARTITIVE.match(prose, q.end) or ("of" in prose[max(lo, q.start - 24):q.start].lower()
                                                  and _OF_WHOLE.search(prose, max(lo, q.start - 24), q.start)):
                quals = quals | {"part"}  # "three of the seven bullets": a part and its whole
            clause_lo = toks[a][0] if a < len(toks) else q.start
            clause_hi = toks[b - 1][1] if b > 0 else q.end
            mods = frozenset(f"{o.dimension}:{o.value:.4g}" for o in group
                             if o is not q and o.dimension not in (dim, "plain", "date", "year", "time")
                             and clause_lo <= o.start and o.end <= clause_hi)
            bound_name = bound.get((q.start, q.end))
            near, party = _near_name(q, [n for n, _ in parties], [c for _, c in parties], clause_lo, clause_hi, dim, prose, lo)
            if bound_name:
                near, party = bound_name, True
            # the sentence's first party, when it comes before the number: its subject, mostly
            subj = bound_name or next((c for n, c in parties if n.end <= q.start), prev_subject)
            cnames = tuple(dict.fromkeys(c for n, c in parties if clause_lo <= n.start and n.end <= clause_hi))
            floor = max([lo, *(e for _, e in say_at if e <= q.start), *(x + 1 for x in stops if x < q.start)])
            ceil = min([hi, *(x for x, _ in say_at if x >= q.end), *(x for x in stops if x >= q.end)])
            if bound_name or (dim == "age" and party):
                holders: tuple[str, ...] = (near,)  # "Ana Ruiz, 34": the age is hers, whoever else the clause names
            else:
                holders = tuple(dict.fromkeys(c for n, c in parties if floor <= n.start and n.end <= ceil and c != source))
                if not holders and prev_subject:
                    holders = (prev_subject,)  # "He finished with 269 yards": the last sentence's party
            sa, sb = _around(toks, i0, i1, _PUNCT, SCOPE_WINDOW)
            scope = _scope(tlow, sa, sb, i0, W)
            p1, p2 = doc.position(q.start), doc.position(q.end)
            facts.statements.append(Statement(
                q.start, q.end, p1.line + 1, p1.column + 1, p2.line + 1, p2.column + 1, q.text,
                q.value, q.low, q.high, _precision(q), unit, dim, q.hedge, stem(head) if head else "",
                ctx, sent_stems, left, right, local, subj, cnames, near, tuple(dict.fromkeys(canon_k)), mods, quals, update,
                frozenset(when), source, head_line, para, k, dims[q.dimension] > 1,
                () if bound_name else tuple((o.low, o.high) for o in group if o is not q and o.dimension == q.dimension),
                bool(bound_name), party, sum(ctx.values()), sent_total, sum(local.values()), q.written,
                times | frozenset(y for pos, y in clause_years if clause_lo <= pos < clause_hi and pos != q.start), holders,
                scope,
            ))


#: tokens either side of a quantity read for its scope ("Since Week 11, Ruiz has run for 498
#: yards"), within its clause
SCOPE_WINDOW = 14


def _scope(tlow: list[str], a: int, b: int, i0: int, W: dict[str, Any]) -> frozenset[str]:
    """The span of time a figure covers, from the words near it (tokens [a, b)): a scope word
    with the word after it ("since october", "past 17", "this season"), "so far", "to date"."""
    out = set()
    for t in range(a, b):
        w = tlow[t]
        if w in W["scope"]:
            nxt = tlow[t + 1] if t + 1 < len(tlow) else ""
            if w == "this" and nxt in W["stop"]:
                continue
            out.add(f"{w} {nxt}" if nxt and t + 1 != i0 else w)
        elif w in ("so", "to", "as") and t + 1 < len(tlow) and tlow[t + 1] in ("far", "date", "of"):
            out.add(f"{w} {tlow[t + 1]}")
    return frozenset(out)


def _times(tlow: list[str], a: int, b: int, i0: int, W: dict[str, Any], years: list) -> frozenset[str]:
    """The time cues of a clause (tokens [a, b)): when words ("monday", "yesterday"), update
    words ("rose", "now", "initially"), frame words with the word after them ("since october",
    "past 17"), and "then" right before the number ("then-15"): two figures with different
    cues may hold at different times."""
    out = set()
    # most clauses have no time cue: one set test instead of a look at every word
    if not W["time_cues"].isdisjoint(tlow[a:b]):
        for t in range(a, b):
            w = tlow[t]
            if w in W["when"] or w in W["update"]:
                out.add(w)
            elif w in W["frame"]:
                nxt = tlow[t + 1] if t + 1 < len(tlow) else ""
                out.add(f"{w} {nxt}" if nxt and nxt not in W["stop"] and t + 1 != i0 else w)
    if i0 > 0 and tlow[i0 - 1] in ("then", "then-"):
        out.add("then")
    return frozenset(out)


def _around(toks: list[tuple[int, int, str]], i0: int, i1: int, stops: frozenset[str], window: int = WINDOW) -> tuple[int, int]:
    """Token indexes [a, b) of at most ``window`` tokens either side of tokens [i0, i1), not
    past a token in ``stops``."""
    a = i0
    while a > 0 and i0 - a < window and toks[a - 1][2] not in stops:
        a -= 1
    b = i1
    while b < len(toks) and b - i1 < window and toks[b][2] not in stops:
        b += 1
    return a, b


_PARTITIVE = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+|its[ \t]+|their[ \t]+|his[ \t]+|her[ \t]+)?(?:[A-Z][\w'’]*[ \t]+)?(?:\d|one\b|two\b|three\b|four\b|five\b|six\b|seven\b|eight\b|nine\b|ten\b|eleven\b|twelve\b|\w+teen\b|\w+ty\b)")
_OF_WHOLE = re.compile(r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|all|most|some|none)[ \t]+of[ \t]+(?:the[ \t]+|its[ \t]+|their[ \t]+|his[ \t]+|her[ \t]+)?\Z", re.I)
_APPOSED = re.compile(r"[ \t]+[a-z]+(?:[ \t]+[a-z]+)?,[ \t]+")
_PRONOUNS = frozenset({"he", "she", "they", "his", "her", "their", "it", "its"})


def _bracketed(prose: str, q: Quantity, floor: int) -> bool:
    """The quantity is a bracketed aside: "today (14 October 2011)", "(Aug. 28, 2015)"."""
    before = prose[max(floor, q.start - 3):q.start].rstrip()
    return before.endswith("(") and prose[q.end:q.end + 2].lstrip().startswith(")")


def _count_head(prose: str, q: Quantity, lows: list[str], wstarts: list[int],
                W: dict[str, Any], P: Any) -> str | None:
    """What a bare number counts, when its context says it counts something: "killing 12" ->
    kill, "12 were injured" -> injur, "the toll rose to 12" -> toll, "the 55 wounded"."""
    if "." in q.text or q.value <= 0 or q.value != int(q.value):
        return None
    k = bisect.bisect_left(wstarts, q.end)
    after = lows[k:k + 3]
    if after:
        if after[0] in W["count_after"] or (after[0].endswith("ed") and len(after[0]) > 4 and after[0] not in W["stop"]):
            return after[0]  # "the 55 wounded", "30 injured"
        if after[0] in ("were", "was", "are", "have", "had") and len(after) > 1:
            nxt = after[2] if after[1] == "been" and len(after) > 2 else after[1]
            if nxt.endswith(("ed", "en")) and nxt not in W["stop"]:
                return nxt  # "12 were killed", "four had been taken"
    j = bisect.bisect_left(wstarts, q.start) - 1
    if j >= 0:
        prev = lows[j]
        if prev.endswith("ing") and len(prev) > 5 and prev not in W["stop"]:
            return prev  # "killing 12"
        if prev in ("killed", "injured", "wounded", "arrested", "hurt", "rescued", "evacuated", "hospitalized",
                    "hospitalised", "detained", "charged", "shot"):
            return prev  # "police arrested 46": a participle or past tense right before
    head = _head_from_left(prose, q.start, 0, P)
    return head


def _near_name(q: Quantity, names: list[Name], canon: list[str], lo: int, hi: int, dim: str, prose: str = "", s0: int = 0) -> tuple[str, bool]:
    """The name a quantity belongs to: for an age the name set off right before it ("Ana Ruiz,
    34,") or right after ("34-year-old Ana Ruiz"); otherwise the closest name in its clause."""
    if dim == "age":
        for n, c in zip(names, canon, strict=False):
            if n.start <= q.start < n.end < q.end + 60 and n.end > q.end:
                # "Seventeen-year-old Kimani Gray" read as one capitalised run
                rest = prose[q.end:n.end].strip(" \t-")
                if rest[:1].isupper():
                    return rest, True
            gap = prose[n.end:q.start] if n.end <= q.start else prose[q.end:n.start] if n.start >= q.end else "x"
            if n.start >= q.end and gap.strip(" \t") == "":
                return c, True  # "34-year-old Ana Ruiz"
            if n.start >= q.end and _APPOSED.fullmatch(gap):
                return c, True  # "a 23-year-old woman, Ana Ruiz,"
            if n.end <= q.start and gap.strip(" \t") in (",", "("):
                return c, True  # "Ana Ruiz, 34," / "Ana Ruiz (34)"
        return "", False
    # "talks with Ana Ruiz that lasted 3 hours", "a deal with the Nationals worth $160 million":
    # the party after "with"/"between" before the number is the one it belongs to
    with_party = ""
    for k, (n, c) in enumerate(zip(names, canon, strict=False)):
        if s0 <= n.start and n.end <= q.start and q.start - n.end < 120 and ";" not in prose[n.end:q.start] \
                and prose[max(s0, n.start - 12):n.start].rstrip().lower().endswith(("with", "between", "with the", "between the")):
            with_party = c
            # "between Ana Ruiz and Piet Haagen": the first is mostly the story's subject
            if k + 1 < len(names) and names[k + 1].end <= q.start and prose[n.end:names[k + 1].start].strip() == "and":
                with_party = canon[k + 1]
    if with_party:
        return with_party, True
    best, dist = "", 10**9
    for n, c in zip(names, canon, strict=False):
        if n.end <= q.start:
            d = q.start - n.end
        elif n.start >= q.end:
            d = n.start - q.end + (0 if dim == "age" else 5)
        else:
            continue
        if dim != "age" and not (lo <= n.start and n.end <= hi):
            continue
        if d < dist:
            best, dist = c, d
    if dim == "age" and dist > 40:
        return "", False
    return best, False


def _source(lows: list[str], words: list[tuple[int, int, str]], canon: list[str], names: list[Name],
            say: frozenset[str]) -> str:
    """The name a sentence attributes its statement to ("..., Ana Ruiz said"), or ""."""
    for i, w in enumerate(lows):
        if w in say:
            pos = words[i][0]
            best, dist = "", 10**9
            for n, c in zip(names, canon, strict=False):
                # "Lynch reported the Red Sox offered ...": the name before the verb says it;
                # one after it only in "said Ana Ruiz", "according to Ana Ruiz"
                d = pos - n.end if n.end <= pos else n.start - words[i][1] + (0 if w == "according" else 15)
                if 0 <= d < dist and d < 60:
                    best, dist = c, d
            # "..., aides said": a common noun right before the verb says it, not a name further back
            if best and dist > 15 and i > 0 and lows[i - 1] not in _words()["stop"] and words[i - 1][2][:1].islower():
                return lows[i - 1]
            if best:
                return best
            # "according to police", "officials said": a common noun as source
            for j in (i - 1, i + 1, i + 2):
                if 0 <= j < len(lows) and lows[j] not in _words()["stop"] and lows[j] not in say:
                    return lows[j]
    return ""


_STORY_WORD = re.compile(r"\b[a-z][a-z'’-]{3,}\b")


def _story_words(prose: str) -> dict[str, int]:
    """Lowercase content words of the article and how often each is used (for story grouping)."""
    stop = _words()["stop"]
    c: Counter[str] = Counter()
    for w in _STORY_WORD.findall(prose):
        if w not in stop:
            c[stem(w)] += 1
    return dict(c)


# the statements of one article, read once and shared by NL401 and NL402 (newslint.index)
NUMBERS_READER: View[_Reader] = View("numbers-reader", _Reader)
