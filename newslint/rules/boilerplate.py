"""Structural boilerplate rules: what a phrase list cannot see on its own.

The phrase-level rules are data (``rules/boilerplate.toml``). These rules read the shape of
the page around the story: a headline repeated, a block of teaser headlines under a
"Related" header, a footer made of promotions, a comment thread under the article.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import regex

from newslint.document import Document
from newslint.finding import Hit
from newslint.index import View
from newslint.packs import LazyPattern
from newslint.rules.base import Rule, RuleContext
from newslint.rules.line_model import in_listing
from newslint.rules.lines import (
    _SENTENCE_END,
    BODY_BOUNDS,
    LINE_INFO,
    LINE_TABLE,
    LineInfo,
    body_bounds,
    is_body_line,
    line_count,
    line_info,
    line_table,
    looks_like_sentence,
    normalize_line,
    remove_lines_fix,
)

_HEADER_RELATED = LazyPattern(
    r"^\W*(?:related|also on|elsewhere on|from the web|you (?:may|might) also like|more from|more on|don'?t miss|editor'?s picks?|read next|what to read next|further reading|most (?:read|popular|viewed|shared)|(?:popular|trending) (?:on|in|now))"
    r"(?:\s+[\p{L}'’]+){0,4}\s*:?\W*$"
    # a word that also opens a heading ("More than a game", "Top tips for winter") heads a
    # block only alone or naming what it lists: "Latest stories", "More news from Veldt"
    r"|^\W*(?:more|latest|top|popular|recommended|trending)\s*:?\W*$"
    r"|^\W*(?:more|latest|top|popular|recommended|trending)(?:\s+[\p{L}'’]+){0,2}\s+(?:stories|news|articles|posts|videos|reads|headlines|links)\b(?:\s+[\p{L}'’]+){0,3}\s*:?\W*$",
    regex.I | regex.V1,
)
_COMMENTS_HEADER = LazyPattern(
    r"^\W*(?:(?:\d+|no)\s+)?(?:comments?|responses?|replies|discussion)(?:\s*\(\d+\))?\W*$"
    r"|^\W*(?:leave a (?:reply|comment)|post a comment|join (?:the )?discussion|top rated comments|comment on this (?:story|article|post))\W*$"
    # WordPress and similar: 10 thoughts on “Title”, 3 responses to "Title"
    r"|^\W*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:thoughts?|responses?|replies|comments?|reactions?)\s+(?:on|to)\s+[\"“‘'«].{1,200}$",
    regex.I,
)
# what readers' comments say and articles rarely do: a greeting, "I" and "you", a question;
# three patterns, so that the costly search for the words runs only when the others fail
_OPENS_TALKING = LazyPattern(r"^\W*(?:hi|hello|hey|thanks|thank you|dear|@\w)", regex.I)
_FIRST_SECOND_PERSON = LazyPattern(r"\b(?:i|i'm|i’m|i've|i’ve|my|me|you|your)\b", regex.I)
_QUESTION_END = LazyPattern(r"\?\W*$")


def _conversational(text: str) -> bool:
    """A greeting, "I" or "you", or a question (what readers' comments say)."""
    return (_OPENS_TALKING.match(text) is not None
            or ("?" in text and _QUESTION_END.search(text) is not None)
            or _FIRST_SECOND_PERSON.search(text) is not None)


# a header of one word ("Comments", "Responses"): also a heading a writer may use
_BARE_HEADER = LazyPattern(r"^\W*(?:comments?|responses?|replies|discussion)\W*$", regex.I)
_TEASER_END = LazyPattern(r"(?r)(?:\.\.\.|…)\W*$")
_STATEMENT_END = LazyPattern(r"""(?r)(?<!\.)\.["'”’)\]]*\s*$""")  # ends with one full stop
_LIST_ITEM = LazyPattern(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s+\S")
_PIPE_TEASER = LazyPattern(r"^[^|]{2,80}\s\|\s[^|]{2,160}$")
_GREETING = LazyPattern(r"^\W*(?:oh\s+)?(?:hi|hey|hello|howdy|psst)(?:\s+there)?\b[^.?]{0,20}$", regex.I)
_TABLE_ROW = LazyPattern(r"^\|(?:[^|\n]*\|){2,}\s*$")
_TABLE_RULE = LazyPattern(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_BARE_URL = LazyPattern(r"""^<?https?://[^\s/<>"']+/[^\s<>"']+>?$""")
_LABEL_URL = LazyPattern(
    r"""^[\p{L}\p{N}][\p{L}\p{N} .&'’+\-]{0,40}:\s*<?(?:https?://|www\.)\S+?>?(?:\s*(?:,|and|&|\|)\s*<?(?:https?://|www\.)\S+?>?)*\W*$""",
    regex.V1,
)
_HEADLINE_WORD = LazyPattern(r"[\p{L}][\p{L}'’\-]{3,}")


NONBLANK: View[list[int]] = View("nonblank-lines", lambda doc: [li.index for li in line_table(doc) if li.text], (LINE_TABLE,))


def _nonblank(doc: Document, start: int = 0, stop: int | None = None) -> Iterator[int]:
    if not start and stop is None:
        yield from doc.index[NONBLANK]
        return
    for li in line_table(doc):
        if li.text and li.index >= start and (stop is None or li.index < stop):
            yield li.index


def _span_hit(doc: Document, first: int, last: int, message: str, title: str) -> Hit:
    a, b = doc.lines[first], doc.lines[last]
    start = a.start + (len(a.text) - len(a.text.lstrip()))
    return Hit(start, b.start + len(b.text.rstrip()), message, remove_lines_fix(doc, first, last, "unsafe", title))


def _hit_lines(doc: Document, hits: Iterable[Hit]) -> set[int]:
    out: set[int] = set()
    for h in hits:
        a, b = doc.position(h.start).line, doc.position(max(h.start, h.end - 1)).line
        out.update(range(a, b + 1))
    return out


def _build_related_headers(doc: Document) -> frozenset[int]:
    match = _HEADER_RELATED.match
    return frozenset(li.index for li in line_table(doc) if li.text and match(li.text))


#: Lines that are a 'Related' / 'Latest stories' header.
RELATED_HEADERS: View[frozenset[int]] = View("related-headers", _build_related_headers, (LINE_TABLE,))


def _related_headers(doc: Document) -> frozenset[int]:
    return doc.index[RELATED_HEADERS]


def _is_data(raw: str) -> bool:
    """A line made mostly of figures and symbols (a table row, program output, code)."""
    letters = sum(1 for ch in raw if ch.isalpha())
    return letters < 0.5 * (len(raw) - raw.count(" "))


def _title_case(text: str) -> bool:
    """A headline in title case: most longer words after the first are capitalised."""
    words = _HEADLINE_WORD.findall(text)[1:]
    if len(words) < 2:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps >= 0.75 * len(words)


class RepeatedLine(Rule):
    reads = (LINE_TABLE, BODY_BOUNDS)
    code = "NL120"
    name = "repeated-headline"
    category = "boilerplate"
    severity = "warning"
    summary = "A headline, line or paragraph repeated from elsewhere in the article."
    explanation = """
## What it does
Flags a line (a headline, a heading, a promo, a whole paragraph) that repeats another line
of the same article word for word, or repeats it with junk appended (the front matter's
`title` counts as an earlier headline for that; a single heading equal to it is the article's
own headline and stays quiet).

When whole paragraphs repeat, the page held the story more than once (a teaser list, a
print or app copy). The copy that is kept is the one that reads as the article: the
longest unbroken run of paragraphs, or the first copy when the runs are alike; the other
copies are flagged. A copy that is a list item yields to a copy standing alone: a table of
contents repeating the article's headings is the leftover, not the headings.

A list inside the article that repeats an item (the same ingredient in two recipe lists,
a spec sheet, a fixtures list) is article text: a repeat is not flagged when both copies
are list items (short lines that are not sentences, in a run of three or more) below the
headline and above the article's last paragraph. Nor is a repeated line made mostly of
figures and symbols (a table row, program output), nor a line of a program listing (a
query the article builds up step by step repeats its lines).

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
    examples_good = (
        "Yes.\n\nYes.\n",
        "Here's the thing:\n\nThe plan failed.\n\nHere's the thing:\n",
        "Lemon cake\n\nThis cake takes an hour to bake and keeps for three days in a tin, the baker told us at the fair.\n\n"
        "For the cake\n- 2 cups of flour\n- 1 cup of sugar\n- 3 large eggs\n\nFor the icing\n- 1 cup of sugar\n- 2 tablespoons of lemon juice\n\n"
        "Mix the flour and sugar, beat in the eggs one at a time, and bake the cake for fifty minutes in a warm oven.\n",
        # a query built up step by step repeats its lines
        "The first query counts the rows of each status code in the last hour of the log table.\n\n"
        "WITH recent AS (\nSELECT status, count(*) AS n\nFROM log\n)\nSELECT * FROM recent;\n\n"
        "The second query adds the mean and the deviation of each status code to the same result.\n\n"
        "WITH recent AS (\nSELECT status, count(*) AS n\nFROM log\n)\nSELECT status, avg(n) FROM recent;\n",
    )

    MIN_WORDS = 4
    MAX_HEAD_WORDS = 30

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        return doc.index[self.hits]  # a shared view: the promo-footer rule reads these too

    def detect(self, doc: Document) -> Iterable[Hit]:
        return self._check(doc)

    def _check(self, doc: Document) -> Iterator[Hit]:
        table = [li for li in line_table(doc) if li.text]
        keys: dict[int, str] = {}
        groups: dict[str, list[int]] = {}
        keyed: list[tuple[LineInfo, str]] = []
        min_words = self.MIN_WORDS
        norm, group = normalize_line, groups.setdefault
        for li in table:
            if li.words < min_words:
                continue
            key = norm(li.text)
            # words of the key: it is its words joined by single spaces
            if key.count(" ") + 1 < min_words:
                continue
            keys[li.index] = key
            keyed.append((li, key))
            group(key, []).append(li.index)
        keep = self._keepers(table, keys, groups)
        if keep:
            # a list item repeating a line that also stands alone (a table of contents
            # repeating the headings, a teaser list repeating the headline): the line
            # alone is the article's, the list copy the leftover
            raw = {li.index: li.raw for li in table if li.index in keys}
            for key, i in keep.items():
                if _LIST_ITEM.match(raw[i]):
                    alone = next((m for m in groups[key] if not _LIST_ITEM.match(raw[m])), None)
                    if alone is not None:
                        keep[key] = alone
        title = doc.metadata.get("title")
        tkey = normalize_line(title) if isinstance(title, str) and len(title.split()) >= self.MIN_WORDS else None
        heads: tuple[str, ...] = (tkey + " ",) if tkey else ()  # each head and a space
        max_head = self.MAX_HEAD_WORDS
        sentence_end = _SENTENCE_END.search
        items: set[int] | None = None  # list items, found when a repeat needs them
        pos: dict[int, int] | None = None  # table position of a line, when a repeat needs it
        last_body = body_bounds(doc)[1]
        for li, key in keyed:
            # a heading equal to the front matter's title is the article's own headline (as
            # Markdown sites print it); only its repeats, caught below, are leftovers
            first = keep.get(key, li.index)
            if first != li.index:
                if items is None:
                    items = self._list_items(table)
                if li.index in items and first in items and first > 0 and li.index < last_body:
                    continue  # an item repeated inside the article's lists: a recipe, a spec sheet
                if _is_data(li.raw):
                    continue  # a row of a table or of program output repeats values, not prose
                if pos is None:
                    pos = {x.index: k for k, x in enumerate(table)}
                if in_listing(table, pos[li.index], figures=False):
                    continue  # a program listing repeats its lines (a query built up step by step)
                yield _span_hit(doc, li.index, li.index, f"Repeated line: this repeats line {first + 1}", self.name)
                continue
            if li.words <= max_head and not sentence_end(li.text):  # li.text is stripped
                if heads and key.startswith(heads):
                    yield _span_hit(doc, li.index, li.index, "Repeated headline with text appended", self.name)
                    continue
                if key.count(" ") >= 4:  # 5 words or more
                    heads += (key + " ",)

    MAX_ITEM_WORDS = 8

    @classmethod
    def _list_items(cls, table: list[LineInfo]) -> set[int]:
        """Lines that are items of a list: short lines that are not sentences, in a run of
        three or more (an ingredient list, a spec sheet, fixtures). A headline is longer than
        an item, and a promo line repeated under each section stands alone."""
        short = [li.words <= cls.MAX_ITEM_WORDS and not _SENTENCE_END.search(li.text) for li in table]
        out: set[int] = set()
        run: list[int] = []
        for k, li in enumerate([*table, None]):
            if li is not None and short[k]:
                run.append(li.index)
                continue
            if len(run) >= 3:
                out.update(run)
            run = []
        return out

    @staticmethod
    def _keepers(table: list[LineInfo], keys: dict[int, str], groups: dict[str, list[int]]) -> dict[str, int]:
        """For each repeated line, the copy to keep: the one in the run of repeated lines
        holding the most body paragraphs (a copy of the whole story), else the first."""
        dup = {i for members in groups.values() if len(members) > 1 for i in members}
        if not dup:
            return {}
        bodies = {li.index for li in table if li.body}
        strength: dict[int, int] = {}
        run: list[int] = []
        def close() -> None:
            body = sum(1 for i in run if i in bodies)
            for i in run:
                strength[i] = body
            run.clear()

        for li in table:
            if li.index not in dup:
                close()
                continue
            if any(keys[i] == keys[li.index] for i in run):
                close()  # a run is one copy: the same line twice starts a new one
            run.append(li.index)
        close()
        out = {}
        for key, members in groups.items():
            if len(members) > 1:
                best = max(strength.get(i, 0) for i in members)
                out[key] = next(i for i in members if strength.get(i, 0) == best)
        return out


class RelatedBlock(Rule):
    reads = (LINE_TABLE, LINE_INFO, BODY_BOUNDS, NONBLANK, RELATED_HEADERS)
    code = "NL121"
    name = "related-block"
    category = "boilerplate"
    severity = "warning"
    summary = "A block of links to other stories: under a 'Related' or 'Latest' header, or a list of headlines after the article."
    explanation = """
## What it does
Flags a header such as "Related stories", "Related Articles:", "Latest stories",
"You may also like" or "Popular on ..." together with the teaser lines under it: short
headline-like lines, and teasers cut off with "...". The block ends at the first line of
body prose or of plain statement ending with a full stop. A word that also opens a heading
("More", "Top", "Latest") heads a block alone or naming what it lists: "Top stories", not
"Top tips for the winter roads".

Without a header, it flags a run of two or more headlines after the article's last
paragraph: list items written in title case ("- Ten Facts About the Moon") or
"Section | Headline" lines.

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
    examples_bad = (
        "Related stories\n\nMinisters approve the budget\n\nThe cabinet met on Monday and...\n",
        "The council approved the budget on Monday after a long debate that ran late into the night, members said.\n"
        "- Ten Facts About the City Budget\n- How the New Tram Line Will Change Your Commute\n- Meet the Councillors Who Voted Against It\n",
    )
    examples_good = (
        "More than 200 people attended the meeting on Monday, where the council debated the plan for nearly three hours.\n",
        "The council approved the budget on Monday after a long debate that ran late into the night, members said.\n\n"
        "Top tips for the winter roads\n\nDrive slowly\n\nKeep a blanket in the car\n",
        "The council approved the budget on Monday after a long debate that ran late into the night, members said.\n"
        "- Bring a photo ID\n- Arrive ten minutes early\n",
    )

    MAX_TEASER_WORDS = 30
    MAX_HEADLINE_WORDS = 20

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        return doc.index[self.hits]  # a shared view: the promo-footer rule reads these too

    def detect(self, doc: Document) -> Iterable[Hit]:
        return self._check(doc)

    def _check(self, doc: Document) -> Iterator[Hit]:
        lines = list(_nonblank(doc))
        info = line_info(doc)
        headers = _related_headers(doc)
        taken: set[int] = set()
        k = 0
        while k < len(lines):
            i = lines[k]
            if i not in headers:
                k += 1
                continue
            last, j = i, k + 1
            while j < len(lines):
                text = info[lines[j]].text
                if is_body_line(text) and not _TEASER_END.search(text):
                    break
                if len(text.split()) > self.MAX_TEASER_WORDS or (_STATEMENT_END.search(text) and not _TEASER_END.search(text)):
                    break
                last, j = lines[j], j + 1
            if last > i:
                yield _span_hit(doc, i, last, f"Related-stories block ({j - k} lines)", self.name)
                taken.update(range(i, last + 1))
            k = max(j, k + 1)
        yield from self._headlines(doc, lines, taken)

    def _headlines(self, doc: Document, lines: list[int], taken: set[int]) -> Iterator[Hit]:
        """Runs of headline lines (title-case list items, 'Section | Headline') at the end."""
        _, last_body = body_bounds(doc)
        run: list[int] = []
        runs: list[list[int]] = []
        max_words = self.MAX_HEADLINE_WORDS
        list_item, pipe_teaser, statement_end = _LIST_ITEM.match, _PIPE_TEASER.match, _STATEMENT_END.search
        for li in line_table(doc):
            if not li.text:
                continue
            i, text = li.index, li.text
            ok = (
                li.words <= max_words
                # a "Section | Headline" line holds a pipe
                and ((list_item(li.raw) and _title_case(text)) or ("|" in text and pipe_teaser(text) and not li.body))
                and i not in taken
                and not statement_end(text)
            )
            if ok:
                run.append(i)
                continue
            if len(run) >= 2:
                runs.append(run)
            run = []
        if len(run) >= 2:
            runs.append(run)
        for run in runs:
            after = [i for i in lines if i > run[-1]]
            # at the end of the article: below its last paragraph, or followed by at
            # most a couple of lines (a credit, an author blurb)
            if run[0] > last_body or len(after) <= 2:
                yield _span_hit(doc, run[0], run[-1], f"List of other stories' headlines ({len(run)} lines)", self.name)


# invented: a news story in a reporting voice, then comments kept without header or signature
_STORY = (
    "The city council approved a new tram line on Tuesday after a debate that lasted more than four hours, officials said.\n\n"
    "The line will link the central station with the northern suburbs and is expected to open in the spring of next year.\n\n"
    "Opposition members said the budget relied on optimistic forecasts of ticket sales and federal grants.\n\n"
    "The transport company will hire forty new drivers before the opening, according to its annual report.\n\n"
    "Works on the first section begin in March and will close two streets in the old town for six weeks.\n\n"
)
_THREAD = (
    "Finally! I have waited for this line for years.\n\nWho is going to pay for all of this?\n\n"
    "My street will be closed for six weeks and nobody asked me.\n\nYou clearly never took the night bus.\n\n"
    "Great news, thanks for the report!\n"
)


class CommentThread(Rule):
    reads = (LINE_TABLE, BODY_BOUNDS)
    code = "NL122"
    name = "comment-thread"
    category = "boilerplate"
    severity = "warning"
    summary = "Readers' comments copied below the article."
    explanation = """
## What it does
Flags everything from a comments header below the article ("3 Comments", "Comments",
"Top Rated Comments", "Leave a Reply", "10 thoughts on “Title”") to the end of the text:
the readers' comments and the comment form. The header must stand below the story: the
text after it may not hold more than four times the article prose above it, and a header
of one word ("Comments", "Response", which a writer may also use as a heading) must be below
most of the article's prose, unless the lines under it read as readers talking (half of
the next ten greet, say "I" or "you", or ask a question).

Without a header, it flags a thread of signed comments after the story's last paragraph:
at least three comments, each a signature line (a name or handle alone, "Ana K. says:",
"Ana K. on May 3, 2012 at 9:12 pm") followed by its text, where a name recurs or a
signature dates the comment, and where the comments' lines talk ("I", "you", questions).

Without header or signature (what an extractor keeps of many comment sections), it
reports, as **info**, a run of five or more lines to the end of the text, below the first
40% of the text's words, of which three in four talk ("I", "you", a question or an
exclamation, outside its quotations, in a line that reports no speech: a comment with an
inch mark or a scare quote still talks), under an article whose own
first part does not (at most one line in five talks: a news story, not a column that
addresses its readers throughout). Half the lines talking is enough when the run is a
thread of short lines: no paragraph of prose in it, its lines half as long as the
article's above it or less (a text of short paragraphs throughout is not such a contrast),
and its words under a third of the article's (a quotation split into short lines at the
end of a short story is not a thread). It looks for a thread when two of the last five
lines talk.

## Why is this bad?
Readers' comments are not the article. They carry other people's names, opinions and
typos into the text.

## Example
    ...the new line opens in May, the council said.

    3 Comments

    Great article, thanks!

    I disagree, the old buses were fine.

Use instead: end the article at its last paragraph.

## Fix safety
Unsafe: removes the header and everything after it.
"""
    examples_bad = (
        "The council met.\n\n2 Comments\n\nGreat article, thanks!\n\nI disagree with this.\n",
        "The council met.\n\n4 thoughts on “Council approves the budget”\n\nGreat article, thanks!\n",
        _STORY + _THREAD,
    )
    examples_good = (
        "Readers left 40 comments on the council's page.\n\nThe vote is on Friday.\n",
        "The council met on Monday and members debated the plan for three hours before the vote.\n\nResponse\n\n"
        "The reply of the ministry came a week later, and it said the plan broke two of the rules the council had set for itself.\n\n"
        "Officials said the second reading would follow in the spring, after the budget was set by the finance committee.\n",
        # a column that talks to its readers from the start: its last lines are its own
        "I have taken the same bus to work for ten years, and I can tell you the new timetable is a mess.\n\n" + _THREAD,
    )

    MAX_THREAD_RATIO = 4  # a thread may run to four times the story above it
    LOOK_AHEAD = 10

    @staticmethod
    def _conversation(after: list[LineInfo]) -> bool:
        """Do the lines under the header (LOOK_AHEAD of them) read as readers talking (a
        greeting, "I" or "you", a question) rather than as the article's next section?"""
        talk = sum(1 for li in after if _conversational(li.text))
        return len(after) >= 3 and talk >= 0.5 * len(after)

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        return doc.index[self.hits]  # a shared view: the promo-footer rule reads these too

    def detect(self, doc: Document) -> Iterable[Hit]:
        return self._check(doc)

    def _check(self, doc: Document) -> Iterator[Hit]:
        first, _ = body_bounds(doc)
        lines = [li for li in line_table(doc) if li.text]
        if not lines:
            return
        # below the first paragraph of body prose (or the first line, in a text without one)
        if first >= line_count(doc):
            first = lines[0].index
        last = lines[-1].index
        header = _COMMENTS_HEADER.match
        total = sum(li.words for li in lines if li.body)
        before = 0  # body words above the line
        for k, li in enumerate(lines):
            i = li.index
            if li.body:
                before += li.words
            if i <= first:
                continue
            if header(li.text):
                # below the article: a thread holds less than the story above it, and a bare
                # "Comments" or "Response" (a heading in a technical text, a link in a
                # byline) is below most of it
                bare = _BARE_HEADER.match(li.text) is not None
                after = total - before
                if after > (before if bare else self.MAX_THREAD_RATIO * before) and not self._conversation(lines[k + 1 : k + 1 + self.LOOK_AHEAD]):
                    continue
                if i < last:
                    yield _span_hit(doc, i, last, "Comment thread below the article", self.name)
                return
        signed = list(self._headerless(doc, lines, total))
        yield from signed
        if not signed:
            yield from self._talking_tail(doc, lines)

    MIN_SIGNED = 3

    def _headerless(self, doc: Document, lines: list[LineInfo], total: int) -> Iterator[Hit]:
        """A thread without a header: from a reader's signature line to the end, comments
        signed by their authors ("Anonymous", "Ana K. says:", "Ana K. on 3 May at 9:12")
        follow each other, each signature followed by prose, and their prose talks. One
        pass from the end (suffix counts): linear."""
        n = len(lines)
        if n < 2 * self.MIN_SIGNED or not total:
            return
        sig = [_signature(li) for li in lines]
        if sum(1 for x in sig if x) < self.MIN_SIGNED:
            return  # most articles: no thread to look for
        signed = talk = prose = 0
        names: dict[str, int] = {}
        stamped = False
        best = -1
        words_after = 0
        for k in range(n - 1, 0, -1):
            li = lines[k]
            if li.body:
                words_after += li.words
            if sig[k]:
                if k + 1 >= n:
                    continue  # a last line alone ("Pages"): not a comment's signature
                signed += 1
                key = li.text.lower()
                names[key] = names.get(key, 0) + 1
                stamped = stamped or sig[k] == "stamp"
                # the thread starts after the story's prose, below most of it, and its
                # signatures are a quarter of its lines or more
                if (signed >= self.MIN_SIGNED and (stamped or max(names.values()) > 1) and talk >= 0.4 * prose
                        and signed >= 0.25 * (n - k) and lines[k - 1].body and not sig[k - 1]
                        and words_after <= self.MAX_THREAD_RATIO * (total - words_after)):
                    best = k
            else:
                prose += 1
                talk += 1 if _conversational(li.text[:200]) else 0
        if best > 0:
            yield _span_hit(doc, lines[best].index, lines[-1].index, "Comment thread below the article (signed comments)", self.name)


    # a thread without header or signature: the article is written in a reporting voice (at
    # most VOICE_MAX of the lines of its first TAIL_START share of words talk), and its last
    # lines, TAIL_MIN_LINES or more after that share, mostly talk (TAIL_SHARE of them)
    VOICE_MAX = 0.2
    TAIL_START = 0.4
    TAIL_MIN_LINES = 5
    TAIL_SHARE = 0.75
    VOICE_LINES = 20

    # a run of short lines (no body line in it, median length at most SHORT_RATIO of the
    # lines above it) needs only SHORT_TAIL_SHARE of its lines to talk: comments that state
    # ("Typical council.", "Not surprised at all.") are short, an article's paragraphs long
    SHORT_TAIL_SHARE = 0.5
    SHORT_RATIO = 0.5
    SHORT_TAIL_WORDS = 0.3  # and holds at most this share of the words above it

    def _short_run(self, words: list[int], k: int) -> bool:
        """The lines from ``k`` to the end are short against the article's own: their median
        length is at most SHORT_RATIO of the median of the lines above them."""
        tail = sorted(words[k:])
        head = sorted(words[:k])
        return bool(head) and tail[len(tail) // 2] <= self.SHORT_RATIO * head[len(head) // 2]

    def _talking_tail(self, doc: Document, lines: list[LineInfo]) -> Iterator[Hit]:
        """Readers' comments kept without their header or signatures (what an extractor
        keeps of many comment sections): below an article written in a reporting voice, a
        run of lines that talk, to the end. One pass from the end, stopped as soon as the
        last lines do not talk (most articles): linear, a regex per line read."""
        n = len(lines)
        if n < 2 * self.TAIL_MIN_LINES:
            return
        talk = [False] * n
        last = range(n - 1, n - 1 - self.TAIL_MIN_LINES, -1)
        for k in last:
            talk[k] = _talks(lines[k].text)
        if sum(talk[k] for k in last) < 2:
            return  # fewer than two of the last lines talk: no thread
        words = [li.words for li in lines]
        total = sum(words)
        start_words = self.TAIL_START * total
        before = total
        count = 0
        best = -1
        prose_at = n  # the last body line (long, ending like a sentence) seen from the end
        for k in range(n - 1, 0, -1):
            if lines[k].body:
                prose_at = k
            before -= words[k]
            if before < start_words:
                break  # the thread starts below the first part of the article
            if k <= n - 1 - self.TAIL_MIN_LINES:
                talk[k] = _talks(lines[k].text)
            count += talk[k]
            m = n - k
            if talk[k] and m >= self.TAIL_MIN_LINES and (count >= self.TAIL_SHARE * m or (count >= self.SHORT_TAIL_SHARE * m and prose_at == n and self._short_run(words, k)
                                                                          and total - before <= self.SHORT_TAIL_WORDS * before)):
                best = k
        if best < 0:
            return
        # the article's own voice: the lines of its first part (at most VOICE_LINES)
        head: list[bool] = []
        seen = 0
        for li in lines[: min(best, self.VOICE_LINES)]:
            if seen >= start_words:
                break
            head.append(_talks(li.text))
            seen += li.words
        if not head or sum(head) > self.VOICE_MAX * len(head):
            return  # a blog or a column that talks throughout: its end is its own
        hit = _span_hit(doc, lines[best].index, lines[-1].index, "Possible comment thread below the article (lines that talk to the reader)", self.name)
        # no header, no signature: a column that turns to its readers at the end reads
        # the same, so this is a hint, not a warning
        yield Hit(hit.start, hit.end, hit.message, hit.fix, severity="info")


# a line that talks: "I", "you", a question or an exclamation, outside a quotation and in
# a line that reports no speech (a quote in a news story talks too, and says so). The marks
# are looked for with ``in`` (they have no case), the words with a regex.
_TALK_WORDS = LazyPattern(r"\b(?:i|i'm|i’m|i've|i’ve|i'd|i’d|i'll|i’ll|im|ive|me|my|you|your|you're|you’re|u|ur)\b", regex.I)
_REPORTED_WORDS = LazyPattern(r"\b(?:said|says|told|according to|asked|added|stated|wrote|writes)\b", regex.I)
# a quotation, to the end of the line when it is not closed there (a quote that runs on into
# the next paragraph opens each paragraph and closes only the last)
_QUOTED = LazyPattern(r'“[^”]*(?:”|$)|"[^"]*(?:"|$)')


def _talks(text: str) -> bool:
    """Does the line talk outside its quotations? A reader's comment with a quotation mark in
    it ("a 13" screen", a scare quote) still talks; a news line quoting someone does not."""
    head = text[:300]
    said = head
    if '"' in head or "“" in head:
        head = _QUOTED.sub(" ", head)
    if "”" in head:
        head = head[head.rindex("”") + 1:]  # the end of a quotation opened in an earlier line
    talks = "?" in head or "!" in head or _TALK_WORDS.search(head) is not None
    return talks and _REPORTED_WORDS.search(said) is None


# a reader's signature: a name or handle of one to three capitalised words alone on its
# line ("Anonymous", "Ed B.", "@kolar"), or one that says or dates ("Ana says:", "Ana K.
# on May 3, 2012 at 9:12 pm")
_SIGNATURE_NAME = LazyPattern(r"^(?:@\w+|(?:\p{Lu}[\p{L}'’.\-]*)(?:\s+-?\p{Lu}[\p{L}'’.\-]*){0,2})$", regex.V1)
_SIGNATURE_STAMP = LazyPattern(
    r"^[^.!?]{1,60}?\b(?:says|said|wrote|writes|replied)(?:\s+on\b.{0,60})?\s*:\s*$"
    r"|^[\p{L}@][^.!?]{0,40}?\b(?:on|at|·|\|)\s+.{0,40}\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*$",
    regex.I | regex.V1,
)


def _signature(li: LineInfo) -> str:
    """"name", "stamp" or "" for a line (the kinds of signature above)."""
    if li.words > 12 or li.body or li.text[-1:] in ".!?\"”":
        return ""
    if li.words <= 3 and _SIGNATURE_NAME.match(li.text):
        return "name"
    # both kinds of stamp end on a colon ("Ana says:") or a time ("9:12"): a line without
    # one is passed over without the search, which backtracks a long way on most lines
    if ":" in li.text and _SIGNATURE_STAMP.match(li.text):
        return "stamp"
    return ""


def _build_strong_lines(doc: Document) -> tuple[set[int], set[int]]:
    """The lines the footer's source rules detect (their shared ``hits`` views: computed
    once, whether or not those rules report them), and the 'Related' headers."""
    from newslint.registry import builtin_rules  # registry imports this module

    out: set[int] = set()
    for rule in _footer_sources(builtin_rules()):
        hits = doc.index[rule.hits]
        if hits:
            out |= _hit_lines(doc, hits)
    return out, set(_related_headers(doc))


def _strong_reads() -> tuple[View[Any], ...]:
    from newslint.registry import builtin_rules  # registry imports this module

    return (RELATED_HEADERS, *(rule.hits for rule in _footer_sources(builtin_rules())))


STRONG_LINES: View[tuple[set[int], set[int]]] = View("footer-source-lines", _build_strong_lines, _strong_reads)


class FooterBlock(Rule):
    reads = (LINE_TABLE, LINE_INFO, BODY_BOUNDS, NONBLANK, STRONG_LINES)
    code = "NL123"
    name = "promo-footer"
    category = "boilerplate"
    severity = "warning"
    summary = "A footer of promotions and site blurbs after the article's last paragraph."
    explanation = """
## What it does
Looks at the lines at the end of the text, after the article's last paragraph. When they
include at least two lines that other boilerplate rules recognise (a newsletter sign-up, a
privacy note, a "Latest stories" header, a comment form), the short lines between them
(a one-line site blurb, "Thank you", "Sorry!") are part of the same footer, and so are a
greeting opening a pop-up ("Oh hi there") and a list of links closing it. The whole footer
is one finding.

## Why is this bad?
Pop-ups and site footers come as blocks; flagging only the lines with tell-tale words
would leave their other lines in the text.

## Example
    ...the new line opens in May, the council said.

    Hi there!

    Sign up for our newsletter today.

    We don't spam! Read our privacy policy.

Use instead: end the article at its last paragraph.

## Fix safety
Unsafe: removes the footer block.
"""
    examples_bad = (
        "The council met on Monday to debate the plan, and members voted to approve it after a long and heated discussion.\n\n"
        "Hi there!\n\nSign up for our newsletter today.\n\nWe don't spam! Read our privacy policy.\n",
        "The council met on Monday to debate the plan, and members voted to approve it after a long and heated discussion.\n\n"
        "Sign up for our newsletter today.\n\nSorry!\n\nThere was an error processing your subscription.\n",
    )
    examples_good = (
        "The council met on Monday to debate the plan, and members voted to approve it after a long and heated discussion.\n\n"
        "The vote is on Friday.\n\nSign up for our newsletter today.\n\nWe don't spam! Read our privacy policy.\n",
    )

    MIN_STRONG = 2
    MAX_WEAK_WORDS = 22
    MAX_LIST_WORDS = 40

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        if body_bounds(doc)[1] < 0:
            return  # no article body: nothing to be a footer of
        flagged, headers = self._strong_lines(doc, ctx)
        strong = flagged | headers
        if len(strong) < self.MIN_STRONG:
            return
        info = line_info(doc)
        lines = list(_nonblank(doc))
        region: list[int] = []
        seen_strong = 0
        for i in reversed(lines):
            li = info[i]
            if i in strong:
                seen_strong += 1
            elif not seen_strong:
                # below the last recognised line: short non-sentences, or list items
                is_item = bool(_LIST_ITEM.match(li.raw)) and li.words <= self.MAX_LIST_WORDS
                if not is_item and (li.words > self.MAX_WEAK_WORDS or li.body or looks_like_sentence(li.text)):
                    break
            elif li.words > self.MAX_WEAK_WORDS or li.body:
                break
            region.append(i)
        region.reverse()
        tops = [k for k, i in enumerate(region) if i in strong]
        if len(tops) < self.MIN_STRONG:
            return
        # above the first recognised line only a greeting opens the footer
        greet = next((k for k in range(tops[0]) if _GREETING.match(info[region[k]].text)), tops[0])
        region = region[greet:]
        # report when the block adds lines the other rules leave unflagged
        if any(i not in flagged for i in region):
            yield _span_hit(doc, region[0], region[-1], f"Promotional footer ({len(region)} lines)", self.name)

    @staticmethod
    def _strong_lines(doc: Document, ctx: RuleContext) -> tuple[set[int], set[int]]:
        """Lines other boilerplate rules flag, and stand-alone 'Related'/'Latest' headers."""
        return doc.index[STRONG_LINES]




_SOURCES: list[tuple[tuple[Rule, ...], tuple[Rule, ...]]] = []


def _footer_sources(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """The rules whose hits the promo-footer rule reads (of ``rules``, cached)."""
    if _SOURCES and _SOURCES[0][0] is rules:
        return _SOURCES[0][1]
    picked = tuple(
        rule
        for rule in rules
        if rule.category == "boilerplate"
        and rule.code != FooterBlock.code
        and (getattr(rule, "kind", None) == "line" or isinstance(rule, (CommentThread, RelatedBlock, TableLeftover, LinkLine)))
    )
    _SOURCES[:] = [(rules, picked)]
    return picked


class TableLeftover(Rule):
    reads = (LINE_TABLE,)
    code = "NL124"
    name = "table-leftover"
    category = "boilerplate"
    severity = "warning"
    summary = "Rows of a table an extractor made from a page widget (stock tickers, stats boxes)."
    explanation = """
## What it does
In plain-text articles, flags runs of table rows written with pipes (`| a | b |`) and their
`|---|---|` rule lines, as one finding per table. Markdown files are left alone: there a
table is markup the author wrote.

## Why is this bad?
Extractors turn the page's widgets (a stock ticker, a statistics box, a fixtures list)
into Markdown-like tables inside the article text. Plain article text has no tables; the
rows read as noise.

## Example
    | Ticker | Last | Change |
    |---|---|---|
    | ABC | 10.20 | -0.5% |

## Fix safety
Unsafe: removes the table.
"""
    examples_bad = ("The shares fell on Monday.\n\n| Ticker | Last | Change |\n|---|---|---|\n| ABC | 10.20 | -0.5% |\n",)
    examples_good = ("The vote was 5 | 4, a reader wrote, using a pipe.\n",)

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        return doc.index[self.hits]  # a shared view: the promo-footer rule reads these too

    def detect(self, doc: Document) -> Iterable[Hit]:
        return () if doc.markdown else self._check(doc)

    def _check(self, doc: Document) -> Iterator[Hit]:
        block: list[int] = []
        rule_line = False

        def flush() -> Iterator[Hit]:
            if len(block) >= 2 or (block and rule_line):
                yield _span_hit(doc, block[0], block[-1], f"Table rows from the page ({len(block)} lines)", self.name)

        for li in line_table(doc):
            # a row and a rule line both hold a pipe
            is_rule = "|" in li.raw and bool(_TABLE_RULE.match(li.raw))
            if is_rule or ("|" in li.raw and _TABLE_ROW.match(li.raw)):
                block.append(li.index)
                rule_line = rule_line or is_rule
                continue
            yield from flush()
            block, rule_line = [], False
        yield from flush()


class LinkLine(Rule):
    reads = (LINE_TABLE,)
    code = "NL125"
    name = "link-line"
    category = "boilerplate"
    severity = "warning"
    summary = "A line holding only a web address, or a label and a web address."
    explanation = """
## What it does
Flags a line that is nothing but a full web address with a path
(`https://example.com/story/123`), or a short label followed by addresses
("Download: https://…", "More sport: https://… and https://…").

## Why is this bad?
These are the page's links (share targets, image sources, podcast and app links) spilled
into the text. A bare site name such as "www.example.org" given as contact information is
not flagged.

## Example
    Listen: https://example.com/podcast/615

## Fix safety
Unsafe: removes the line.
"""
    examples_bad = ("The show airs weekly.\n\nDownload: https://example.com/podcast/615\n", "https://example.com/news/2019/story-123\n")
    examples_good = ("Tickets are on sale at www.example.org\n", "The ministry published the report at https://example.gov/report on Monday.\n")

    MAX_LABEL_WORDS = 4

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        return doc.index[self.hits]  # a shared view: the promo-footer rule reads these too

    def detect(self, doc: Document) -> Iterable[Hit]:
        return self._check(doc)

    def _check(self, doc: Document) -> Iterator[Hit]:
        for li in line_table(doc):
            if "://" not in li.raw and "www." not in li.raw:
                continue  # (stripping the line below adds neither)
            raw = li.raw.lstrip("-*•· ").strip()
            if "://" not in raw and "www." not in raw:
                continue
            if _BARE_URL.match(raw):
                yield _span_hit(doc, li.index, li.index, "Bare web address from the page", self.name)
                continue
            m = _LABEL_URL.match(raw)
            if m and len(raw.split(":", 1)[0].split()) <= self.MAX_LABEL_WORDS:
                yield _span_hit(doc, li.index, li.index, "Link line from the page", self.name)


RULES: list[Rule] = [RepeatedLine(), RelatedBlock(), CommentThread(), FooterBlock(), TableLeftover(), LinkLine()]
