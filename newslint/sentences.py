"""A sentence splitter for news prose.

Splits after ``.``, ``!``, ``?`` or an ellipsis followed by space and a capital or an
opening quote, except after abbreviations ("Mr.", "Corp.", "U.S.", "Jan.") and initials
("J. Smith"). Closing quotes and brackets after the terminator stay with the sentence.
Why hand-written: it runs on every keystroke in the language server, must keep exact
offsets, and the cases that matter in news copy are few and well known.
"""
from __future__ import annotations

import re

# Titles and abbreviations that are usually followed by a name or a number, not a new sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep rev hon pres
    supt insp det corp inc ltd co bros no nos vol vols fig figs approx est dept univ assn
    jan feb mar apr jun jul aug sep sept oct nov dec vs v etc al e.g i.e u.s u.k u.n u.s.a
    a.m p.m ph.d d.c""".split()
)
# Abbreviations that can also end a sentence when followed by a capital ("... in the U.S. The ...").
_CAN_END = frozenset({"u.s", "u.k", "u.n", "u.s.a", "etc", "inc", "ltd", "co", "corp", "d.c", "a.m", "p.m", "al"})

# stdlib `re`: this runs on every sentence of every keystroke. The lookahead finds the
# first letter or digit after the space; split_sentences checks that it is a capital.
_BOUNDARY = re.compile(
    r"""[.!?…](?<![.!?…][.!?…])[.!?…]*+   # a whole run of terminators (an ellipsis counts), tried
                                   # once from its start: a run of 10,000 "?" is read once, not
                                   # 10,000 times. The lookbehind comes after the first terminator
                                   # (the same condition) so that re skips ahead to terminators.
        [\"'”’»)\]]*                 # closing quotes or brackets stay with the sentence
        (?=\s+[\"'“‘«(\[]*([^\W_]))    # followed by space and a letter/number start
    """,
    re.X,
)
_WORD_RUN = re.compile(r"(?:[^\W\d_]|\.)+")  # letters and dots: a word, an abbreviation, initials


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences in ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    if not ("." in text or "!" in text or "?" in text or "…" in text):
        _add(text, spans, 0, len(text))
        return spans
    for m in _BOUNDARY.finditer(text):
        nxt = m.group(1)
        if not (nxt.isupper() or nxt.isdigit()):
            continue
        if _is_abbreviation(text, m.start(), m.group(), nxt):
            continue
        _add(text, spans, start, m.end())
        start = m.end()
    _add(text, spans, start, len(text))
    return spans


def _is_abbreviation(text: str, pos: int, terminator: str, next_char: str) -> bool:
    if not terminator.startswith(".") or terminator.startswith("..."):
        return False
    before = _word_before(text, max(0, pos - 24), pos)
    if before is None:
        return False
    word = before.lower().strip(".")
    if len(word) == 1 and word.isalpha() and before[0].isupper():
        return True  # an initial: "J. Smith"
    if word in ABBREVIATIONS:
        # "in the U.S. The talks ..." ends a sentence; "U.S. officials" does not reach here
        # (lowercase follows). A following capital after a title like "Mr." never ends one.
        return not (word in _CAN_END and next_char.isupper() and len(terminator) == 1 and _looks_final(text, pos))
    return False


def _word_before(text: str, lo: int, pos: int) -> str | None:
    """The run of letters and dots that ends text[lo:pos] (or ends it but for one line break), or
    None. Matched on the reversed window, from its start: a search for a run anchored at the end
    would try every start in the window."""
    end = pos - 1 if pos > lo and text[pos - 1] == "\n" else pos
    m = _WORD_RUN.match(text[lo:end][::-1])
    return text[end - m.end():end] if m else None


def _looks_final(text: str, pos: int) -> bool:
    """Heuristic: a sentence-final abbreviation usually follows a preposition or article."""
    before = text[max(0, pos - 30) : pos].lower().split()
    return len(before) >= 2 and before[-2] in {"the", "in", "to", "of", "from", "at", "with", "and", "for", "by"}


def _add(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    seg = text[start:end]
    stripped = seg.strip()
    if stripped:
        lead = len(seg) - len(seg.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))
