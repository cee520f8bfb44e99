"""One finding per problem: overlapping boilerplate findings of one article are merged.

Several boilerplate rules can see the same leftover: a comment-form line inside a comment
thread, a "Read also" line inside a related-stories block, the sign-up lines of a promo
footer. The engine calls :func:`merge_overlaps` once per article, after every rule ran:

* a finding whose lines lie inside another boilerplate finding's lines is dropped (the block
  covers it, and its fix removes it);
* of findings on exactly the same lines, the most specific is kept: the shape of a link or
  table line, then a fixed phrase (a rule of the pack), then a block rule, a site template,
  the line model (``SPECIFICITY``).

The model (NL131) and the template rule (NL130) also skip lines that earlier rules flag
(they read the findings so far), so they never duplicate another rule's finding.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from newslint.finding import Finding

# lower is more specific; codes not listed (the pack's phrase rules, user packs) are 1. A
# line that is only a link or a table row is described best by its shape (0); blocks come
# after single lines, the corpus and the model last.
DEFAULT_SPECIFICITY = 1
SPECIFICITY: dict[str, int] = {
    "NL124": 0, "NL125": 0,
    "NL120": 2, "NL121": 2, "NL122": 2, "NL123": 2,
    "NL130": 3,
    "NL131": 4,
}


def finding_lines(f: Finding) -> tuple[int, int]:
    """The first and last 1-based lines a finding covers (one ending at column 1 of a line
    stops on the line before)."""
    end = f.end_line - 1 if f.end_line > f.line and f.end_column == 1 else f.end_line
    return f.line, max(f.line, end)


def covered_lines(findings: Iterable[Finding]) -> set[int]:
    """Every 1-based line the findings cover."""
    out: set[int] = set()
    for f in findings:
        a, b = finding_lines(f)
        out.update(range(a, b + 1))
    return out


def merge_overlaps(findings: list[Finding], whole_lines: Callable[[Finding], bool] = lambda f: True) -> list[Finding]:
    """``findings`` of one article without the boilerplate findings another one covers.
    Only findings about whole lines take part (``whole_lines``): an entity inside a line
    (NL128) is its own problem even when the line is also a leftover."""
    bp = [f for f in findings if f.category == "boilerplate" and whole_lines(f)]
    if len(bp) < 2:
        return findings
    # widest first; among equal spans the most specific first: a later finding inside a
    # kept one is covered
    order = sorted(bp, key=lambda f: (finding_lines(f)[0] - finding_lines(f)[1], SPECIFICITY.get(f.code, DEFAULT_SPECIFICITY), f.line, f.code))
    cover: dict[int, list[int]] = {}  # line -> the last lines of the kept spans holding it
    drop: set[int] = set()
    for f in order:
        a, b = finding_lines(f)
        if any(y >= b for y in cover.get(a, ())):
            drop.add(id(f))  # inside a kept span (one at least as wide, kept before it)
            continue
        for ln in range(a, b + 1):  # each line once per kept span: linear in the text
            cover.setdefault(ln, []).append(b)
    if not drop:
        return findings
    return [f for f in findings if id(f) not in drop]
