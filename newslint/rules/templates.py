"""Site templates learned from the corpus: lines that recur across many articles of one site.

A page template prints the same lines around every story of a site ("Share this:", a
newsletter box, a standard footer, "Posted in News | Leave a comment"). No phrase list knows
every site's wording, but a batch of articles from one site shows it: a line that many of its
articles carry, and that is not article prose, is template.

Two steps, so the cache, the language server and Dask all work (see
:class:`~newslint.rules.base.CorpusRule`): ``summarize`` keeps, per article, a fingerprint of
each candidate line (normalised: case, digits, dates, weekdays and months, spacing,
punctuation at the ends) with its location and removal edit; ``check_story`` counts the
articles carrying each fingerprint within a site (linear in the lines) and reports the lines
carried by enough of them.
"""
from __future__ import annotations

import hashlib
import itertools
import math
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from newslint.document import Document
from newslint.finding import Edit, Fix, Related
from newslint.rules.base import CorpusHit, CorpusRule, RuleContext
from newslint.rules.lines import BODY_BOUNDS, LINE_TABLE, body_bounds, line_table, looks_like_sentence, remove_lines_fix
from newslint.rules.precedence import covered_lines

_DIGITS = re.compile(r"\d+")
_NAMES = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
    r"|january|february|march|april|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\b\.?"
)
_SPACE = re.compile(r"\s+")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_LETTER = re.compile(r"[^\W\d_]")
_WORDY = re.compile(r"(?<![<\w])[^\W\d_]{4,}")  # a word of four letters (not a date token)
_QUOTES = frozenset("\"“”‘’'«»„")


def template_key(line: str) -> str:
    """The line as templates repeat it: lowercased, every number 0, weekday and month names
    one token, whitespace collapsed, punctuation at both ends dropped."""
    low = line.lower()
    low = _DIGITS.sub("0", low)
    low = _NAMES.sub("<d>", low)
    return _EDGE.sub("", _SPACE.sub(" ", low))


def _fingerprint(key: str) -> int:
    # stable across processes and machines (str hash is salted per process)
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass(frozen=True, slots=True)
class TemplateLine:
    """One candidate line of an article: fingerprint, location (1-based), removal edit."""

    key: int
    line: int
    column: int
    end_column: int
    start: int
    end: int
    edit: tuple[int, int, str]
    flagged: bool  # another boilerplate rule reports it already: counted, not reported
    edit_at: tuple[int, int, int, int] = (0, 0, 0, 0)  # the edit's 1-based line, column, end line, end column


@dataclass(frozen=True, slots=True)
class TemplateSummary:
    path: str
    site: str
    lines: tuple[TemplateLine, ...]
    prose: tuple[int, ...] = ()  # fingerprints of the first paragraphs of body prose


def site_of(doc: Document, path: str) -> str:
    """The batch an article is compared within: its front matter's ``site`` when it has
    one, else its folder."""
    site = doc.metadata.get("site") if doc.metadata else None
    if isinstance(site, str) and site.strip():
        return "site:" + site.strip().lower()
    return "dir:" + os.path.dirname(os.path.abspath(path)) if path and path != "<text>" else "dir:"


def min_articles(n: int) -> int:
    """How many articles of a batch of ``n`` must carry a line for it to be template: 3 of
    a handful, growing with the logarithm of the batch (17 of 100,000), so a short line
    that happens to recur in a large archive (a common quote, a subheading) is not taken
    for a template, while a template carried by a fraction of a large site still is."""
    return max(3, math.ceil(math.log2(max(n, 2))))


class SiteTemplate(CorpusRule):
    after = ("boilerplate",)  # counts but does not repeat lines other boilerplate rules flag
    reads = (LINE_TABLE, BODY_BOUNDS)
    code = "NL130"
    name = "site-template"
    category = "boilerplate"
    severity = "warning"
    summary = "A line that recurs across many articles of the same site or folder: the site's template, not the story."
    explanation = """
## What it does
When several articles are checked together (a folder with the command, the workspace in
the editor, a corpus on Dask), compares their lines. A line that is not article prose (not
a long sentence of the body, nor a sentence or quotation among the article's paragraphs,
which articles of one story share) and that recurs, almost word for word, in many articles of the
same site is the site's template: "Share this:", a newsletter box, "Posted in News | Leave
a comment", a standard footer. A date or a time alone on its line is each article's own.
Numbers, dates, weekdays, months, case, spacing and the
punctuation at both ends are ignored when comparing, so "Updated 3 May" and "Updated 12
June" are the same line.

The site of an article is the `site` field of its front matter, else its folder. A line
must recur in at least 3 articles, of at least 3 different stories (articles that share a
paragraph, such as copies of one wire story, count as one), of a small batch; the bar rises with the logarithm of
the batch (7 of 100 articles, 17 of 100,000). Each finding points at other articles that
carry the line (related locations). Lines another boilerplate rule already reports count
towards the recurrence but are not reported twice.

## Why is this bad?
A template's lines are the same in every article of a site; scraped with the story they
repeat in every document of the corpus and are not part of any of them. Whatever their
wording, repetition across unrelated stories gives them away, where a phrase list only
knows the sites it was written against.

## Example
Three articles of one folder, each ending with:

    Tagged: Politics, City Hall
    Sign in to save this article

## Fix safety
Unsafe: removes the line. A recurring line is very likely template, but a writer may
also repeat a line on purpose (a standing disclaimer); review before removing.
"""
    # A corpus rule compares articles; its examples are article sets, run by the tests.
    examples_bad = ()
    examples_good = ("The council met on Monday.\n\nShare this:\n",)
    corpus_examples_bad: tuple[tuple[str, ...], ...] = (
        tuple(
            f"{headline}\n\n{body}\n\nTagged: City Hall, Transport\nSign in to save this article\n"
            for headline, body in (
                ("Tram line opens in May", "The tram line will open in May after three years of works, the council said."),
                ("Library hours extended", "The central library will open until ten in the evening during the exam weeks."),
                ("Bridge repairs start", "Repairs to the old bridge start on Monday and will close one lane until June."),
            )
        ),
    )
    corpus_examples_good: tuple[tuple[str, ...], ...] = (
        (
            "Tram line opens in May\n\nThe tram line will open in May after three years of works, the council said.\n",
            "Library hours extended\n\nThe central library will open until ten in the evening during the exam weeks.\n",
            "Bridge repairs start\n\nRepairs to the old bridge start on Monday and will close one lane until June.\n",
        ),
    )

    MAX_WORDS = 40  # longer lines are paragraphs, never a template line
    MAX_PROSE = 24  # paragraphs of prose kept per article to tell copies of one story apart
    MAX_RELATED = 3

    def summarize(self, doc: Document, ctx: RuleContext) -> TemplateSummary:
        path = doc.path or "<text>"
        flagged = _flagged_lines(ctx, path)
        out: list[TemplateLine] = []
        lines = doc.lines
        first_body, last_body = body_bounds(doc)
        for li in line_table(doc):
            # article prose (a long line ending like a sentence) is never template; a line
            # without a letter is a separator ("* * *") or a number (front matter and
            # markup have no prose: ``li.text`` is blank there)
            if li.body or li.words > self.MAX_WORDS or not _LETTER.search(li.text):
                continue
            # a sentence or a quotation among the article's paragraphs is prose that
            # articles of one story share ("She was 85.", a quote every report carries);
            # a template's sentences stand above or below the story
            if (li.text[:1] in _QUOTES or looks_like_sentence(li.text)) and first_body < li.index < last_body:
                continue
            key = template_key(li.raw)
            if not _WORDY.search(key):
                continue  # a date or a time alone: each article's own, whatever its shape
            ln = lines[li.index]
            indent = len(ln.text) - len(ln.text.lstrip())
            stop = len(ln.text.rstrip())
            e = remove_lines_fix(doc, li.index, li.index, "unsafe").edits[0]
            p1, p2 = doc.position(e.start), doc.position(e.end)
            out.append(TemplateLine(_fingerprint(key), li.index + 1, indent + 1, stop + 1, ln.start + indent, ln.start + stop,
                                    (e.start, e.end, e.text), li.index + 1 in flagged,
                                    (p1.line + 1, p1.column + 1, p2.line + 1, p2.column + 1)))
        prose = tuple(itertools.islice((_fingerprint(template_key(li.text)) for li in line_table(doc) if li.body), self.MAX_PROSE))
        return TemplateSummary(path, site_of(doc, path), tuple(out), prose)

    def assign_stories(self, summaries: Sequence[TemplateSummary], ctx: RuleContext) -> list[Any]:
        return [s.site for s in summaries]

    def check_story(self, summaries: Sequence[TemplateSummary], ctx: RuleContext) -> Iterable[CorpusHit]:
        return list(self._check(summaries))

    def _check(self, summaries: Sequence[TemplateSummary]) -> Iterator[CorpusHit]:
        docs = sorted(summaries, key=lambda s: s.path)
        need = min_articles(len(docs))
        if len(docs) < need:
            return
        story = _stories(docs)
        # fingerprint -> the first line carrying it in each article (articles in path order)
        carriers: dict[int, list[tuple[int, TemplateLine]]] = {}
        for di, s in enumerate(docs):
            seen: set[int] = set()
            for t in s.lines:
                if t.key not in seen:
                    seen.add(t.key)
                    carriers.setdefault(t.key, []).append((di, t))
        stories: dict[int, int] = {}  # fingerprint -> the stories carrying it (counted once, not per copy)
        for di, s in enumerate(docs):
            for t in s.lines:
                who = carriers[t.key]
                if len(who) < need or t.flagged:
                    continue
                # many articles, and many stories: copies of one wire story share their
                # closing lines, a site's template is carried by unrelated stories
                if t.key not in stories:
                    stories[t.key] = len({story[o] for o, _ in who})
                if stories[t.key] < need:
                    continue
                others = [(docs[o], u) for o, u in itertools.islice(((o, u) for o, u in who if o != di), self.MAX_RELATED)]
                related = tuple(Related(o.path, u.line, u.column, "the same line here", u.line, u.end_column) for o, u in others)
                a, b, rep = t.edit
                yield CorpusHit(
                    s.path, t.line, t.column, t.line, t.end_column, t.start, t.end,
                    f"Site template: this line recurs in {len(who)} of {len(docs)} articles of the batch",
                    related, Fix((Edit(a, b, rep),), "unsafe", f"Remove {self.name} line"),
                    edit_positions=(t.edit_at,),
                )


def _stories(docs: Sequence[TemplateSummary]) -> list[int]:
    """The story of each article: articles sharing a paragraph of prose (copies of one wire
    story, a story and its update) are one story. Union-find over the fingerprints: linear."""
    parent = list(range(len(docs)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first: dict[int, int] = {}
    for di, s in enumerate(docs):
        for fp in s.prose:
            other = first.setdefault(fp, di)
            if other != di:
                parent[find(di)] = find(other)
    return [find(di) for di in range(len(docs))]


def _flagged_lines(ctx: RuleContext, path: str) -> frozenset[int]:
    """1-based lines that the per-article boilerplate findings of this check cover (the
    engine leaves them in ``ctx.findings`` before it summarises)."""
    return frozenset(covered_lines(f for f in ctx.findings_of("boilerplate") if f.path == path))


RULES: list[CorpusRule] = [SiteTemplate()]
