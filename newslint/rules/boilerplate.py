"""Structural boilerplate rules: what a phrase list cannot see on its own.

The phrase-level rules are data (``rules/boilerplate.toml``). These rules read the shape of
the page around the story: a headline repeated, a block of teaser headlines under a
"Related" header, a footer made of promotions, a comment thread under the article.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import regex

from newslint.document import Document
from newslint.finding import Hit
from newslint.rules.base import Rule, RuleContext
from newslint.rules.lines import body_bounds, is_body_line, looks_like_sentence, normalize_line, remove_lines_fix

_HEADER_RELATED = regex.compile(
    r"^\W*(?:related|more|latest|top|popular|recommended|trending|most (?:read|popular|viewed)|also on|elsewhere on|from the web|you (?:may|might) also like|more from|more on|don'?t miss|editor'?s picks?|read next|what to read next|further reading)"
    r"(?:\s+[\p{L}'’]+){0,4}\s*:?\W*$",
    regex.I | regex.V1,
)
_COMMENTS_HEADER = regex.compile(
    r"^\W*(?:(?:\d+|no)\s+)?(?:comments?|responses?|replies|discussion)(?:\s*\(\d+\))?\W*$|^\W*(?:leave a (?:reply|comment)|post a comment|join (?:the )?discussion|top rated comments)\W*$",
    regex.I,
)
_TEASER_END = regex.compile(r"(?:\.\.\.|…)\W*$")


def _nonblank(doc: Document, start: int = 0, stop: int | None = None) -> Iterator[int]:
    for ln in doc.lines[start:stop]:
        if doc.prose[ln.start : ln.end].strip():
            yield ln.index


def _line(doc: Document, i: int) -> str:
    ln = doc.lines[i]
    return doc.prose[ln.start : ln.end].strip()


def _span_hit(doc: Document, first: int, last: int, message: str, title: str) -> Hit:
    a, b = doc.lines[first], doc.lines[last]
    start = a.start + (len(a.text) - len(a.text.lstrip()))
    return Hit(start, b.start + len(b.text.rstrip()), message, remove_lines_fix(doc, first, last, "unsafe", title))


class RepeatedLine(Rule):
    code = "NL120"
    name = "repeated-headline"
    category = "boilerplate"
    severity = "warning"
    summary = "A headline or line repeated from earlier in the article."
    explanation = """
## What it does
Flags a short line (a headline, a heading, a promo) that repeats an earlier line of the same
article word for word, or repeats it with junk appended, and a headline repeated from the
front matter's `title`.

## Why is this bad?
Page templates print the headline several times (title bar, breadcrumb, social card); a
scrape keeps every copy. Readers see the story start over.

## Example
    Council approves the budget

    Council approves the budget

    The council approved...

Use instead: keep the first copy.

## Fix safety
Unsafe: removes the repeated line.
"""
    examples_bad = ("Council approves the budget\n\nCouncil approves the budget\n",)
    examples_good = ("Yes.\n\nYes.\n",)

    MIN_WORDS = 4
    MAX_WORDS = 30

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        seen: dict[str, int] = {}
        heads: list[tuple[str, int]] = []
        title = doc.metadata.get("title")
        if isinstance(title, str) and len(title.split()) >= self.MIN_WORDS:
            seen[normalize_line(title)] = -1
            heads.append((normalize_line(title), -1))
        for i in _nonblank(doc):
            text = _line(doc, i)
            words = text.split()
            if len(words) > self.MAX_WORDS:
                continue
            key = normalize_line(text)
            if len(key.split()) < self.MIN_WORDS:
                continue
            if key in seen:
                where = "the front matter title" if seen[key] < 0 else f"line {seen[key] + 1}"
                yield _span_hit(doc, i, i, f"Repeated line: this repeats {where}", self.name)
                continue
            prefix = next((h for h, j in heads if key.startswith(h + " ") and not looks_like_sentence(text)), None)
            if prefix is not None:
                yield _span_hit(doc, i, i, "Repeated headline with text appended", self.name)
                continue
            seen[key] = i
            if not looks_like_sentence(text) and len(key.split()) >= 5:
                heads.append((key, i))


class RelatedBlock(Rule):
    code = "NL121"
    name = "related-block"
    category = "boilerplate"
    severity = "warning"
    summary = "A block of links to other stories under a 'Related' or 'Latest' header."
    explanation = """
## What it does
Flags a header such as "Related stories", "Related Articles:", "Latest stories",
"You may also like" or "Popular on ..." together with the teaser lines under it: short
headline-like lines, and teasers cut off with "...". The block ends at the first line of
body prose.

## Why is this bad?
The block lists other stories; copied into the article it puts unrelated headlines in the
text.

## Example
    Related stories

    Ministers approve the budget
    The cabinet met on Monday and...

## Fix safety
Unsafe: removes the whole block.
"""
    examples_bad = ("Related stories\n\nMinisters approve the budget\n\nThe cabinet met on Monday and...\n",)
    examples_good = ("More than 200 people attended the meeting on Monday, where the council debated the plan for nearly three hours.\n",)

    MAX_TEASER_WORDS = 30

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        lines = list(_nonblank(doc))
        k = 0
        while k < len(lines):
            i = lines[k]
            if not _HEADER_RELATED.match(_line(doc, i)):
                k += 1
                continue
            last, j = i, k + 1
            while j < len(lines):
                text = _line(doc, lines[j])
                if is_body_line(text) and not _TEASER_END.search(text):
                    break
                if len(text.split()) > self.MAX_TEASER_WORDS:
                    break
                last, j = lines[j], j + 1
            if last > i:
                yield _span_hit(doc, i, last, f"Related-stories block ({len([x for x in lines[k:j]])} lines)", self.name)
            k = max(j, k + 1)


class CommentThread(Rule):
    code = "NL122"
    name = "comment-thread"
    category = "boilerplate"
    severity = "warning"
    summary = "Readers' comments copied below the article."
    explanation = """
## What it does
Flags everything from a comments header below the article ("3 Comments", "Comments",
"Top Rated Comments", "Leave a Reply") to the end of the text: the readers' comments and
the comment form.

## Why is this bad?
Readers' comments are not the article. They carry other people's names, opinions and
typos into the text.

## Fix safety
Unsafe: removes the header and everything after it.
"""
    examples_bad = ("The council met.\n\n2 Comments\n\nGreat article, thanks!\n\nI disagree with this.\n",)
    examples_good = ()

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        first, last_body = body_bounds(doc)
        lines = list(_nonblank(doc))
        if not lines:
            return
        for i in lines:
            if i <= first:
                continue
            if _COMMENTS_HEADER.match(_line(doc, i)):
                tail = [j for j in lines if j > i]
                # a header followed by nothing, or by what reads as comments
                if tail:
                    yield _span_hit(doc, i, lines[-1], "Comment thread below the article", self.name)
                return


class FooterBlock(Rule):
    code = "NL123"
    name = "promo-footer"
    category = "boilerplate"
    severity = "warning"
    summary = "A footer of promotions and site blurbs after the article's last paragraph."
    explanation = """
## What it does
Looks at the lines after the article's last paragraph of body prose. When they include at
least two lines that other boilerplate rules recognise (a newsletter sign-up, a privacy
note, a "Latest stories" header), the short lines between them (greetings like "Oh hi
there", a one-line site blurb) are part of the same footer, and the whole footer is one
finding.

## Why is this bad?
Pop-ups and site footers come as blocks; flagging only the lines with tell-tale words
would leave their other lines in the text.

## Fix safety
Unsafe: removes the footer block.
"""
    examples_bad = (
        "The council met on Monday to debate the plan, and members voted to approve it after a long and heated discussion.\n\n"
        "Hi there!\n\nSign up for our newsletter today.\n\nWe don't spam! Read our privacy policy.\n",
    )
    examples_good = ()

    MIN_STRONG = 2
    MAX_WEAK_WORDS = 22

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        from newslint.registry import builtin_rules  # noqa: PLC0415 (registry imports this module)

        strong_lines: set[int] = set()
        for rule in builtin_rules():
            if rule.category == "boilerplate" and getattr(rule, "kind", None) == "line":
                for hit in rule.check(doc, ctx):
                    strong_lines.add(doc.position(hit.start).line)
        if body_bounds(doc)[1] < 0:
            return  # no article body: nothing to be a footer of
        lines = list(_nonblank(doc))
        region: list[int] = []
        strong = 0
        for i in reversed(lines):
            text = _line(doc, i)
            if i in strong_lines:
                strong += 1
            elif len(text.split()) > self.MAX_WEAK_WORDS or is_body_line(text):
                break
            region.append(i)
        # the region must start with (at least) a weak line to add anything beyond the
        # line rules, and hold enough recognised lines to be a footer at all
        if strong >= self.MIN_STRONG and len(region) > strong and region:
            yield _span_hit(doc, region[-1], region[0], f"Promotional footer ({len(region)} lines)", self.name)


RULES: list[Rule] = [RepeatedLine(), RelatedBlock(), CommentThread(), FooterBlock()]
