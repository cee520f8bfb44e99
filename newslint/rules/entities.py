"""HTML entities left in the text by a scraper (NL128): "caf&#233;", "AT&amp;T", "&nbsp;".

A page's source writes some characters as entities; an extractor that does not decode them
leaves "&amp;" where the article had "&". The spelling and punctuation rules skip these spans
(``entity_spans``), so one leftover is one finding, with a fix that decodes it.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from html.entities import html5

import regex

from newslint.document import Document
from newslint.finding import Edit, Fix, Hit
from newslint.rules.base import Rule, RuleContext

__all__ = ["HtmlEntity", "entity_spans", "RULES"]

# A numeric reference, or a name followed by ";" (names without ";" are left alone: "&copy"
# alone is rare and "AT&T" has no entity at all).
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _decoded(entity: str) -> str | None:
    """What ``entity`` stands for, or None when it is no HTML entity ("&foo;", "&#0;")."""
    if entity[1] == "#":
        try:
            cp = int(entity[3:-1], 16) if entity[2] in "xX" else int(entity[2:-1])
        except ValueError:
            return None
        if cp == 0 or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
            return None
        return html.unescape(entity)
    if entity[1:] not in html5:
        return None
    return html5[entity[1:]]


def entity_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every HTML entity in ``text``: the other rules skip what is inside."""
    if "&" not in text:
        return []
    return [m.span() for m in _ENTITY.finditer(text) if _decoded(m.group()) is not None]


class HtmlEntity(Rule):
    code = "NL128"
    name = "html-entity"
    category = "boilerplate"
    severity = "warning"
    summary = "An HTML entity left by the page's extraction ('caf&#233;', '&amp;', '&nbsp;')."
    explanation = """
## What it does
Flags an HTML character reference in plain text: a numeric one ("&#233;", "&#x2019;") or a
named one that HTML defines, with its semicolon ("&amp;", "&nbsp;", "&quot;"). In Markdown,
where an entity is legitimate markup that renders as its character, only a double-escaped
one ("&amp;amp;", "&amp;#233;") is flagged. Code, URLs and front matter are not read. A
name HTML does not define ("&foo;") and an ampersand with no semicolon ("AT&T") are left
alone. The spelling and punctuation rules skip the entity, so it is reported once, here.

## Why is this bad?
The extractor that produced the text did not decode the page's markup: readers see
"caf&#233;" where the writer wrote "café", and "Marks &amp; Spencer" for "Marks & Spencer".

## Example
    The caf&#233; on Marks &amp; Spencer's top floor reopened on Monday.

## Use instead
    The café on Marks & Spencer's top floor reopened on Monday.

## Fix safety
Safe: the fix replaces the entity with the character it stands for (Python's
`html.unescape`), which is what the page showed. A non-breaking space becomes a
non-breaking space (U+00A0), not a plain one.
"""
    examples_bad = (
        "The caf&#233; on Marks &amp; Spencer's top floor reopened on Monday.",
        "Prices rose&nbsp;4 per cent, the &quot;core&quot; rate said.",
    )
    examples_good = (
        "The café on Marks & Spencer's top floor reopened on Monday.",
        "AT&T and R&D budgets; the &foo; tag is not HTML.",
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        prose = doc.prose
        if "&" not in prose:
            return
        text = doc.text
        for m in _ENTITY.finditer(prose):
            s, e = m.span()
            entity = m.group()
            if text[s:e] != entity:
                continue  # blanked (code, a URL): not prose
            char = _decoded(entity)
            if char is None:
                continue
            if doc.markdown:
                # Markdown renders an entity; only "&amp;#233;" (escaped twice) is a leftover
                inner = _ENTITY.match("&" + prose[e : e + 40]) if entity == "&amp;" else None
                if inner is None or _decoded(inner.group()) is None:
                    continue
                end = e + inner.end() - 1
                yield Hit(s, end, f"Double-escaped HTML entity '{prose[s:end]}'",
                          fix=Fix((Edit(s, e, "&"),), "safe", f"Replace with '{inner.group()}'"))
                continue
            shown = char if char.strip() and char.isprintable() else repr(char)
            yield Hit(s, e, f"HTML entity '{entity}' left in the text: '{shown}'",
                      fix=Fix((Edit(s, e, char),), "safe", f"Decode to {shown!r}" if shown != char else f"Decode to '{char}'"))


RULES: list[Rule] = [HtmlEntity()]
