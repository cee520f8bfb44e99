"""Slips of the keyboard that are not misspellings: a word typed twice (NL202), a punctuation
mark typed twice (NL203), two spaces between words (NL204).

All three read ``Document.prose`` (code, URLs and front matter blanked) and offer safe fixes:
each removes exactly the extra copy.
"""
from __future__ import annotations

from collections.abc import Iterable
from itertools import compress, count, islice
from operator import eq

import regex

from newslint.document import Document
from newslint.finding import Edit, Fix, Hit
from newslint.rules.base import Rule, RuleContext
from newslint.spelling import TokenView, word_lows, word_texts

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



class DoubledWord(Rule):
    code = "NL202"
    name = "doubled-word"
    category = "typo"
    severity = "warning"
    summary = "The same word twice in a row ('the the', 'took place place')."
    explanation = """
## What it does
Flags a word repeated immediately ("the the", "took place place"), ignoring case and a line
break between the two copies. Grammatical doubles ("she had had enough", "he said that that
was wrong"), deliberate reduplications ("no no", "bye bye") and capitalised doubles, which
are names ("Bora Bora", "Sirhan Sirhan", "Duran Duran"), are left alone; so are numbers.

## Why is this bad?
A doubled word is the most common slip of editing (a word typed again after a line break or
a cut and paste) and the eye skips over it when proofreading.

## Example
    The meeting took place place on Monday.

## Use instead
    The meeting took place on Monday.

## Fix safety
Safe: the fix deletes the second copy and the space before it. A line that starts with a
capital repeating the last word of the line above (a heading, then its paragraph) is not
flagged, so the fix never joins a heading to its paragraph.
"""
    examples_bad = ("The meeting took place place on Monday.", "It was the\nthe best offer.", "The the council met.")
    examples_good = (
        "Practice patience\nPatience is the first thing a new teacher learns, she said.",
        "She had had enough of the delays.",
        "He said that that was wrong.",
        "They flew to Bora Bora and Baden-Baden.",
        "Sirhan Sirhan was convicted in 1969.",
        "The scores were 2 2 after extra time.",
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        lows = word_lows(doc)
        # the pairs of equal neighbours, found at C speed; offsets (doc.tokens) only for them
        pairs = list(compress(count(1), map(eq, lows, islice(lows, 1, None))))
        if not pairs:
            return
        prose, text, toks = doc.prose, doc.text, TokenView(doc, word_texts(doc))
        last = -1
        for i in pairs:
            low = lows[i]
            if low in _REDUPLICATIONS or not low[:1].isalpha() or any(c.isdigit() for c in low):
                continue
            a, b = toks[i - 1], toks[i]
            if a.text[:1].isupper() and b.text[:1].isupper():
                continue  # "Bora Bora", "Sirhan Sirhan"; also "The The" (a band)
            if low in _GRAMMATICAL_DOUBLES:
                nxt = lows[i + 1] if i + 1 < len(lows) else ""
                # "that that was wrong" parses; "say that that the cases" does not
                if not (low == "that" and nxt in _NOT_AFTER_THAT_THAT):
                    continue
            gap = prose[a.end : b.start]
            if not gap or _GAP.fullmatch(gap) is None or text[a.end : b.start] != gap:
                continue  # punctuation or markup between them: "no, no", "it is. Is it"
            broken = "\n" in gap or "\r" in gap
            if broken and b.text[:1].isupper():
                continue  # a heading's last word, then a line that starts with it: not a slip
            if i - 1 == last:
                continue  # "ha ha ha": reported once
            last = i
            yield Hit(
                a.start, b.end, f"Doubled word '{a.text} {b.text}'",
                fix=Fix((Edit(a.end, b.end, ""),), "safe", f"Remove the second '{b.text}'"),
            )


_DOUBLED_PUNCT = regex.compile(
    r"(?<![.…])\.[ \t]*\.(?![.…])"  # "end. ." or "etc.." but not an ellipsis
    r"|,[ \t]*,|;[ \t]*;|,[ \t]*\.(?![.\d])|;[ \t]*[,.](?![.\d])|:[ \t]*:"
)


class DoubledPunctuation(Rule):
    code = "NL203"
    name = "doubled-punctuation"
    category = "typo"
    severity = "warning"
    summary = "A punctuation mark typed twice ('. .', ',,', ';;', '..'), an ellipsis aside."
    explanation = """
## What it does
Flags a period, comma, semicolon or colon typed twice (". .", "..", ",,", ";;", "::") and a
comma or semicolon left before a period (",." or ";."). An ellipsis ("..." or "…") and
expressive marks ("?!", "!!") are left alone.

## Why is this bad?
It is an editing leftover: a sentence was cut or rewritten and its old punctuation stayed.

## Example
    The talks ended without agreement. . Both sides will meet again.

## Use instead
    The talks ended without agreement. Both sides will meet again.

## Fix safety
Safe: the fix removes the extra mark and the space before it, keeping the last mark.
"""
    examples_bad = (
        "The talks ended without agreement. . Both sides will meet again.",
        "Prices rose,, officials said.",
        "The list included apples, pears etc..",
    )
    examples_good = (
        "He paused... and then spoke.",
        "He paused… and then spoke.",
        "Really?! Yes!!",
        "The ratio was 3:2, officials said.",
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        prose, text = doc.prose, doc.text
        for m in _DOUBLED_PUNCT.finditer(prose):
            s, e = m.span()
            if text[s:e] != prose[s:e]:
                continue
            mark = m.group()
            yield Hit(
                s, e, f"Doubled punctuation '{mark}'",
                fix=Fix((Edit(s, e - 1, ""),), "safe", f"Keep one '{mark[-1]}'"),
            )


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
        for m in _SPACES.finditer(prose):
            s, e = m.span()
            if text[s - 1 : e + 1] != prose[s - 1 : e + 1]:
                continue  # next to markup or code that the prose view blanked
            ln = doc.lines[doc.position(s).line]
            if len(regex.findall(r"\S[ \u00a0]{2,}(?=\S)", ln.text)) > 1 or "\t" in ln.text:
                continue  # a table laid out with spaces
            yield Hit(s, e, "Extra space between words",
                      fix=Fix((Edit(s, e, " "),), "safe", "Use one space"))


RULES: list[Rule] = [DoubledWord(), DoubledPunctuation(), ExtraSpace()]
