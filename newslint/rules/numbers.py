"""Numbers rules: statements about the same thing that cannot both be true.

* NL401 ``numbers-conflict``: within one article, a later statement gives a value for the same
  thing (same event, same distinguishing participants) that an earlier one excludes.
* NL402 ``numbers-conflict-across``: across the articles of one story, the statement that
  disagrees with the majority of the other articles.
* NL403 ``weekday-date-mismatch``: "Tuesday, March 14, 2024" when that date was a Thursday, or
  "yesterday, Monday" in an article dated on a Wednesday.

What a quantity is about (a *statement*): its head noun from :mod:`newslint.quantities`
("a 7.5-hour meeting" -> meeting) mapped to an event class (``rules/numbers.toml``: meeting,
talks, discussions... are one class), words that make it another instance ("first", "final"),
and its participants: the names of its sentence (titles, places and sources dropped, surnames
resolved, see :mod:`newslint.stories`), or the entity a "... respectively" list binds it to.
The story's (or article's) main subject, the name mentioned most, is dropped: it is in every
statement and tells none apart. An anaphoric "the meeting" with no other name takes the names
of the nearest earlier sentence that has one. Two statements are about the same thing when the
dimension, event class and qualifiers match and their participants overlap with one a subset
of the other; they conflict when their intervals (hedges included: "about 30" is 25.5-34.5)
do not overlap, allowing the rounding of a conversion when the units differ (60 mph = 97 km/h).
"""
from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newslint.document import Document
from newslint.finding import Hit, Related
from newslint.quantities import Quantity, _pairs, extract, lemma
from newslint.rules.base import CorpusHit, CorpusRule, Rule, RuleContext
from newslint.sentences import split_sentences
from newslint.stories import NameFinder, data, group_stories, is_heading

# ---------------------------------------------------------------------------------------------
# Tables


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    d = data()
    event_of: dict[str, str] = {}
    for cls, words in d["events"].items():
        for w in words:
            event_of[lemma(w.split()[-1]) if " " not in w else w] = cls
    return {
        "event_of": event_of,
        "event_nouns": {w for ws in d["events"].values() for w in ws if " " not in w} | set(d["names"]["attach_nouns"]),
        "dims": set(d["compare"]["dimensions"]),
        "max_ratio": float(d["compare"]["max_ratio"]),
        "max_gap": int(d["compare"]["max_paragraph_gap"]),
        "lookback": int(d["compare"]["lookback_sentences"]),
        "qualifiers": set(d["names"]["qualifiers"]),
        "extent_verbs": set(d["compare"]["extent_verbs"]),
    }


_DEFINITE = {"the", "this", "that", "their", "its", "his", "her"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")
_UNIT_WORDS = (
    "second|minute|hour|day|week|fortnight|month|year|decade|century|mile|acre|hectare|kilometre|"
    "kilometer|metre|meter|foot|yard|ton|tonne|kilogram|pound|ounce|inch"
)
_ADJ_UNIT = re.compile(rf"-({_UNIT_WORDS})\b")


# ---------------------------------------------------------------------------------------------
# Statements


@dataclass(slots=True)
class Statement:
    """One quantity with what it is about; picklable, located (1-based lines and columns)."""

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
    prec: float  # rounding allowance in base units, used when units differ
    unit: str
    dim: str
    head: str
    cls: str
    quals: tuple[str, ...]
    own: tuple[str, ...]
    fallback: tuple[tuple[str, ...], ...]
    definite: bool
    para: int
    sentence: int
    bound: bool  # participants come from a "respectively" list


@dataclass(slots=True)
class Facts:
    """What the numbers rules know about one article (the corpus summary of NL402)."""

    path: str
    story: str | None
    features: tuple[str, ...]
    name_counts: dict[str, int]
    sentences: int = 0
    statements: list[Statement] = field(default_factory=list)


# Whitespace other than space, tab and newline: with none of it, a blank line is [ \t]* only and
# the document's own paragraphs and sentences are the ones _split_lines finds.
_ODD_SPACE = re.compile(r"[^\S \t\n]")


def _sentences(doc: Document) -> list[tuple[int, int, int, bool]]:
    """(start, end, paragraph, in a headline) of each sentence of the prose, line by line."""
    prose = doc.prose
    if _ODD_SPACE.search(prose):
        return _split_lines(prose)
    # Document.sentences splits each line of each paragraph (blank-line separated, trimmed) with
    # split_sentences, as _split_lines does: the same spans, already computed for other rules.
    paras = doc.paragraphs
    pstarts = [p.start for p in paras]
    lstarts = doc._line_starts
    lines = doc.lines
    out: list[tuple[int, int, int, bool]] = []
    heads: dict[int, bool] = {}
    for a, b in doc.sentences:
        li = bisect.bisect_right(lstarts, a) - 1
        h = heads.get(li)
        if h is None:
            ln = lines[li]
            h = heads[li] = is_heading(prose[ln.start:ln.end])
        out.append((a, b, bisect.bisect_right(pstarts, a) - 1, h))
    return out


def _split_lines(prose: str) -> list[tuple[int, int, int, bool]]:
    """_sentences from scratch: each line (split at "\n") with split_sentences; blank lines
    (``strip()`` empty) separate paragraphs."""
    out: list[tuple[int, int, int]] = []
    para = -1
    blank = True
    pos = 0
    for line in prose.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if not line.strip():
            blank = True
            continue
        if blank:
            para += 1
            blank = False
        heading = is_heading(line)
        for a, b in split_sentences(line):
            out.append((s + a, s + b, para, heading))
    return out


def _precision(q: Quantity) -> float:
    m = _NUM.search(q.text)
    if not m:
        return abs(q.value) * 0.05
    digits = m.group().replace(",", "")
    written = float(digits)
    if written == 0:
        return 0.0
    if "." in digits:
        step = 10.0 ** -len(digits.split(".")[1])
    else:
        stripped = digits.rstrip("0")
        step = 10.0 ** (len(digits) - len(stripped)) if stripped else 1.0
    return abs(q.value / written) * step / 2


def _say(text: str) -> str:
    """A quantity's text as a value: "35-minute" -> "35 minutes"."""
    t = " ".join(text.split())
    m = _ADJ_UNIT.search(t)
    if m:
        one = re.search(r"(?:^|\s)(?:one|1|a|an)-?$", t[: m.start()].lower() + "-")
        unit = m.group(1)
        plural = unit if one else ("inches" if unit == "inch" else "feet" if unit == "foot" else
                                   "centuries" if unit == "century" else unit + "s")
        t = t[: m.start()] + " " + plural + t[m.end():]
    return t


def analyse(doc: Document, ctx: RuleContext | None = None) -> Facts:
    """The statements of one article, worked out once per document (NL401's check and NL402's
    summarize both ask): memoised on the document, and per check in ``ctx.cache``."""
    memo = doc.__dict__.get("_numbers_facts")
    if memo is not None and memo[0] is doc.prose:
        return memo[1]
    if ctx is not None:
        hit = ctx.cache.get("numbers.facts")
        if hit is not None and hit[0] is doc:
            return hit[1]
    facts = _analyse(doc)
    doc.__dict__["_numbers_facts"] = (doc.prose, facts)
    if ctx is not None:
        ctx.cache["numbers.facts"] = (doc, facts)
    return facts


def _analyse(doc: Document) -> Facts:
    t = _tables()
    prose = doc.prose
    sents = _sentences(doc)
    nf = NameFinder(prose)
    raw_names = [nf.resolve(nf.runs(a, b, h)) for a, b, _, h in sents]
    canon = [[nf.canonical(n) for n in ns] for ns in raw_names]
    counts: Counter[str] = Counter()
    for ns in canon:
        counts.update(set(ns))
    story = doc.metadata.get("story")
    facts = Facts(doc.path or "<text>", str(story) if story not in (None, "") else None,
                  tuple(sorted(set(counts))), dict(counts), len(sents))
    every = extract(prose)
    qs = [q for q in every if q.dimension in t["dims"]]
    if not qs:
        return facts
    bound: dict[tuple[int, int], str] = {}
    if "respectively" in prose:
        for (a, b), q in _pairs(prose, every):  # respectively_pairs(prose), reusing extract's work
            bound[(q.start, q.end)] = nf.canonical(_one_name(nf, a, b))
    starts = [s for s, _, _, _ in sents]

    for q in qs:
        k = bisect.bisect_right(starts, q.start) - 1
        if k < 0 or q.start >= sents[k][1]:
            continue
        s0, s1, para, _ = sents[k]
        toks = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(prose, s0, s1)]
        head = q.head or _extent_head(toks, q, t)
        if not head or head not in t["event_of"]:
            continue  # only things the table knows are compared: heads from a parser misfire often
        cls = t["event_of"][head]
        hpos = _head_position(toks, head, q)
        quals = _qualifiers(toks, hpos, q, t["qualifiers"])
        definite = _definite(toks, hpos, q)
        if (q.start, q.end) in bound:
            own: tuple[str, ...] = (bound[(q.start, q.end)],)
            is_bound = True
        else:
            own = tuple(_participants(prose, toks, raw_names[k], canon[k], hpos, t["event_nouns"]))
            is_bound = False
        fb: list[tuple[str, ...]] = []
        for j in range(k - 1, -1, -1):
            if para - sents[j][2] > 1 or len(fb) >= t["lookback"]:
                break
            if len(prose[sents[j][0]:sents[j][1]].split()) >= 4:  # not a fragment ("U.S.")
                fb.append(tuple(canon[j]))
        p1, p2 = doc.position(q.start), doc.position(q.end)
        facts.statements.append(Statement(
            q.start, q.end, p1.line + 1, p1.column + 1, p2.line + 1, p2.column + 1, q.text,
            q.value, q.low, q.high, _precision(q), q.unit, q.dimension, head, cls, quals, own,
            tuple(fb), definite, para, k, is_bound,
        ))
    return facts


def _one_name(nf: NameFinder, a: int, b: int):
    from newslint.stories import Name  # noqa: PLC0415

    runs = nf.runs(a, b)
    if runs:
        return runs[-1]
    return Name(a, b, nf.prose[a:b], nf.prose[a:b])


def _extent_head(toks: list[tuple[int, int, str]], q: Quantity, t: dict[str, Any]) -> str | None:
    """"The Creek Fire has burned 5,000 acres" -> fire (only listed event nouns and verbs)."""
    before = [w for s, e, w in toks if e <= q.start]
    if not before or before[-1].lower() not in t["extent_verbs"]:
        return None
    for w in reversed(before[-6:-1]):
        lw = lemma(w)
        if lw in t["event_of"]:
            return lw
    return None


def _head_position(toks: list[tuple[int, int, str]], head: str, q: Quantity) -> int | None:
    best, dist = None, 10**9
    for s, e, w in toks:
        if s >= q.start and e <= q.end:
            continue
        if lemma(w) == head:
            d = q.start - e if e <= q.start else s - q.end
            if d < dist:
                best, dist = s, d
    return best


def _words_before(toks: list[tuple[int, int, str]], pos: int, n: int) -> list[str]:
    out = [w.lower() for s, e, w in toks if e <= pos]
    return out[-n:]


def _qualifiers(toks, hpos, q, qualset) -> tuple[str, ...]:
    ws = _words_before(toks, q.start, 2)
    if hpos is not None:
        ws += _words_before(toks, hpos, 2)
    return tuple(sorted({w for w in ws if w in qualset}))


def _definite(toks, hpos, q) -> bool:
    ws = _words_before(toks, q.start, 1)
    if hpos is not None and hpos < q.start:
        ws += _words_before(toks, hpos, 1)
    return any(w in _DEFINITE for w in ws)


def _participants(prose, toks, names, canon, hpos, event_nouns) -> list[str]:
    """Names of the sentence, minus those tied to another event noun ("a summit between X and Y")."""
    if not names:
        return []
    excluded: set[int] = set()
    for i, (s, e, w) in enumerate(toks[:-1]):
        if w.lower() in event_nouns and toks[i + 1][2].lower() in ("with", "between") and s != hpos:
            lo = toks[i + 1][1]
            seg = prose[lo:lo + 90]
            cut = re.search(r"[,;:()]|\b(?:that|which|who|lasted|lasting|for|on|in|at|could|would|was|were)\b", seg)
            hi = lo + (cut.start() if cut else len(seg))
            for k, nm in enumerate(names):
                if lo <= nm.start < hi:
                    excluded.add(k)
    return [c for k, c in enumerate(canon) if k not in excluded]


# ---------------------------------------------------------------------------------------------
# Matching


def _same_name(a: str, b: str) -> bool:
    if a == b:
        return True
    ta, tb = set(a.split()), set(b.split())
    return ta <= tb or tb <= ta


def _minus(names: Iterable[str], subject: str | None) -> set[str]:
    return {n for n in names if subject is None or not _same_name(n, subject)}


def effective(st: Statement, subject: str | None) -> set[str]:
    """The distinguishing participants of a statement."""
    own = _minus(st.own, subject)
    if own or st.bound or not st.definite:
        return own
    for names in st.fallback:
        got = _minus(names, subject)
        if got:
            return got
    return set()


def _overlap(a: set[str], b: set[str]) -> tuple[bool, bool]:
    """(some name in common, one set covered by the other)."""
    a_in_b = all(any(_same_name(x, y) for y in b) for x in a)
    b_in_a = all(any(_same_name(x, y) for y in a) for x in b)
    common = any(_same_name(x, y) for x in a for y in b)
    return common, (a_in_b or b_in_a)


def comparable(a: Statement, b: Statement) -> bool:
    if a.dim != b.dim or a.cls != b.cls or a.quals != b.quals:
        return False
    if a.dim == "money" and a.unit != b.unit:
        return False
    lo, hi = sorted((abs(a.value), abs(b.value)))
    return lo > 0 and hi / lo <= _tables()["max_ratio"]


def same_thing(a: Statement, b: Statement, pa: set[str], pb: set[str], *, within: bool) -> bool:
    if not comparable(a, b):
        return False
    if within and a.sentence == b.sentence:
        return False  # one sentence giving two values states two things ("the 11-inch and 12.9-inch")
    if pa and pb:
        common, covered = _overlap(pa, pb)
        return common and covered
    if pa or pb or not within:
        return False
    first, later = (a, b) if a.start < b.start else (b, a)
    return (a.head == b.head and a.head in _tables()["event_of"] and later.definite
            and later.para - first.para <= _tables()["max_gap"])


def conflict(a: Statement, b: Statement) -> bool:
    alo, ahi, blo, bhi = a.low, a.high, b.low, b.high
    if a.unit != b.unit:
        alo, ahi, blo, bhi = alo - a.prec, ahi + a.prec, blo - b.prec, bhi + b.prec
    eps = 1e-9 * max(1.0, abs(ahi), abs(bhi))
    return ahi < blo - eps or bhi < alo - eps


def subject_of(counts: dict[str, int] | Counter, sentences: int) -> str | None:
    """The name mentioned in the most sentences, when it is in a good share of them: what the
    article (or story) is about, and so no help in telling its events apart."""
    if not counts:
        return None
    name, c = max(counts.items(), key=lambda kv: (kv[1], len(kv[0].split()), kv[0]))
    return name if c >= 3 and c >= 0.15 * sentences else None


# ---------------------------------------------------------------------------------------------
# Rules


_EXPLAIN_401 = """
## What it does
Finds two statements in one article that give incompatible values for the same measured
thing: the same kind of event (a meeting, talks, a call, a trial, a fire's reach, a fine)
with the same distinguishing participants ("a 7.5-hour meeting with Ana Kolar" and "the
meeting between the envoy and Ana Kolar, which lasted three hours"). Hedges make intervals
("about 30 minutes" allows 25.5 to 34.5, "over three hours" 3 to 4.5); only values whose
intervals do not overlap are reported. The later statement is reported, pointing at the
earlier one. Different things stay quiet: a 15-minute break is not a 15-minute speech, the
first offer is not the final settlement, a meeting with one minister is not a meeting with
another, and 60 mph is the same as 97 km/h.

## Why is this bad?
A reader cannot tell which figure is right, and either one may be quoted on. A conflict
usually means one statement was copied from an earlier version or another outlet.

## Example
    The minister held a 40-minute call with Chancellor Ines Marlow on Friday.

    The call with Marlow, which lasted an hour and a half, ended without a deal.

Use instead: check the figure and use one value throughout:

    The call with Marlow, which lasted 40 minutes, ended without a deal.

## Fix safety
No fix: only a reporter can say which value is right.
"""

_EXPLAIN_402 = """
## What it does
When several articles are checked together (`newslint check a.txt b.txt ...`, a folder, or
the editor's workspace), groups the articles that tell the same story (a front-matter
`story:` key when present, otherwise the rare names they share) and compares the values
they give for the same thing. The statement that disagrees with the majority of the other
articles is reported, with the statements it disagrees with as related locations:
"35 minutes here; slightly over 30 minutes in a.txt:24, about 30 minutes in b.txt:10".
Articles about different stories are never compared. The `stories` option sets how stories
are formed: "auto" (default), "front-matter" (only the key) or "off".

## Why is this bad?
Outlets copy figures from each other and from agency copy; one article with a different
number is usually the one with the slip, and readers comparing coverage notice.

## Example
Three articles say the talks with the minister lasted "about three hours"; a fourth says:

    The envoy's seven-hour talks with Premier Ana Kolar ended late on Monday.

Use instead: check the figure against the sources:

    The envoy's three-hour talks with Premier Ana Kolar ended late on Monday.

## Fix safety
No fix: the majority is usually, not always, right.
"""

_EXPLAIN_403 = """
## What it does
Checks weekdays written next to dates: "Tuesday, March 14, 2024" when March 14, 2024 was a
Thursday, and explicit relative days ("yesterday, Monday", "today (Tuesday)") that do not
match the article's own date (the front-matter `date`). A date without a year takes the
year of the article's date when it is within a few months of it, and is skipped otherwise.

## Why is this bad?
One of the two is wrong, and readers do not know which day the event happened.

## Example
    ---
    date: 2024-03-13
    ---
    The council voted yesterday, Monday, to close the bridge.

Use instead:

    The council voted yesterday, Tuesday, to close the bridge.

## Fix safety
No fix: either the weekday or the date may be the wrong one.
"""


class NumbersConflict(Rule):
    code = "NL401"
    name = "numbers-conflict"
    category = "numbers"
    severity = "warning"
    summary = "Two statements in one article give incompatible values for the same thing."
    explanation = _EXPLAIN_401
    examples_bad = (
        "Premier Ana Kolar met Chancellor Ines Marlow for a 40-minute call on Friday.\n\n"
        "Officials said the call with Marlow, which lasted an hour and a half, ended without a deal.\n",
        "The Creek Fire has burned 5,000 acres near Dunmore, said fire chief Ray Tolland.\n\n"
        "By Tuesday the Creek Fire covered 5,000 hectares, Tolland said.\n",
    )
    examples_good = (
        "The summit opened with a 15-minute speech by Mayor Lena Ostrova.\n\n"
        "After a 15-minute break, delegates voted on the budget.\n",
        "The storm's winds reached 60 mph (97 km/h) near Port Ellis.\n\n"
        "Forecasters said gusts of 60 mph lashed Port Ellis overnight.\n",
        "Talks with Minister Pavel Strand lasted about 30 minutes.\n\n"
        "The talks with Strand, which lasted 32 minutes, were described as frank.\n",
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Hit]:
        facts = analyse(doc, ctx)
        sts = facts.statements
        if len(sts) < 2:
            return
        subject = subject_of(facts.name_counts, facts.sentences)
        eff = [effective(s, subject) for s in sts]
        for j in range(1, len(sts)):
            b = sts[j]
            same = [i for i in range(j) if same_thing(sts[i], b, eff[i], eff[j], within=True)]
            if not same:
                continue
            bad = [i for i in same if conflict(sts[i], b)]
            if not bad or len(bad) < len(same):
                continue  # agrees with an earlier statement: any conflict was reported there
            where = ", ".join(f"{_say(sts[i].text)} in line {sts[i].line}" for i in bad)
            related = tuple(Related(facts.path, sts[i].line, sts[i].column,
                                    f"{_say(sts[i].text)} here", sts[i].end_line, sts[i].end_column) for i in bad)
            yield Hit(b.start, b.end, f"Conflicting numbers: {_say(b.text)} here, but {where}", related=related)


class NumbersConflictAcross(CorpusRule):
    code = "NL402"
    name = "numbers-conflict-across"
    category = "numbers"
    severity = "warning"
    summary = "An article gives a value for the same thing that the other articles of its story contradict."
    explanation = _EXPLAIN_402
    # A corpus rule compares several articles; its must-fire examples are article sets, run by
    # tests/test_numbers.py. One article alone never fires.
    examples_bad = ()
    examples_good = ("The 40-minute meeting with Mayor Lena Ostrova ended at noon.\n",)
    corpus_examples_bad: tuple[tuple[str, ...], ...] = (
        tuple(
            f"Premier Ana Kolar met Chancellor Ines Marlow in Veldt on Friday.\n\n"
            f"Their {n} meeting at the Veldt palace covered trade and energy, aides to Marlow said.\n"
            for n in ("40-minute", "40-minute", "about 40-minute", "two-hour")
        ),
    )

    def summarize(self, doc: Document, ctx: RuleContext) -> Facts:
        return analyse(doc, ctx)

    def assign_stories(self, summaries: Sequence[Facts], ctx: RuleContext) -> list[Any]:
        keys: list[Any] = [None] * len(summaries)
        groups = group_stories([(f.story, f.name_counts) for f in summaries], ctx.config.stories)
        for g in groups:
            key = min(summaries[i].path for i in g)  # stable across runs and engines
            for i in g:
                keys[i] = key
        return keys

    def check_story(self, docs: Sequence[Facts], ctx: RuleContext) -> Iterator[CorpusHit]:
        if sum(1 for d in docs if d.statements) < 2:
            return
        counts: Counter[str] = Counter()
        for d in docs:
            counts.update(d.name_counts)
        subject = subject_of(counts, sum(d.sentences for d in docs))
        items: list[tuple[int, Statement, set[str]]] = []
        for di, d in enumerate(docs):
            for st in d.statements:
                p = effective(st, subject)
                if p:
                    items.append((di, st, p))
        buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
        for k, (_, st, _) in enumerate(items):
            buckets[(st.cls, st.dim)].append(k)
        for ks in buckets.values():
            if len({items[k][0] for k in ks}) < 3:
                continue
            same = {k: [m for m in ks if m != k and same_thing(items[k][1], items[m][1], items[k][2], items[m][2], within=False)] for k in ks}
            for k in ks:
                di, st, _ = items[k]
                others: dict[int, list[int]] = defaultdict(list)
                own_doc = []
                for m in same[k]:
                    if items[m][0] == di:
                        own_doc.append(m)
                    else:
                        others[items[m][0]].append(m)
                agree = {d for d, ms in others.items() if any(not conflict(st, items[m][1]) for m in ms)}
                disagree = [d for d in others if d not in agree]
                if len(disagree) < 2 or len(disagree) <= len(agree):
                    continue
                # the same article also gives the majority's value: NL401 reports that slip
                if any(not conflict(items[o][1], items[m][1]) for o in own_doc for d in disagree for m in others[d]):
                    continue
                rel: list[tuple[Facts, Statement]] = []
                for d in sorted(disagree):
                    ms = others[d]
                    # the statement of that article most others agree with
                    best = max(ms, key=lambda m: sum(1 for m2 in same[m] if not conflict(items[m][1], items[m2][1])))
                    rel.append((docs[d], items[best][1]))
                where = ", ".join(f"{_say(s.text)} in {_short(f.path)}:{s.line}" for f, s in rel)
                related = tuple(Related(f.path, s.line, s.column, f"{_say(s.text)} here", s.end_line, s.end_column) for f, s in rel)
                yield CorpusHit(docs[di].path, st.line, st.column, st.end_line, st.end_column, st.start, st.end,
                                f"Conflicting numbers across articles: {_say(st.text)} here; {where}", related)


def _short(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------------------------
# Weekdays


_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"])}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_WD = "|".join(_DAYS)
# the weekday with its \b moved after the first letter (the same test: the letter before is not a
# word character): each alternative then starts with a letter, which re can skip ahead to
_WD_B = "|".join(rf"{d[0]}(?<!\w{d[0]}){d[1:]}" for d in _DAYS)
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_DATE_A = re.compile(rf"(?P<wd>{_WD_B}),?[ \t]+(?P<mon>{_MON})\.?[ \t]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?[ \t]+(?P<year>\d{{4}})\b)?")
_DATE_B = re.compile(rf"(?P<wd>{_WD_B}),?[ \t]+(?:the[ \t]+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?P<mon>{_MON})\b\.?(?:,?[ \t]+(?P<year>\d{{4}})\b)?")
_REL_B = "|".join(rf"{c}(?<!\w{c}){w}" for c, w in (
    ("Y", "esterday"), ("y", "esterday"), ("T", "oday"), ("t", "oday"), ("T", "omorrow"), ("t", "omorrow")))
_RELATIVE = re.compile(rf"(?P<rel>{_REL_B})(?:,[ \t]*|[ \t]*\([ \t]*)(?P<wd>{_WD})\b")


def _doc_date(doc: Document) -> _dt.date | None:
    v = doc.metadata.get("date")
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    if isinstance(v, str):
        try:
            return _dt.date.fromisoformat(v.strip()[:10])
        except ValueError:
            return None
    return None


class WeekdayMismatch(Rule):
    code = "NL403"
    name = "weekday-date-mismatch"
    category = "numbers"
    severity = "warning"
    summary = "A weekday that does not match its date, or the article's own date."
    explanation = _EXPLAIN_403
    examples_bad = (
        "The hearing opened on Tuesday, March 14, 2024, in Dunmore.\n",
        "---\ndate: 2024-03-13\n---\nThe council voted yesterday, Monday, to close the bridge.\n",
    )
    examples_good = (
        "The hearing opened on Thursday, March 14, 2024, in Dunmore.\n",
        "---\ndate: 2024-03-13\n---\nThe council voted yesterday, Tuesday, to close the bridge.\n",
        "The council voted yesterday, Monday, to close the bridge.\n",
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Hit]:
        prose = doc.prose
        if "day" not in prose:
            return  # every pattern below names a weekday
        dated = _doc_date(doc)
        seen: set[int] = set()
        for pat in (_DATE_A, _DATE_B):
            for m in pat.finditer(prose):
                if m.start() in seen:
                    continue
                seen.add(m.start())
                mon, day = _MONTHS[m.group("mon").lower().rstrip(".")], int(m.group("day"))
                if m.group("year"):
                    year = int(m.group("year"))
                elif dated is not None:
                    year = dated.year
                    if abs(mon - dated.month) > 4:
                        continue
                else:
                    continue
                try:
                    when = _dt.date(year, mon, day)
                except ValueError:
                    continue
                real = _DAYS[when.weekday()]
                if real != m.group("wd"):
                    yield Hit(m.start("wd"), m.end(), f"Weekday does not match the date: {when:%B} {day}, {year} was a {real}, not a {m.group('wd')}")
        if dated is None:
            return
        for m in _RELATIVE.finditer(prose):
            rel = m.group("rel").lower()
            delta = {"yesterday": -1, "today": 0, "tomorrow": 1}[rel]
            want = _DAYS[(dated + _dt.timedelta(days=delta)).weekday()]
            if want != m.group("wd"):
                yield Hit(m.start("wd"), m.end("wd"),
                          f"Weekday does not match the article's date: dated {_DAYS[dated.weekday()]} {dated.isoformat()}, so {rel} is {want}, not {m.group('wd')}")


RULES: list[Rule] = [NumbersConflict(), NumbersConflictAcross(), WeekdayMismatch()]
