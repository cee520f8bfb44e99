"""Inline suppression comments, read from the text itself.

Markdown and plain text alike (an HTML comment is never prose):

    <!-- newslint-disable NL101 NL2 -->   ... <!-- newslint-enable NL101 NL2 -->
    <!-- newslint-disable-next-line NL103 -->
    <!-- newslint-disable-line -->        (on the line it is on)
    <!-- newslint-disable-file typo -->

Plain text has a bracket form for people who would rather not type HTML, alone on its line:
``[newslint-disable-next-line NL103]``. No codes means every rule. Codes may be categories
or code prefixes, as in ``--select``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from newslint.document import Document

_DIRECTIVE = regex.compile(
    r"<!--\s*newslint-(disable-next-line|disable-line|disable-file|disable|enable)\b([^>]*?)-->"
    r"|^[ \t]*\[newslint-(disable-next-line|disable-line|disable-file|disable|enable)\b([^\]\n]*)\][ \t]*$",
    regex.M,
)
ALL = "ALL"


@dataclass
class Suppressions:
    """Which (line, code) pairs are silenced, built once per document."""

    file_codes: set[str] = field(default_factory=set)
    line_codes: dict[int, set[str]] = field(default_factory=dict)  # 0-based line -> selectors
    ranges: list[tuple[int, int, set[str]]] = field(default_factory=list)  # [start_line, end_line)
    directive_spans: list[tuple[int, int]] = field(default_factory=list)

    def suppressed(self, line: int, end_line: int, code: str, category: str) -> bool:
        def hit(sel: set[str]) -> bool:
            return ALL in sel or category in sel or any(code.startswith(s) for s in sel)

        if hit(self.file_codes):
            return True
        if line in self.line_codes and hit(self.line_codes[line]):
            return True
        return any(a <= line < b and hit(sel) for a, b, sel in self.ranges)


def parse_suppressions(doc: Document) -> Suppressions:
    sup = Suppressions()
    if "newslint-" not in doc.text:
        return sup  # no directive: the common case costs one substring search
    open_ranges: dict[str, int] = {}
    nlines = len(doc.lines)
    for m in _DIRECTIVE.finditer(doc.text):
        kind = m.group(1) or m.group(3)
        codes = set((m.group(2) or m.group(4) or "").replace(",", " ").split()) or {ALL}
        line = doc.position(m.start()).line
        sup.directive_spans.append((m.start(), m.end()))
        if kind == "disable-file":
            sup.file_codes |= codes
        elif kind == "disable-line":
            sup.line_codes.setdefault(line, set()).update(codes)
        elif kind == "disable-next-line":
            target = line + 1
            while target < nlines and not doc.lines[target].text.strip():
                target += 1  # the next line with text, as a human reads "next line"
            sup.line_codes.setdefault(target, set()).update(codes)
        elif kind == "disable":
            for c in codes:
                open_ranges.setdefault(c, line)
        else:  # enable
            for c in codes if codes != {ALL} else list(open_ranges):
                if c in open_ranges:
                    sup.ranges.append((open_ranges.pop(c), line + 1, {c}))
    for c, start in open_ranges.items():
        sup.ranges.append((start, nlines, {c}))
    return sup


def disable_comment(code: str, *, next_line: bool = True, markdown: bool = True) -> str:
    """The comment a quick fix inserts to silence ``code``."""
    kind = "disable-next-line" if next_line else "disable-file"
    return f"<!-- newslint-{kind} {code} -->"
