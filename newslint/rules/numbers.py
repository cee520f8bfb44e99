"""Numbers rules: statements about the same thing that cannot both be true.

* NL401 ``numbers-conflict``: within one article, a later statement gives a value for the same
  thing that an earlier one excludes.
* NL402 ``numbers-conflict-across``: across the articles of one story, statements that give
  values for the same thing that exclude each other: with two articles each points at the
  other; with more, the side fewer articles take is reported, pointing at the majority.
* NL403 ``weekday-date-mismatch``: "Tuesday, March 14, 2024" when that date was a Thursday, or
  "yesterday, Monday" in an article dated on a Wednesday.

What a number measures comes from :mod:`newslint.statements` (its head noun, the words and
names around it, update words, qualifiers, who said it); whether two statements measure the
same thing from :mod:`newslint.comparability` (a model fitted on labelled real news), and
only for the pairs its index proposes, so the work is linear in the article (or story).
Values conflict when their intervals do not overlap (hedges are intervals, units convert).
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from newslint.comparability import (
    Model,
    NameWeights,
    agree,
    disagree,
    far_apart,
    model,
    restated,
    restated_across,
    scored_pairs,
    unit_slip,
)
from newslint.document import Document
from newslint.finding import Hit, Related
from newslint.rules.base import CorpusHit, CorpusRule, Rule, RuleContext
from newslint.rules.precedence import covered_lines
from newslint.statements import NUMBERS_READER, Facts, Statement, analyse, story_features
from newslint.stories import StoryView, group_stories

__all__ = ["RULES", "NumbersConflict", "NumbersConflictAcross", "WeekdayMismatch", "analyse", "Facts", "Statement"]

_ADJ_UNIT = re.compile(
    r"-(second|minute|hour|day|week|fortnight|month|year|decade|century|mile|acre|hectare|kilometre|"
    r"kilometer|metre|meter|foot|yard|ton|tonne|kilogram|pound|ounce|inch)\b"
)


#: related locations of one finding at most
MAX_RELATED = 8
#: values of the other articles tried as the other side of a statement, at most (bounds the work
#: per statement whatever the size of the story)
MAX_PIVOTS = 16


def _say(text: str) -> str:
    """A quantity's text as a value: "35-minute" -> "35 minutes"."""
    t = " ".join(text.split())
    m = _ADJ_UNIT.search(t)
    if m and not t[m.end():].startswith("-old"):
        one = re.search(r"(?:^|\s)(?:one|1|a|an)-?$", t[: m.start()].lower() + "-")
        unit = m.group(1)
        plural = unit if one else ("inches" if unit == "inch" else "feet" if unit == "foot" else
                                   "centuries" if unit == "century" else unit + "s")
        t = t[: m.start()] + " " + plural + t[m.end():]
    return t


def within_conflicts(facts: Facts, m: Model | None = None) -> list[tuple[Statement, list[Statement]]]:
    """(later statement, the earlier ones it contradicts) in one article: pairs the model calls
    the same thing, or that read as one figure restated (:func:`restated`), whose values
    disagree, where the later one agrees with no earlier statement of that thing (then the
    earlier ones disagree among themselves, reported there)."""
    sts = facts.statements
    if len(sts) < 2:
        return []
    m = m or model()
    thr = m.threshold(True)
    names = NameWeights(facts.doc_names, facts.sentences)
    same: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    alike: dict[int, list[int]] = defaultdict(list)  # told alike, whatever the values
    items = [(0, s) for s in sts]
    need = min(thr, m.threshold_series)
    for i, j, aligned in scored_pairs(items, within=True):
        a, b = sts[i], sts[j]
        p = m.same(a, b, True, names, aligned, bar=need)  # below every bar that matters: 0
        if p < thr and restated(a, b, names, aligned):
            p = 1.0  # one figure told twice: the same thing, whatever the model's topics knew
        if p >= m.threshold_series:
            alike[i].append(j)
            alike[j].append(i)
        # two values in one paragraph are set side by side ("closes in 16 seconds; opens in
        # 15"), not one figure told twice: they count as a series, never as a conflict
        if a.para == b.para:
            continue
        # the same number in two units of one measure told alike: a unit slip, the same thing
        if p >= thr or (p >= m.threshold_series and unit_slip(a, b)):
            first, later = (i, j) if a.start < b.start else (j, i)
            same[later].append((first, disagree(a, b)))
    out = []
    for j in sorted(same):
        pairs = same[j]
        bad = [i for i, d in pairs if d]
        if not bad or len(bad) < len(pairs):
            continue
        # a series ("38 people in May, 50 in June, 77 in July") is not one fact told twice:
        # what is told like these statements must come in two values at most
        group = {j, *bad, *alike[j], *(k for i in bad for k in alike[i])}
        if _value_groups([sts[k] for k in group], most=2) > 2:
            continue
        out.append((sts[j], [sts[i] for i in sorted(bad)]))
    return out


def _value_groups(sts: list[Statement], most: int) -> int:
    """How many different values the statements give (greedy groups of agreeing values),
    counted up to ``most + 1``: the answer needed is only whether there are more than
    ``most``, and a long text can tell one thing hundreds of times."""
    groups: list[Statement] = []
    for s in sorted(sts, key=lambda s: s.value):
        if not any(agree(s, g) for g in groups):
            groups.append(s)
            if len(groups) > most:
                break
    return len(groups)


def across_conflicts(docs: Sequence[Facts], m: Model | None = None) -> list[tuple[int, Statement, list[tuple[int, Statement]], int, int]]:
    """(article, statement, [(article, statement it disagrees with)], articles on its side,
    articles on the other side) for the statements of a story that the other articles
    contradict at least as often as they back them."""
    items = [(di, st) for di, d in enumerate(docs) for st in d.statements]
    if len(items) < 2:
        return []
    df: dict[str, int] = defaultdict(int)
    for facts in docs:
        for n in facts.doc_names:
            df[n] += 1
    names = NameWeights(df, len(docs))
    m = m or model()
    thr = m.threshold_single  # the bar for a disagreeing pair to count against a statement
    one = m.threshold_two  # the evidence needed when one article alone says otherwise
    partners: dict[int, list[tuple[int, float]]] = defaultdict(list)
    backers: dict[int, set[int]] = defaultdict(set)  # articles that agree with a statement
    for i, j, aligned in scored_pairs(items, within=False, restated_far=True):
        a, b = items[i][1], items[j][1]
        if far_apart(a, b, False):
            # too far apart for the model: the same thing only when told twice alike
            if restated_across(a, b, names, aligned):
                partners[i].append((j, 1.0))
                partners[j].append((i, 1.0))
            continue
        if a.text == b.text and a.sent == b.sent and a.written == b.written:
            # the very same sentence in two articles (agency copy): the same thing, agreeing
            backers[i].add(items[j][0])
            backers[j].add(items[i][0])
            continue
        p = m.same(a, b, False, names, aligned, bar=thr)
        if disagree(a, b):
            if p < one and ((p >= m.threshold_series and unit_slip(a, b)) or restated_across(a, b, names, aligned)):
                # the same number in two units of one measure told alike (a unit slip), or one
                # fact told twice in near-identical sentences: the same thing
                p = 1.0
            if p >= thr:
                partners[i].append((j, p))
                partners[j].append((i, p))
        elif p >= m.threshold_single or (aligned[0] and a.head and a.head == b.head) or restated_across(a, b, names, aligned):
            # agreeing is cheap to say (the same value): a looser bar counts the majority, and
            # the same value of the same noun in each other's closest sentences backs it
            backers[i].add(items[j][0])
            backers[j].add(items[i][0])
    found: list[tuple[float, tuple]] = []
    for i in sorted(partners):
        di, st = items[i]
        agree_docs = backers.get(i, set())
        # the other articles' disagreeing statements, article by article
        by_doc: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for j, p in partners[i]:
            if items[j][0] not in agree_docs:
                by_doc[items[j][0]].append((p, j))
        if not by_doc:
            continue
        # the other side: the largest set of those articles that give one value (one value told
        # several times is the other version of one fact; scattered values are different
        # things); each article counts with its most alike statement of that value
        best: tuple[int, float, dict[int, tuple[float, int]]] = (0, 0.0, {})
        # pivots: each article's most alike statement (at most MAX_PIVOTS articles, the most alike)
        pivots = [j for _, j in sorted((max(ps) for ps in by_doc.values()), reverse=True)[:MAX_PIVOTS]]
        for pivot in pivots:
            top: dict[int, tuple[float, int]] = {}
            for d, ps in by_doc.items():
                ok = [(p, j) for p, j in ps if agree(items[j][1], items[pivot][1])]
                if ok:
                    top[d] = max(ok)
            score = sum(p for p, _ in top.values())
            if (len(top), score) > best[:2]:
                best = (len(top), score, top)
        top = best[2]
        side = sorted(top)
        if len(side) < 1 + len(agree_docs):
            continue
        # an article of the story that matches it only with another value: a thing that changes
        # from report to report (the days of rioting so far) or several things told alike
        others = [max(ps)[1] for d, ps in by_doc.items() if d not in top]
        if _value_groups([st, items[top[side[0]][1]][1], *(items[j][1] for j in others)], most=2) > 2:
            continue

        # each article of that side is one piece of evidence (noisy-or): three articles that
        # each look like the same thing say more than one that does
        doubt = 1.0
        for d in side:
            doubt *= 1.0 - top[d][0]
        evidence = 1.0 - doubt if m.noisy_or else max(top[d][0] for d in side)
        if evidence < m.threshold(False) or (len(side) < 2 and evidence < one) \
                or (len(side) == 2 and evidence < m.threshold_pair):
            continue
        against = {d: [j for _, j in by_doc[d] if agree(items[j][1], items[top[d][1]][1])] for d in side}
        # every statement it disagrees with, article by article (at most MAX_RELATED)
        rel = [(items[j][0], items[j][1]) for dj in sorted(against) for j in sorted(against[dj], key=lambda j: items[j][1].start)]
        found.append((evidence, (di, st, rel[:MAX_RELATED], 1 + len(agree_docs), len(against))))
    # a slip is rare: a story that seems to contradict itself all over gives many values for
    # things told alike (a toll that rose day by day, the offers of several teams, the yards of
    # each player), and only its clearest contradictions are reported
    found.sort(key=lambda f: -f[0])
    keep = [f[1] for f in found[:m.max_per_story]]
    return sorted(keep, key=lambda f: (f[0], f[1].start))


_EXPLAIN_401 = """
## What it does
Finds two statements in one article that give incompatible values for the same measured
thing: a count ("1,800 nurses", "killed 12 people"), an age ("the 34-year-old", "Ana Kolar,
34,"), money (currencies are kept apart), a percentage, a duration, a distance, an area, a
speed, a weight, a temperature, a quake's magnitude, a date, a year or a time of day.

A conflict inside one article is nearly always a restatement with its number changed: the
headline and the lead, or the lead and a later paragraph, tell the same clause twice. What a
number measures is read from its sentence (the noun it counts or modifies, the words and
names around it, the parties of its clause, its qualifiers and time words), and how alike two
statements must be is learned from real news labelled by hand, not from a list of topics.
Besides, a pair that plainly reads as one figure told twice is the same thing whatever the
learned weights say: the same noun counted or measured (for an age, the same person), each the
other's closest match in the article with no closer statement agreeing, told with shared
words, values at most about twice apart, and nothing below that tells figures apart (nor a
different subject, source, time or qualifier, an update, a hedge, or a count of one).
Hedges make intervals ("about 30 minutes" allows 25.5 to 34.5, "more than 26,000" and "more
than 31,000" agree); units convert (500 acres is not 500 hectares, 60 mph is 97 km/h), and a
round figure stands for a precise one within its rounding ("600" and "612"). The later
statement is reported, pointing at the earlier one.

Figures are told apart, and never reported, when their clauses name different parties ("the
Red Sox offered ..." and "the Nationals offered ..."), cover different spans of time ("since
October", "this season"), when one is a part of a whole ("three of the seven shots"), when
they pick different instances ("his first 17 passes", "another study of 48 people"), when
another quantity of the clause names different models ("the 11-inch model", "the 13-inch
model"), and when two ages belong to people not named or called alike. A value bound to a
party by a "respectively" list is compared with what the article says of that party. A thing
the article gives three or more values for (a series) is never reported, nor are two values in
one paragraph: a paragraph sets figures side by side ("up in 12 minutes, down in 9"), a
restatement comes in another paragraph or the headline. A text with a figure
every few words (at least 200 figures, more than one in four words) is a table of data, not
prose: it is left alone, and the check says so in a notice. Figures on lines the boilerplate
rules flag (a share count, "Read more: 5 things to know ...", a post's time) are the page's,
not the article's: with those rules on, they are left out (here and in NL402).

## Why is this bad?
A reader cannot tell which figure is right, and either one may be quoted on. A conflict
usually means one statement was edited and the other was not, or was copied from another
version of the story.

## Example
    Firefighter Tomas Brandt, 34, was treated for smoke inhalation.

    Neighbours said the 38-year-old Brandt had carried two children out of the house.

Use instead: check the figure and use one value throughout:

    Neighbours said the 34-year-old Brandt had carried two children out of the house.

## Fix safety
No fix: only a reporter can say which value is right.
"""

_EXPLAIN_402 = """
## What it does
When several articles are checked together (`newslint check a.txt b.txt ...`, a folder, or
the editor's workspace), groups the articles that tell the same story and compares the
values they give for the same thing (what counts as the same thing, hedges, units and what
tells figures apart: see NL401). Stories are formed from a front-matter `story:` key when
articles have one, otherwise from the rare names and words they share; articles of different
stories are never compared. The `stories` option sets how: "auto" (default), "front-matter"
(only the key) or "off".

Reports of one fixed fact that disagree are near misses (a slip, a rounding, another
source's count): values more than about one and a half times apart are taken for different
things. Each other article that gives one value for the thing is one piece of evidence; the
side most articles take is the majority, and a statement is reported only when that side
outnumbers the articles that back it. One article alone, or two, must look far more alike
than three that agree. One fact told twice in near-identical sentences is the same thing
whatever else the weights say: each sentence the other's closest match, told much alike,
naming the same people and places (but the source one of them quotes), with no cue that tells
figures apart and not a year or a date; such a pair may be up to twice apart, or the same
digits swapped ("14" and "41"). The same value of the same noun in each other's closest
sentences backs a statement. When the other articles match a statement with more than one other
value (the days of rioting so far, each team's offer), it is a thing that changes or several
things told alike, and nothing is reported.

Two articles that disagree are both reported, each pointing at the other. With three or
more, the side fewer articles take is reported, with the statements of the majority as
related locations ("35 minutes here; 3 of 4 articles say otherwise: about 30 minutes in
a.txt:24, ..."); a tie reports both sides. A story that seems to contradict itself all over
has only its clearest contradictions reported.

## Why is this bad?
Outlets copy figures from each other and from agency copy; one article with a different
number is usually the one with the slip, and readers comparing coverage notice.

## Example
Two articles of one story:

    a.txt: Firefighter Tomas Brandt, 34, was treated for smoke inhalation in Veldt.
    b.txt: The 38-year-old firefighter, Tomas Brandt, was treated in Veldt on Sunday.

Use instead: check the figure against the sources, and make the articles agree:

    b.txt: The 34-year-old firefighter, Tomas Brandt, was treated in Veldt on Sunday.

## Fix safety
No fix: the majority is usually, not always, right.
"""

# Invented examples (never article text): they must fire / stay quiet (tests/test_numbers.py).
_BAD_401 = (
    "Firefighter Tomas Brandt, 34, was treated for smoke inhalation at Veldt General.\n\n"
    "Neighbours said the 38-year-old Brandt had carried two children out of the burning house.\n",
    "The Creek Fire has burned 5,000 acres near Dunmore, fire chief Ray Tolland said.\n\n"
    "By Tuesday the Creek Fire had burned 5,000 hectares near Dunmore, Tolland said.\n",
)
_GOOD_401 = (
    "The summit opened with a 15-minute speech by Mayor Lena Ostrova.\n\n"
    "After a 15-minute break, delegates voted on the budget.\n",
    "The storm's winds reached 60 mph (97 km/h) near Port Ellis.\n\n"
    "Forecasters said gusts of 97 km/h lashed Port Ellis overnight.\n",
    "Ana Kolar, 34, and her brother Piet Kolar, 41, run the bakery on Mill Street.\n",
)
_GOOD_402 = ("The 40-minute meeting with Mayor Lena Ostrova ended at noon.\n",)
_CORPUS_BAD_402: tuple[tuple[str, ...], ...] = (
    (
        "Firefighter Tomas Brandt, 34, was treated for smoke inhalation in Veldt on Sunday.\n\n"
        "The fire at the Osk mill destroyed two warehouses, chief Ray Tolland said.\n",
        "The 38-year-old firefighter, Tomas Brandt, was treated in Veldt on Sunday.\n\n"
        "Chief Ray Tolland said the Osk mill fire destroyed two warehouses.\n",
    ),
)

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


def _without_furniture(facts: Facts, ctx: RuleContext) -> Facts:
    """The article's statements but those on lines the boilerplate rules flag whole (a share
    count, "Read more: 5 things to know ...", a post's time): page furniture, not the story's
    figures, and it differs from page to page of one site. With the boilerplate rules off,
    every statement."""
    lines = covered_lines(f for f in ctx.findings_of("boilerplate") if f.column == 1 and f.code != "NL128")
    if not lines or not any(st.line in lines for st in facts.statements):
        return facts
    return dataclasses.replace(facts, statements=[st for st in facts.statements if st.line not in lines])


class NumbersConflict(Rule):
    code = "NL401"
    reads = (NUMBERS_READER,)
    after = ("boilerplate",)  # its figures are not the article's (see _without_furniture)
    name = "numbers-conflict"
    category = "numbers"
    severity = "warning"
    summary = "Two statements in one article give incompatible values for the same thing."
    explanation = _EXPLAIN_401
    examples_bad = _BAD_401
    examples_good = _GOOD_401

    # A text that gives a figure every few words is a table of data, not prose: each figure
    # is its own cell, and comparing each with its neighbours would cost some thirty times
    # what prose costs. The densest article of the labelled news gives one figure (of a kind
    # stated twice) in eight words.
    DATA_MIN_FIGURES = 200
    DATA_FIGURES_PER_WORD = 0.25

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Hit]:
        facts = _without_furniture(analyse(doc), ctx)
        n = len(facts.statements)
        if n >= self.DATA_MIN_FIGURES and n > self.DATA_FIGURES_PER_WORD * len(doc.prose.split()):
            ctx.notice(f"rule {self.code} ({self.name}) skipped on this file: a figure every few words reads as a table of data, not prose",
                       path=doc.path)
            return
        for b, bad in within_conflicts(facts):
            where = ", ".join(f"{_say(a.text)} in line {a.line}" for a in bad)
            related = tuple(Related(facts.path, a.line, a.column, f"{_say(a.text)} here", a.end_line, a.end_column) for a in bad)
            yield Hit(b.start, b.end, f"Conflicting numbers: {_say(b.text)} here, but {where}", related=related)


class NumbersConflictAcross(CorpusRule):
    code = "NL402"
    reads = (NUMBERS_READER,)
    after = ("boilerplate",)
    name = "numbers-conflict-across"
    category = "numbers"
    severity = "warning"
    summary = "Articles of one story give values for the same thing that exclude each other."
    explanation = _EXPLAIN_402
    # A corpus rule compares several articles; its must-fire examples are article sets, run by
    # tests/test_numbers.py. One article alone never fires.
    examples_bad = ()
    examples_good = _GOOD_402
    corpus_examples_bad: tuple[tuple[str, ...], ...] = _CORPUS_BAD_402

    def summarize(self, doc: Document, ctx: RuleContext) -> Facts:
        facts = analyse(doc, complete=True)
        if not facts.words:
            story_features(doc, facts)
        return _without_furniture(facts, ctx)

    def story_view(self, summary: Facts) -> StoryView:
        """The article's names and words for grouping, without its statements."""
        return StoryView(summary.path, summary.story, summary.name_counts, summary.words)

    def assign_stories(self, summaries: Sequence[StoryView | Facts], ctx: RuleContext) -> list[Any]:
        keys: list[Any] = [None] * len(summaries)
        groups = group_stories([(f.story, f.name_counts, f.words) for f in summaries], ctx.config.stories)
        for g in groups:
            key = min(summaries[i].path for i in g)  # stable across runs and engines
            for i in g:
                keys[i] = key
        return keys

    def check_story(self, docs: Sequence[Facts], ctx: RuleContext) -> Iterator[CorpusHit]:
        if sum(1 for d in docs if d.statements) < 2:
            return
        for di, st, rel, mine, theirs in across_conflicts(docs):
            where = ", ".join(f"{_say(s.text)} in {_short(docs[d].path)}:{s.line}" for d, s in rel)
            if theirs > mine:
                side = f"{theirs} of {mine + theirs} articles say otherwise"
            elif mine == 1:
                side = "the other article says otherwise"
            else:
                side = f"no majority: {mine} articles say this, {theirs} otherwise"
            related = tuple(Related(docs[d].path, s.line, s.column, f"{_say(s.text)} here", s.end_line, s.end_column) for d, s in rel)
            yield CorpusHit(docs[di].path, st.line, st.column, st.end_line, st.end_column, st.start, st.end,
                            f"Conflicting numbers across articles: {_say(st.text)} here; {side}: {where}", related)


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
