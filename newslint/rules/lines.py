"""Line-level reading shared by the boilerplate rules: where the article body is, and how
to remove a line without leaving a hole.

Scraped pages put their leftovers around the story: above the first paragraph of body
prose, or below the last one. "Body prose" here is a line with enough words that ends like
a sentence; everything else (short lines, no sentence punctuation) is a candidate.

What is computed per document is a shared view of the document's index (``LINE_TABLE``,
``SHORT_LINES``, ``LINE_LOWS``, ``LINE_INFO``, ``BODY_BOUNDS``), so the many boilerplate
rules split and measure each line once.
"""
from __future__ import annotations

import bisect
from collections.abc import Collection
from functools import lru_cache
from typing import NamedTuple

import regex

from newslint.document import Document
from newslint.finding import Edit, Fix
from newslint.index import View

BODY_MIN_WORDS = 18
# searched from the end ((?r)): the answer is the same, found without scanning the line
_SENTENCE_END = regex.compile(r"""(?r)[.!?…]["'”’)\]]*\s*$""")
_PARENTHESISED = regex.compile(r"^\s*\(.*\)\W*$")


class LineInfo(NamedTuple):
    """One line that is not blank in the source: its stripped prose and source text."""

    index: int  # type: ignore[assignment]  # a field named index hides tuple.index, deliberately
    text: str  # the line's prose (URLs, markup blanked), stripped
    raw: str  # the line's source text, stripped
    words: int  # whitespace-separated words of ``text``
    body: bool  # is_body_line(text)


# Characters the ``regex`` module matches case-insensitively (simple case folding, as for
# pack patterns) with a character of another lowercase form: "ſ" matches "s", "İ" matches
# "i". Folded here so a trigger found by ``fold_case`` is found wherever its pattern matches.
# tests/test_packs.py checks this table against the installed ``regex``.
_FOLD_SPECIAL = str.maketrans({  # "µ": "μ", "İ": "i", "ı": "i", "ſ": "s", "ς": "σ", ...
    "\u00b5": "\u03bc", "\u0130": "\u0069", "\u0131": "\u0069", "\u017f": "\u0073",
    "\u0345": "\u03b9", "\u1fe3": "\u03b0", "\u03c2": "\u03c3", "\u03d0": "\u03b2",
    "\u03d1": "\u03b8", "\u03d5": "\u03c6", "\u03d6": "\u03c0", "\u03f0": "\u03ba",
    "\u03f1": "\u03c1", "\u03f5": "\u03b5", "\u1c80": "\u0432", "\u1c81": "\u0434",
    "\u1c82": "\u043e", "\u1c83": "\u0441", "\u1c84": "\u0442", "\u1c85": "\u0442",
    "\u1c86": "\u044a", "\u1c87": "\u0463", "\u1c88": "\ua64b", "\u1e9b": "\u1e61",
    "\u1fbe": "\u03b9", "\u1fd3": "\u0390", "\ufb06": "\ufb05",
})


_SPECIAL = tuple(chr(c) for c in _FOLD_SPECIAL)


def fold_case(text: str) -> str:
    """``text`` lowercased, with the few letters ``regex`` also folds (see ``_FOLD_SPECIAL``)."""
    # a search per letter (``in``, a C scan that gives up at once on a letter wider than
    # the text's) costs less than a character class matched at every position
    if text.isascii() or not any(ch in text for ch in _SPECIAL):
        return text.lower()
    return text.translate(_FOLD_SPECIAL).lower()


def is_body_line(text: str) -> bool:
    """A line of article prose: long and ending like a sentence (a line wholly in
    parentheses, such as a reporting credit, is not)."""
    return _is_body(text, len(text.split()))


def _is_body(text: str, words: int) -> bool:
    # most lines hold no "(" at all: they are not wholly in parentheses, without the search
    return words >= BODY_MIN_WORDS and bool(_SENTENCE_END.search(text)) and not ("(" in text and _PARENTHESISED.match(text))


def looks_like_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.strip()))


def _build_line_table(doc: Document) -> list[LineInfo]:
    out: list[LineInfo] = []
    prose = doc.prose
    text = doc.text
    new = tuple.__new__  # LineInfo(...) without the Python-level __new__ of a NamedTuple
    if "\r" in text or doc.lines_if_built is not None:
        for ln in doc.lines:
            raw = ln.text.strip()
            if raw:
                line = prose[ln.start : ln.end].strip()
                words = len(line.split())
                out.append(new(LineInfo, (ln.index, line, raw, words, words >= BODY_MIN_WORDS and _is_body(line, words))))
    else:
        # the lines as ``doc.lines`` splits them (at "\n" only), without building that list
        same = prose == text  # nothing blanked: a line's prose is its source
        start = 0
        for i, src in enumerate(text.split("\n")):
            raw = src.strip()
            if raw:
                line = raw if same else prose[start : start + len(src)].strip()
                words = len(line.split())
                out.append(new(LineInfo, (i, line, raw, words, words >= BODY_MIN_WORDS and _is_body(line, words))))
            start += len(src) + 1
    return out


#: Every line whose source is not blank, in order.
LINE_TABLE: View[list[LineInfo]] = View("line-table", _build_line_table)


def line_table(doc: Document) -> list[LineInfo]:
    """Every line whose source is not blank, in order (the shared view ``LINE_TABLE``)."""
    return doc.index[LINE_TABLE]


# the longest lines the built-in line rules read (their largest ``max_words``): folded at once
_SHORT_WORDS = 50


class _ShortLines:
    """The lines with prose, shortest first, case-folded as far as a rule has asked."""

    def __init__(self, doc: Document) -> None:
        self.ordered = sorted((li for li in line_table(doc) if li.text), key=lambda li: li.words)
        self.counts = [li.words for li in self.ordered]
        self.folded, self.low, self.starts = -1, "", [0]

    def upto(self, max_words: int) -> tuple[list[LineInfo], int, str, list[int]]:
        ordered, counts = self.ordered, self.counts
        n = bisect.bisect_right(counts, max_words) if max_words else len(ordered)
        if n > self.folded:
            upto = max(n, bisect.bisect_right(counts, _SHORT_WORDS))
            # fold_case keeps lengths, and folds each line as it would alone
            self.low = fold_case("\n".join(li.text for li in ordered[:upto]))
            starts = [0]
            for li in ordered[:upto]:
                starts.append(starts[-1] + len(li.text) + 1)
            self.folded, self.starts = upto, starts
        return ordered, n, self.low, self.starts


SHORT_LINES: View[_ShortLines] = View("short-lines", _ShortLines, (LINE_TABLE,))
LINE_LOWS: View[dict[int, str]] = View("line-lows", lambda doc: {})  # line index -> fold_case of its prose, as asked


def short_lines(doc: Document, max_words: int) -> tuple[list[LineInfo], int, str, list[int]]:
    """The lines with prose, shortest first, and how many of them have at most
    ``max_words`` words (all, for 0); the ``fold_case`` texts of (at least) those lines,
    joined by newlines; and where each line starts in that string, plus one entry past the
    last line folded (the shared view ``SHORT_LINES``).

    Most lines of an article are long paragraphs that no line rule reads: they are neither
    iterated nor case-folded, and a rule finds the lines holding its triggers with a few
    ``str.find`` calls over the short ones."""
    return doc.index[SHORT_LINES].upto(max_words)


def line_low(doc: Document, li: LineInfo) -> str:
    """``fold_case`` of the line's prose (kept in the shared view ``LINE_LOWS``)."""
    store = doc.index[LINE_LOWS]
    low = store.get(li.index)
    if low is None:
        low = store[li.index] = fold_case(li.text)
    return low


def line_count(doc: Document) -> int:
    """``len(doc.lines)``, without building the list when it is not built yet."""
    if doc.lines_if_built is not None or "\r" in doc.text:
        return len(doc.lines)
    return doc.text.count("\n") + 1


#: The line table by line index.
LINE_INFO: View[dict[int, LineInfo]] = View("line-info", lambda doc: {li.index: li for li in line_table(doc)}, (LINE_TABLE,))


def line_info(doc: Document) -> dict[int, LineInfo]:
    """The line table by line index (the shared view ``LINE_INFO``)."""
    return doc.index[LINE_INFO]


def _bounds(doc: Document, ignore: Collection[int] = ()) -> tuple[int, int]:
    body = [li.index for li in line_table(doc) if li.body and li.index not in ignore]
    return (body[0], body[-1]) if body else (line_count(doc), -1)


#: Indices of the first and last body line (by prose), or (len, -1) when there is none.
BODY_BOUNDS: View[tuple[int, int]] = View("body-bounds", _bounds, (LINE_TABLE,))


def body_bounds(doc: Document, ignore: Collection[int] = ()) -> tuple[int, int]:
    """Indices of the first and last body line (by prose), or (len, -1) when there is none.
    Lines in ``ignore`` (say, the lines a rule itself matched) do not count as body."""
    return _bounds(doc, ignore) if ignore else doc.index[BODY_BOUNDS]


def remove_lines_fix(doc: Document, first: int, last: int, safety: str, title: str = "") -> Fix:
    """A fix deleting lines first..last (0-based, inclusive) with their line breaks, and
    one blank line that separated them from the text after, so no double gap is left."""
    lines = doc.lines
    start = lines[first].start
    end = lines[last + 1].start if last + 1 < len(lines) else len(doc.text)
    nxt = last + 1
    if nxt < len(lines) and not lines[nxt].text.strip() and (first == 0 or not lines[first - 1].text.strip()):
        end = lines[nxt + 1].start if nxt + 1 < len(lines) else len(doc.text)
    replacement = ""
    what = "line" if first == last else f"lines {first + 1}-{last + 1}"
    if end == len(doc.text) and first > 0:
        # removing the tail: also drop the blank lines before it, keep one final newline
        k = first
        while k > 1 and not lines[k - 1].text.strip():
            k -= 1
        start = lines[k - 1].end
        replacement = doc.newline if doc.text.endswith(("\n", "\r")) else ""
    return Fix((Edit(start, end, replacement),), "safe" if safety == "safe" else "unsafe", f"Remove {title or 'boilerplate'} {what}".strip())


@lru_cache(maxsize=4096)
def normalize_line(text: str) -> str:
    """Lowercase letters and digits only, for comparing lines that repeat."""
    return " ".join(regex.findall(r"[\p{L}\p{N}]+", text.lower()))
