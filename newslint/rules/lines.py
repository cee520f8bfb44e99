"""Line-level reading shared by the boilerplate rules: where the article body is, and how
to remove a line without leaving a hole.

Scraped pages put their leftovers around the story: above the first paragraph of body
prose, or below the last one. "Body prose" here is a line with enough words that ends like
a sentence; everything else (short lines, no sentence punctuation) is a candidate.

Everything computed per document is memoised in ``doc.__dict__`` (keys starting ``_bp``),
so the many boilerplate rules split and measure each line once.
"""
from __future__ import annotations

from collections.abc import Callable, Collection
import bisect
import re
from functools import lru_cache
from typing import Any, NamedTuple

import regex

from newslint.document import Document
from newslint.finding import Edit, Fix

BODY_MIN_WORDS = 18
# searched from the end ((?r)): the answer is the same, found without scanning the line
_SENTENCE_END = regex.compile(r"""(?r)[.!?…]["'”’)\]]*\s*$""")
_PARENTHESISED = regex.compile(r"^\s*\(.*\)\W*$")


class LineInfo(NamedTuple):
    """One line that is not blank in the source: its stripped prose and source text."""

    index: int
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


_HAS_SPECIAL = re.compile("[" + "".join(chr(c) for c in _FOLD_SPECIAL) + "]").search


def fold_case(text: str) -> str:
    """``text`` lowercased, with the few letters ``regex`` also folds (see ``_FOLD_SPECIAL``)."""
    if text.isascii() or not _HAS_SPECIAL(text):
        return text.lower()
    return text.translate(_FOLD_SPECIAL).lower()


def is_body_line(text: str) -> bool:
    """A line of article prose: long and ending like a sentence (a line wholly in
    parentheses, such as a reporting credit, is not)."""
    return _is_body(text, len(text.split()))


def _is_body(text: str, words: int) -> bool:
    return words >= BODY_MIN_WORDS and bool(_SENTENCE_END.search(text)) and not _PARENTHESISED.match(text)


def looks_like_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.strip()))


def memo(doc: Document, key: Any, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per document and key."""
    store = doc.__dict__.setdefault("_bp_memo", {})
    try:
        return store[key]
    except KeyError:
        value = store[key] = compute()
        return value


def line_table(doc: Document) -> list[LineInfo]:
    """Every line whose source is not blank, in order (memoised)."""
    cached = doc.__dict__.get("_bp_lines")
    if cached is not None:
        return cached
    out: list[LineInfo] = []
    prose = doc.prose
    text = doc.text
    new = tuple.__new__  # LineInfo(...) without the Python-level __new__ of a NamedTuple
    if "\r" in text or "lines" in doc.__dict__:
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
    doc.__dict__["_bp_lines"] = out
    return out


# the longest lines the built-in line rules read (their largest ``max_words``): folded at once
_SHORT_WORDS = 50


def short_lines(doc: Document, max_words: int) -> tuple[list[LineInfo], int, str, list[int]]:
    """The lines with prose, shortest first, and how many of them have at most
    ``max_words`` words (all, for 0); the ``fold_case`` texts of (at least) those lines,
    joined by newlines; and where each line starts in that string, plus one entry past the
    last line folded (memoised).

    Most lines of an article are long paragraphs that no line rule reads: they are neither
    iterated nor case-folded, and a rule finds the lines holding its triggers with a few
    ``str.find`` calls over the short ones."""
    cached = doc.__dict__.get("_bp_short")
    if cached is None:
        ordered = sorted((li for li in line_table(doc) if li.text), key=lambda li: li.words)
        cached = doc.__dict__["_bp_short"] = [ordered, [li.words for li in ordered], -1, "", [0]]
    ordered, counts, folded, low, starts = cached
    n = bisect.bisect_right(counts, max_words) if max_words else len(ordered)
    if n > folded:
        upto = max(n, bisect.bisect_right(counts, _SHORT_WORDS))
        # fold_case keeps lengths, and folds each line as it would alone
        low = fold_case("\n".join(li.text for li in ordered[:upto]))
        starts = [0]
        for li in ordered[:upto]:
            starts.append(starts[-1] + len(li.text) + 1)
        cached[2:] = [upto, low, starts]
    return ordered, n, low, starts


def line_low(doc: Document, li: LineInfo) -> str:
    """``fold_case`` of the line's prose (memoised per document and line)."""
    store = doc.__dict__.setdefault("_bp_lows", {})
    low = store.get(li.index)
    if low is None:
        low = store[li.index] = fold_case(li.text)
    return low


def line_count(doc: Document) -> int:
    """``len(doc.lines)``, without building the list when it is not built yet."""
    if "lines" in doc.__dict__ or "\r" in doc.text:
        return len(doc.lines)
    return doc.text.count("\n") + 1


def line_info(doc: Document) -> dict[int, LineInfo]:
    """The line table by line index (memoised)."""
    cached = doc.__dict__.get("_bp_line_map")
    if cached is None:
        cached = doc.__dict__["_bp_line_map"] = {li.index: li for li in line_table(doc)}
    return cached


def body_bounds(doc: Document, ignore: Collection[int] = ()) -> tuple[int, int]:
    """Indices of the first and last body line (by prose), or (len, -1) when there is none.
    Lines in ``ignore`` (say, the lines a rule itself matched) do not count as body."""
    if not ignore:
        cached = doc.__dict__.get("_body_bounds")
        if cached is not None:
            return cached
    body = [li.index for li in line_table(doc) if li.body and li.index not in ignore]
    bounds = (body[0], body[-1]) if body else (line_count(doc), -1)
    if not ignore:
        doc.__dict__["_body_bounds"] = bounds
    return bounds


def is_article_line_position(doc: Document, index: int, position: str, ignore: Collection[int] = ()) -> bool:
    """Is line ``index`` above the body ("top"), below it ("bottom") or either ("edges")?
    Lines in ``ignore`` are not body (see :func:`body_bounds`)."""
    if position not in ("top", "bottom", "edges"):
        return True
    first, last = body_bounds(doc, ignore)
    if position == "top":
        return index < first
    if position == "bottom":
        return index > last
    return index < first or index > last


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
