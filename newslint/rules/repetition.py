"""Slips of the keyboard that are not misspellings: a word typed twice (NL202), a punctuation
mark typed twice (NL203), two spaces between words (NL204).

All three read ``Document.prose`` (code, URLs and front matter blanked) and offer fixes that
remove exactly the extra copy; a fix is safe only where the copy is beyond doubt an error (see
each rule's Fix safety).
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from itertools import compress, count, islice, pairwise
from operator import eq
from typing import Any

import regex

from newslint.document import Document
from newslint.finding import Edit, Fix, Hit
from newslint.index import WORD_LOWS, WORD_TEXTS, View
from newslint.rules.base import Rule, RuleContext
from newslint.rules.entities import entity_spans
from newslint.spelling import TokenView, load_lexicon, word_lows, word_texts

__all__ = ["DoubledWord", "DoubledPunctuation", "ExtraSpace", "RULES"]

# Doubles that are grammatical ("she had had enough", "he said that that was wrong") or a
# deliberate reduplication ("very, very" without its comma, "no no", "bye bye").
_GRAMMATICAL_DOUBLES = frozenset({"had", "that"})
_REDUPLICATIONS = frozenset({"very", "really", "so", "no", "yes", "ha", "bye", "knock", "tut", "chop", "hush", "cha", "boo"})
# Words that cannot follow a grammatical "that that" (a determiner or subject pronoun
# means the second "that" is the typo).
_NOT_AFTER_THAT_THAT = frozenset("the a an this these those his her their its our my your he she they we i you it there".split())
# Blanks between the two copies: spaces and at most one line break.
_GAP = regex.compile(r"[ \t\u00a0]*(?:\r\n|\r|\n)?[ \t\u00a0]*")



def _build_quote_pieces(doc: Document) -> tuple[list[int], list[int]]:
    from newslint.rules.attribution import quotations  # one reader of quotation marks

    if not _ANY_QUOTE.search(doc.prose):
        return [], []  # no quotation mark: nothing is quoted (and no quotation is read)
    pieces = sorted((a, b) for q in quotations(doc) for a, b in q.pieces)
    return [a for a, _ in pieces], [b for _, b in pieces]


# The pieces of the document's quotations as sorted (starts, ends): whether a match is
# quoted is then a binary search, not a scan of every quotation.
def _quotations_view() -> tuple[View[Any], ...]:
    from newslint.rules.attribution import QUOTATIONS  # one reader of quotation marks

    return (QUOTATIONS,)


QUOTE_PIECES: View[tuple[list[int], list[int]]] = View("quote-pieces", _build_quote_pieces, _quotations_view)


class DoubledWord(Rule):
    reads = (WORD_TEXTS, WORD_LOWS, QUOTE_PIECES)
    code = "NL202"
    name = "doubled-word"
    category = "typo"
    severity = "warning"
    summary = "The same word or phrase twice in a row ('the the', 'of the of the', 'British British')."
    explanation = """
## What it does
Flags a word repeated immediately ("the the", "took place place"), and a two-word phrase
repeated immediately ("of the of the", "graduated from graduated from"),
ignoring case and a line break between the copies. Left alone:

* grammatical doubles ("she had had enough", "he said that that was wrong") and deliberate
  reduplications ("no no", "bye bye"), and phrases built on a connective ("more and more",
  "step by step by step");
* a capitalised double that is a name ("Bora Bora", "Sirhan Sirhan", "Duran Duran"): a
  capitalised double is flagged only when the word is a common English word ("British
  British", "New New");
* a common noun followed by the same word as a title ("the law lord Lord Neuberger",
  "the judge Judge Ruiz") and a name particle written twice ("van Van der Berg");
* numbers.

A doubled word is a typo, never a spelling finding: "add to dictionary" does not apply.

## Why is this bad?
A doubled word is the most common slip of editing (a word typed again after a line break or
a cut and paste) and the eye skips over it when proofreading.

## Example
    The meeting took place place on Monday.

## Use instead
    The meeting took place on Monday.

## Fix safety
The fix deletes the second copy and the space before it. It is safe when both copies are
written the same way, in one sentence (on one line, or going on in lowercase after a line
break) and outside quotation marks; otherwise ("the The", words inside a quotation) it is
unsafe: the writer decides which copy goes. A line that starts with a capital repeating the
last word of the line above (a heading, then its paragraph) is not flagged at all, so no fix
ever joins a heading to its paragraph.
"""
    examples_bad = (
        "The meeting took place place on Monday.",
        "It was the\nthe best offer.",
        "The the council met.",
        "She was the first of the of the group to finish.",
        "He graduated from graduated from a college in Ohio.",
        "The British British delegation arrived late.",
    )
    examples_good = (
        "Practice patience\nPatience is the first thing a new teacher learns, she said.",
        "She had had enough of the delays.",
        "He said that that was wrong.",
        "They flew to Bora Bora and Baden-Baden.",
        "Sirhan Sirhan was convicted in 1969.",
        "The scores were 2 2 after extra time.",
        "The ruling was written by the senior law lord Lord Hartwell.",
        "The striker Dirk van Van der Meulen scored twice.",
        "Prices rose more and more and more each week.",
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        lows = word_lows(doc)
        # positions i where lows[i] == lows[i + n], at C speed, for n = 1 (a word) to 4
        runs: list[tuple[int, int]] = []  # (start of the first copy, n)
        runs += [(i, 1) for i in compress(count(0), map(eq, lows, islice(lows, 1, None)))]
        for n in range(2, _MAX_PHRASE + 1):
            # the n-gram at i repeats when positions i .. i+n-1 all equal the word n on:
            # a run of n ones in a byte string, found by a C-level search
            same = bytes(map(eq, lows, islice(lows, n, None)))
            if same.count(1) >= n:
                runs += [(m.start(), n) for m in _RUNS[n].finditer(same)]
        if not runs:
            return
        prose, text, toks = doc.prose, doc.text, TokenView(doc, word_texts(doc))
        covered = -1  # end (token index) of the last reported repetition
        for i, n in sorted(runs, key=lambda r: (r[0], -r[1])):
            if i < covered or _inside_a_long_run(lows, i, n):
                continue
            hit = self._hit(doc, lows, toks, prose, text, i, n)
            if hit is not None:
                covered = i + 2 * n
                yield hit

    def _hit(self, doc: Document, lows: list[str], toks: TokenView, prose: str, text: str,
             i: int, n: int) -> Hit | None:
        first = lows[i : i + n]
        if any(not w[:1].isalpha() or any(c.isdigit() for c in w) for w in first):
            return None
        if n == 1:
            low = first[0]
            if low in _REDUPLICATIONS:
                return None
            if low in _GRAMMATICAL_DOUBLES:
                nxt = lows[i + 2] if i + 2 < len(lows) else ""
                # "that that was wrong" parses; "say that that the cases" does not
                if not (low == "that" and nxt in _NOT_AFTER_THAT_THAT):
                    return None
        else:
            if len(set(first)) == 1 or _CONNECTIVES.intersection(first):
                return None  # "ha ha ha ha", "more and more and more"
            if all(toks[k].text[:1].isupper() for k in range(i, i + n)) and not _in_sentence(doc, toks[i].start):
                return None  # a title twice in a list or a heading ("Lady Bird Lady Bird")
        tokens = [toks[k] for k in range(i, i + 2 * n)]
        for a, b in pairwise(tokens):
            gap = prose[a.end : b.start]
            if not gap or _GAP.fullmatch(gap) is None or text[a.end : b.start] != gap:
                return None  # punctuation or markup between them: "no, no", "it is. Is it"
        gap = prose[tokens[n - 1].end : tokens[n].start]
        if ("\n" in gap or "\r" in gap) and tokens[n].text[:1].isupper():
            return None  # a heading's last words, then a line that starts with them: not a slip
        a_words = [t.text for t in tokens[:n]]
        b_words = [t.text for t in tokens[n:]]
        same_case = a_words == b_words
        if n == 1 and not self._case_double_ok(doc, lows, toks, i, a_words[0], b_words[0]):
            return None
        start, mid, end = tokens[0].start, tokens[n - 1].end, tokens[-1].end
        # one sentence: on one line, or the second copy goes on in lowercase after a break
        one_sentence = b_words[0][:1].islower() or ("\n" not in prose[start:end] and "\r" not in prose[start:end])
        safe = same_case and one_sentence and not _inside_quotation(doc, start)
        shown_a, shown_b = " ".join(a_words), " ".join(b_words)
        what = "word" if n == 1 else "phrase"
        return Hit(start, end, f"Doubled {what} '{shown_a} {shown_b}'",
                   fix=Fix((Edit(mid, end, ""),), "safe" if safe else "unsafe", f"Remove the second '{shown_b}'"))

    @staticmethod
    def _case_double_ok(doc: Document, lows: list[str], toks: TokenView, i: int, a: str, b: str) -> bool:
        """Is a single-word double written in two capitalisations (or both capitalised) a slip?"""
        cap_a, cap_b = a[:1].isupper(), b[:1].isupper()
        if not (cap_a or cap_b):
            return True
        low = a.lower()
        if not _in_sentence(doc, toks[i].start):
            return False  # a heading or a table row ("Last Change Change %"), not a sentence
        if cap_a and cap_b:
            # "Bora Bora", "Sirhan Sirhan": names; "British British", "New New": a slip
            return load_lexicon("both").frequency(low) >= _COMMON_ZIPF and low not in _PARTICLES
        if cap_b and not cap_a:
            nxt = toks[i + 2].text if i + 2 < len(toks) else ""
            if low in _PARTICLES and (nxt[:1].isupper() or nxt.lower() in _PARTICLES):
                return False  # "van Van der Berg": a name's particle
            if nxt[:1].isupper() and low not in _FUNCTION_WORDS:
                return False  # "the law lord Lord Hartwell": a noun, then the same word as a title
        return True


# Name particles ("van der", "de la", "bin"): written in either case inside names.
_PARTICLES = frozenset("van von de der den du da di la le el al bin ibn ter ten dos das del della st".split())
# Connectives of deliberate phrase repetition ("more and more", "step by step by step").
_CONNECTIVES = frozenset("and or by after upon to nor".split())
_FUNCTION_WORDS = frozenset("the a an of and or in on at to for by with from as that this is was".split())
_COMMON_ZIPF = 4.0
_MAX_PHRASE = 2  # two-word phrases: each length costs one more pass over the words
_RUNS = {n: regex.compile(b"\x01{%d}" % n) for n in range(2, _MAX_PHRASE + 1)}
_TERMINAL_END = regex.compile(r"[.!?…:;][\"'”’)\]]*\s*$")


def _inside_a_long_run(lows: list[str], i: int, n: int) -> bool:
    """Is the copy at ``i`` the third or later of one word or phrase repeated over and over
    ("a a a a ...")? Only the start of such a run is looked at: it is reported once, and a
    line of 10,000 copies costs what one does."""
    return i >= 2 * n and lows[i - 2 * n : i - n] == lows[i - n : i] == lows[i : i + n]


def _in_sentence(doc: Document, pos: int) -> bool:
    """Is ``pos`` on a line that ends like a sentence (not a heading, a menu or a table row)?"""
    ln = doc.lines[doc.position(pos).line].text
    end = len(ln)
    while end and ln[end - 1].isspace():
        end -= 1
    # only the line's end is read: a search from the start of a long line costs its length
    return bool(_TERMINAL_END.search(ln, max(0, end - 64), end))


def _inside_quotation(doc: Document, pos: int) -> bool:
    """Is ``pos`` inside a direct quotation (read across paragraphs, as the attribution rules
    read them)? A fix there changes someone's words."""
    starts, ends = doc.index[QUOTE_PIECES]
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]




_ANY_QUOTE = regex.compile(r"[“”\"«»„]")


_DOUBLED_PUNCT = regex.compile(
    # "end. ." or "etc.." but no part of an ellipsis ("...", "…", ". . .")
    r"(?<![.…][ \t]?)\.[ \t]*\.(?![ \t]?[.…])"
    r"|,[ \t]*,|;[ \t]*;|,[ \t]*\.(?![.\d]| \d)|;[ \t]*[,.](?![.\d]| \d)|:[ \t]*:"
)
# Abbreviations whose period a sentence's period doubles: "etc..", "Inc.."
_ABBREVIATION_BEFORE = regex.compile(r"(?i:\b(?:etc|inc|ltd|corp|co|jr|sr|bros|a\.m|p\.m))$")


class DoubledPunctuation(Rule):
    reads = (QUOTE_PIECES,)
    code = "NL203"
    name = "doubled-punctuation"
    category = "typo"
    severity = "warning"
    summary = "A punctuation mark typed twice ('. .', ',,', ';;', '..'), an ellipsis aside."
    explanation = """
## What it does
Flags a period, comma, semicolon or colon typed twice (". .", "..", ",,", ";;", "::") and a
comma or semicolon left before a period (",." or ";."). An ellipsis ("...", "…" or the
spaced ". . .") and expressive marks ("?!", "!!") are left alone, and so is the semicolon
of an HTML entity ("&amp;.", which NL128 reports).

## Why is this bad?
It is an editing leftover: a sentence was cut or rewritten and its old punctuation stayed.

## Example
    The talks ended without agreement. . Both sides will meet again.

## Use instead
    The talks ended without agreement. Both sides will meet again.

## Fix safety
The fix removes the extra mark and the space before it, keeping the last mark. It is safe
for ". .", ",,", ";;", "::", ",." and ";.", and for ".." after an abbreviation ("etc..").
Any other "..", and any doubled mark inside quotation marks, gets an unsafe fix: two dots
may be a clipped ellipsis ("she just.. stopped"), and a quotation is someone's words.
"""
    examples_bad = (
        "The talks ended without agreement. . Both sides will meet again.",
        "Prices rose,, officials said.",
        "The list included apples, pears etc..",
    )
    examples_good = (
        "He paused... and then spoke.",
        "He paused… and then spoke.",
        "She wrote: \"Wait . . . and see.\"",
        "Really?! Yes!!",
        "The ratio was 3:2, officials said.",
        "Marks &amp;. Spencer",
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        prose, text = doc.prose, doc.text
        entities: list[tuple[int, int]] | None = None
        for s, e in _runs(_DOUBLED_PUNCT.finditer(prose), prose):
            if text[s:e] != prose[s:e]:
                continue
            mark = prose[s:e]
            if mark[0] == ";" and "&" in prose[max(0, s - 33) : s]:
                if entities is None:
                    entities = entity_spans(prose)
                if any(a < s + 1 <= b for a, b in entities):
                    continue  # the end of "&amp;": an entity, not a semicolon
            safe = not _inside_quotation(doc, s)
            if mark == "..":
                safe = safe and bool(_ABBREVIATION_BEFORE.search(prose, max(0, s - 8), s))
            shown = mark if len(mark) <= 12 else mark[:5] + "…" + mark[-5:]
            yield Hit(
                s, e, f"Doubled punctuation '{shown}'",
                fix=Fix((Edit(s, e - 1, ""),), "safe" if safe else "unsafe", f"Keep one '{mark[-1]}'"),
            )


def _runs(matches: Iterable[regex.Match], prose: str) -> Iterator[tuple[int, int]]:
    """Matches of doubled punctuation, a run of one mark (",,,,,,") joined into one span:
    one finding for the run, not one for each pair in it."""
    run: tuple[int, int] | None = None
    for m in matches:
        s, e = m.span()
        if run is not None and s == run[1] and prose[s] == prose[run[1] - 1] == prose[e - 1]:
            run = (run[0], e)
            continue
        if run is not None:
            yield run
        run = (s, e)
    if run is not None:
        yield run


_WIDE_GAP = regex.compile(r"\S[ \u00a0]{2,}(?=\S)")
_SPACES = regex.compile(r"(?<=[\p{L}\p{N},;:)’”\"'])[ \u00a0]{2,}(?=[\p{L}\p{N}(‘“\"'])")


class ExtraSpace(Rule):
    code = "NL204"
    name = "extra-space"
    category = "style"
    severity = "info"
    summary = "Two or more spaces between words inside a line."
    explanation = """
## What it does
Flags two or more spaces between two words on the same line. Indentation, spaces at the end
of a line, the space after a sentence's final period (a typewriter habit some style guides
keep) and lines laid out as a table (several wide gaps) are left alone.

## Why is this bad?
A double space is usually a deleted word's leftover; in HTML it collapses, but in print,
feeds and search snippets it shows.

## Example
    He ended his  two-day visit.

## Use instead
    He ended his two-day visit.

## Fix safety
Safe: the fix replaces the run of spaces by one space.
"""
    examples_bad = ("He ended his  two-day visit.",)
    examples_good = ("He ended his two-day visit.  Then he left.", "Name    Age    Team\nAnn     34     Reds")

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        prose, text = doc.prose, doc.text
        table: dict[int, bool] = {}  # line number -> laid out as a table (each line read once)
        for m in _SPACES.finditer(prose):
            s, e = m.span()
            if text[s - 1 : e + 1] != prose[s - 1 : e + 1]:
                continue  # next to markup or code that the prose view blanked
            k = doc.position(s).line
            if k not in table:
                ln = doc.lines[k].text
                table[k] = "\t" in ln or len(_WIDE_GAP.findall(ln)) > 1
            if table[k]:
                continue  # a table laid out with spaces
            yield Hit(s, e, "Extra space between words",
                      fix=Fix((Edit(s, e, " "),), "safe", "Use one space"))


RULES: list[Rule] = [DoubledWord(), DoubledPunctuation(), ExtraSpace()]
