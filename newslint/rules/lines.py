"""Line-level reading shared by the boilerplate rules: where the article body is, and how
to remove a line without leaving a hole.

Scraped pages put their leftovers around the story: above the first paragraph of body
prose, or below the last one. "Body prose" here is a line with enough words that ends like
a sentence; everything else (short lines, no sentence punctuation) is a candidate.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from newslint.document import Document
from newslint.finding import Edit, Fix

BODY_MIN_WORDS = 18
_SENTENCE_END = regex.compile(r"""[.!?…]["'”’)\]]*\s*$""")


def is_body_line(text: str) -> bool:
    """A line of article prose: long and ending like a sentence."""
    words = text.split()
    return len(words) >= BODY_MIN_WORDS and bool(_SENTENCE_END.search(text))


def looks_like_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.strip()))


def body_bounds(doc: Document) -> tuple[int, int]:
    """Indices of the first and last body line (by prose), or (len, -1) when there is none."""
    key = "_body_bounds"
    cached = doc.__dict__.get(key)
    if cached is not None:
        return cached
    first, last = len(doc.lines), -1
    for ln in doc.lines:
        if is_body_line(doc.prose[ln.start : ln.end]):
            first = min(first, ln.index)
            last = ln.index
    doc.__dict__[key] = (first, last)
    return first, last


def is_article_line_position(doc: Document, index: int, position: str) -> bool:
    """Is line ``index`` above the body ("top"), below it ("bottom") or either ("edges")?"""
    first, last = body_bounds(doc)
    if position == "top":
        return index < first
    if position == "bottom":
        return index > last
    if position == "edges":
        return index < first or index > last
    return True


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
