"""A line model of boilerplate: shallow features of each line and its neighbours, weighed by
weights fitted on labelled pages (``bench/fit_line_model.py``), not a phrase list.

As boilerplate detectors for web pages do (boilerpipe's shallow text features, jusText's
stop-word density and context), each line is described by what carries from site to site:
its length, how much of it is function words, whether it ends like a sentence, its capitals,
digits, times and dates, how much it looks like a link or a menu, where it stands relative to
the article's body, and the same for the lines around it. Two logistic regressions score it:
the first from the line and its neighbours' shape, the second adds the first's scores of the
surrounding lines (a menu line sits among menu lines; a comment among comments). There are
two sets of weights, picked per document by its share of short lines: one for an article as
an extractor returns it (a few leftovers around prose), one for a whole page's text (menus,
footers and teasers around the story).

The weights, the stop-word and interface-word lists and the thresholds are plain JSON
(``newslint/data/boilerplate_model.json``), read once; nothing read from disk runs code.
Cost: a bounded amount of work per line (the features read at most ``MAX_CHARS_READ``
characters of a line), so a check stays linear in the text.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate
from operator import mul  # a builtin: called from map several times faster than float.__mul__
from pathlib import Path
from typing import Any

from newslint.document import Document
from newslint.finding import Hit
from newslint.index import View
from newslint.rules.base import Rule, RuleContext
from newslint.rules.lines import BODY_BOUNDS, LINE_TABLE, LineInfo, body_bounds, line_table, remove_lines_fix
from newslint.rules.precedence import covered_lines

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "boilerplate_model.json"
SHORT_WORDS = 6  # a "short" line for the window features
WINDOW = 3

# The features of one line, in the order of the weights (the JSON names them; a mismatch is
# an error at load). "n_" are neighbours, "w_" the window around the line.
OWN = (
    "words_log", "long", "short", "sent_end", "colon_end", "stop_ratio", "cap_ratio", "upper",
    "title_case", "digit_ratio", "time", "date", "url", "at_sign", "separators", "list_item",
    "lower_start", "person", "qe", "ui_ratio", "ui_any", "paren", "word_len", "punct_ratio",
    "quote_start", "symbol", "pipe_row",
)
POSITION = ("rel_pos", "before_body", "after_body", "first_line", "last_line", "dup", "body_dist", "doc_short", "doc_lines")
CONTEXT = (
    "p_words_log", "n_words_log", "p_long", "n_long", "p_sent_end", "n_sent_end", "p_ui", "n_ui",
    "w_short", "w_body", "w_ui", "w_dup",
)
CROSS = ("short_after", "short_before", "nonsent_after", "nonsent_before", "ui_short", "dup_short")
FEATURES: tuple[str, ...] = OWN + POSITION + CONTEXT + CROSS
STAGE2 = ("s1", "s1_prev", "s1_next", "s1_w2", "s1_w5", "s1_max1", "s1_tail", "s1_head")

_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\b|[ap]m\b)?|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)", re.I)
_MONTHS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
    "august september october november december".split()
)
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_SEPARATOR_CHARS = frozenset("|»›«‹•·►▶→←/")
_LIST_ITEM = re.compile(r"^(?:[-*•·–+]|\d{1,3}[.)])\s+\S")
_SENT_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_SYMBOL_CHARS = frozenset("©®™@#")
_OPEN_QUOTES = frozenset("\"“‘'«„")
_WORD = re.compile(r"[^\W_][\w'’\-]*")  # a word, inner apostrophes and hyphens kept
# a run of letters, digits, apostrophes and hyphens, as (its first character when that is a
# letter, else "", the rest of the run): the initials of the words and their lengths in one scan
_WORD_RUN = re.compile(r"(?:([^\W\d_])|[\d_'’\-])([\w'’\-]*)")
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[^\w\s]")
MAX_CHARS_READ = 120
_PERSON = frozenset(("i", "i'm", "i’m", "i've", "i’ve", "me", "my", "you", "your", "you're", "you’re", "we", "us", "our"))


class Weights:
    """The fitted model as read from JSON: two linear stages, word lists, thresholds."""

    def __init__(self, data: dict[str, Any]) -> None:
        names = tuple(data["features"])
        if names != FEATURES or tuple(data["stage2_features"]) != STAGE2:
            raise ValueError("boilerplate model: its features do not match this version of newslint")
        self.stop = frozenset(data["stop_words"])
        self.ui = frozenset(data["ui_words"])
        # two experts: "article" (an extracted article with its leftovers) and "page" (a
        # whole page's text, mostly menus), picked per document by its share of short lines
        self.gate = float(data["gate"]["doc_short"])
        self.gate_lines = int(data["gate"]["lines"])
        self.experts = {name: _stages(data[name]) for name in ("article", "page")}
        self.warning = float(data["thresholds"]["warning"])
        self.info = float(data["thresholds"]["info"])


def _stages(spec: dict[str, Any]) -> tuple[float, tuple[float, ...], float, tuple[float, ...]]:
    b1, w1 = float(spec["stage1"]["bias"]), tuple(float(x) for x in spec["stage1"]["weights"])
    b2, w2 = float(spec["stage2"]["bias"]), tuple(float(x) for x in spec["stage2"]["weights"])
    if len(w1) != len(FEATURES) or len(w2) != len(FEATURES) + len(STAGE2):
        raise ValueError("boilerplate model: wrong number of weights")
    return b1, w1, b2, w2


_OVERRIDE: list[Weights] = []


@lru_cache(maxsize=1)
def _shipped() -> Weights:
    return Weights(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def weights() -> Weights:
    """The weights in use: the shipped file, or what ``use_weights`` set (fitting scripts)."""
    return _OVERRIDE[0] if _OVERRIDE else _shipped()


def use_weights(data: dict[str, Any] | None) -> None:
    """Score with these weights instead of the shipped ones (None: back to the shipped).
    For the fitting and cross-validation scripts."""
    _OVERRIDE[:] = [Weights(data)] if data is not None else []


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    if z > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


def _norm_key(text: str) -> str:
    return " ".join(text.lower().split())


def _own(li: LineInfo, w: Weights) -> list[float]:
    """Features of one line alone (OWN order). Reads at most ``MAX_CHARS_READ`` characters
    of the line, with C-level counting (regex ``findall``, ``map``): bounded per line."""
    text, raw, n = li.text, li.raw, li.words
    head = text[:MAX_CHARS_READ]
    rhead = raw[:MAX_CHARS_READ]
    words = _WORD.findall(head.lower())
    k = len(words) or 1
    # distinct words of each list (set intersections run in C)
    stop = len(w.stop.intersection(words))
    ui = len(w.ui.intersection(words))
    person = len(_PERSON.intersection(words))
    runs = _WORD_RUN.findall(head)
    initials = [first for first, _ in runs if first]  # the first letter of each word
    alpha = len(initials) or 1
    caps = sum(map(str.isupper, initials))
    letters_len = sum(map(len, words))
    chars = len(rhead) or 1
    digits = len(_DIGIT.findall(rhead))
    puncts = _PUNCT.findall(rhead)
    title = 0.0
    if 3 <= n <= 20:
        long_initials = [first for first, rest in runs if first and len(rest) >= 3][1:]  # of words of 4 letters or more
        if len(long_initials) >= 2 and sum(map(str.isupper, long_initials)) >= 0.75 * len(long_initials):
            title = 1.0
    return [
        math.log1p(n),
        1.0 if n >= 18 else 0.0,
        1.0 if n <= 3 else 0.0,
        1.0 if _SENT_END.search(text[-8:]) else 0.0,  # the end of the line is enough
        1.0 if text.endswith(":") else 0.0,
        stop / k,
        caps / alpha,
        1.0 if (len(head) >= 2 and head.isupper()) else 0.0,
        title,
        digits / ((chars - rhead.count(" ")) or 1),
        1.0 if digits and (":" in rhead or "m" in head) and _TIME.search(rhead) else 0.0,
        1.0 if digits and ((not _MONTHS.isdisjoint(words)) or _NUMERIC_DATE.search(rhead)) else 0.0,
        1.0 if ("://" in raw or "www." in raw) else 0.0,
        1.0 if "@" in raw else 0.0,
        min(sum(map(_SEPARATOR_CHARS.__contains__, puncts)), 3) / 3,
        1.0 if _LIST_ITEM.match(raw) else 0.0,
        1.0 if (initials and initials[0].islower()) else 0.0,
        person / k,
        1.0 if ("?" in text or "!" in text) else 0.0,
        ui / k,
        1.0 if ui else 0.0,
        1.0 if (raw[:1] in "([" and raw[-1:] in ")]") else 0.0,
        min(letters_len / k, 15.0) / 10,
        min(len(puncts) / chars, 1.0),
        1.0 if raw[:1] in _OPEN_QUOTES else 0.0,
        0.0 if _SYMBOL_CHARS.isdisjoint(puncts) else 1.0,
        1.0 if raw.startswith("|") and raw.endswith("|") else 0.0,
    ]


def _core_empty() -> list[float]:
    return [0.0] * len(OWN)


def _core(li: LineInfo) -> list[float]:
    """The features of a line of the prose core (a body line between body lines) that its
    neighbours read; the rest is not computed (the line itself is never scored)."""
    out = [0.0] * len(OWN)
    out[_I_WORDS], out[_I_LONG], out[_I_SENT] = math.log1p(li.words), 1.0, 1.0
    return out


# indices into OWN used by the position, context and cross features
_I_WORDS, _I_LONG, _I_SHORT, _I_SENT = OWN.index("words_log"), OWN.index("long"), OWN.index("short"), OWN.index("sent_end")
_I_UI = OWN.index("ui_any")


def features(doc: Document) -> tuple[list[LineInfo], list[list[float] | None]]:
    """The non-blank lines of ``doc`` and each one's feature vector, None for the lines of
    the prose core (the shared view ``LM_FEATURES``)."""
    return doc.index[LM_FEATURES]


def is_core(table: list[LineInfo]) -> list[bool]:
    """The prose core: body lines (long, ending like a sentence) whose neighbours are body
    lines too. The model never flags them and does not compute their features: most of an
    article's words are there, so the model's cost follows the lines around the prose."""
    return [li.body for li in table]


def _features(doc: Document, w: Weights) -> tuple[list[LineInfo], list[list[float] | None]]:
    table = [li for li in line_table(doc) if li.raw]
    n = len(table)
    if not n:
        return table, []
    core = is_core(table)
    own = [_core(li) if c else _own(li, w) for li, c in zip(table, core, strict=True)]
    is_body = [li.body for li in table]
    body = [k for k, here in enumerate(is_body) if here]
    first_body, last_body = (body[0], body[-1]) if body else (n, -1)
    keys = ["" if c else _norm_key(li.raw) for li, c in zip(table, core, strict=True)]
    counts = Counter(keys)
    dup = [1.0 if counts[key] > 1 and len(key) > 1 else 0.0 for key in keys]
    # distance (in lines) to the nearest body line, both ways in one pass each
    dist = [float(n)] * n
    last = None
    for k, here in enumerate(is_body):
        if here:
            last = k
        if last is not None:
            dist[k] = k - last
    last = None
    for k in range(n - 1, -1, -1):
        if is_body[k]:
            last = k
        if last is not None:
            dist[k] = min(dist[k], last - k)
    short = [1.0 if (table[k].words <= SHORT_WORDS and not own[k][_I_SENT]) else 0.0 for k in range(n)]
    bodyf = [own[k][_I_LONG] * own[k][_I_SENT] for k in range(n)]
    uif = [own[k][_I_UI] for k in range(n)]
    # window sums by prefix sums: linear, whatever the window
    ps_short, ps_body, ps_ui, ps_dup = _prefix(short), _prefix(bodyf), _prefix(uif), _prefix(dup)
    # the page as a whole: a whole-page scrape is mostly short lines (menus), an extracted
    # article mostly prose; the same line means more in the first than in the second
    doc_short = ps_short[n] / n
    doc_lines = math.log1p(n) / 5
    out: list[list[float] | None] = []
    denom_pos = max(n - 1, 1)
    short_log = math.log1p(8)
    empty = _core_empty()  # the neighbour of the first and last line
    log_dist = [math.log1p(min(d, 50.0)) for d in dist]
    for k in range(n):
        if core[k]:
            out.append(None)
            continue
        f = own[k]
        p = own[k - 1] if k else empty
        q = own[k + 1] if k + 1 < n else empty
        a, b = max(0, k - WINDOW), min(n, k + WINDOW + 1)
        m = (b - a - 1) or 1
        before = 1.0 if k < first_body else 0.0
        after = 1.0 if k > last_body else 0.0
        is_short = 1.0 if f[_I_WORDS] <= short_log else 0.0
        nonsent = 1.0 - f[_I_SENT]
        d = dup[k]
        row = f.copy()
        row += (
            # position
            k / denom_pos, before, after, 1.0 if k == 0 else 0.0, 1.0 if k == n - 1 else 0.0, d, log_dist[k], doc_short, doc_lines,
            # context
            p[_I_WORDS], q[_I_WORDS], p[_I_LONG], q[_I_LONG], p[_I_SENT], q[_I_SENT], p[_I_UI], q[_I_UI],
            (ps_short[b] - ps_short[a] - short[k]) / m, (ps_body[b] - ps_body[a] - bodyf[k]) / m,
            (ps_ui[b] - ps_ui[a] - uif[k]) / m, (ps_dup[b] - ps_dup[a] - d) / m,
            # crossed
            is_short * after, is_short * before, nonsent * after, nonsent * before, f[_I_UI] * is_short, d * is_short,
        )
        out.append(row)
    return table, out


def _prefix(xs: list[float]) -> list[float]:
    """Prefix sums, from 0.0: the same additions in the same order as a loop, run in C."""
    return list(accumulate(xs, initial=0.0))


def stage2_features(s1: list[float], rows: list[int] | None = None) -> list[list[float]]:
    """Context of the first stage's scores around each line (STAGE2 order), for the lines
    ``rows`` (all by default)."""
    n = len(s1)
    ps = _prefix(s1)
    hi = _prefix([1.0 if x >= 0.5 else 0.0 for x in s1])
    out = []
    for k in range(n) if rows is None else rows:
        prev = s1[k - 1] if k else 0.0
        nxt = s1[k + 1] if k + 1 < n else 0.0
        a2, b2 = max(0, k - 2), min(n, k + 3)
        a5, b5 = max(0, k - 5), min(n, k + 6)
        w2 = (ps[b2] - ps[a2] - s1[k]) / ((b2 - a2 - 1) or 1)
        w5 = (ps[b5] - ps[a5] - s1[k]) / ((b5 - a5 - 1) or 1)
        tail = (hi[n] - hi[k + 1]) / ((n - k - 1) or 1)
        head = hi[k] / (k or 1)
        out.append([s1[k], prev, nxt, w2, w5, max(prev, nxt), tail, head])
    return out


_I_DOC_SHORT = FEATURES.index("doc_short")


def expert(feats: list[list[float] | None], w: Weights) -> str:
    """Which expert reads this document: "page" when it is long (``gate_lines`` non-blank
    lines or more) and many of its lines are short; a whole page's text is both."""
    row = next((f for f in feats if f is not None), None)
    return "page" if row is not None and len(feats) >= w.gate_lines and row[_I_DOC_SHORT] >= w.gate else "article"


def scores(doc: Document) -> tuple[list[LineInfo], list[float]]:
    """Each non-blank line and the probability that it is boilerplate (``LM_SCORES``)."""
    return doc.index[LM_SCORES]


def _scores(doc: Document) -> tuple[list[LineInfo], list[float]]:
    w = weights()
    table, feats = features(doc)
    if not table:
        return table, []
    b1, w1, b2, w2 = w.experts[expert(feats, w)]
    s1 = [0.0 if f is None else _sigmoid(b1 + sum(map(mul, w1, f))) for f in feats]
    rows = [k for k, f in enumerate(feats) if f is not None]
    s2 = [0.0] * len(feats)
    for k, c in zip(rows, stage2_features(s1, rows), strict=True):
        f = feats[k]
        assert f is not None  # rows are the lines that have features
        s2[k] = _sigmoid(b2 + sum(map(mul, w2, f + c)))
    return table, s2


#: The non-blank lines and each one's feature vector (None for the lines of the prose core).
LM_FEATURES: View[tuple[list[LineInfo], list[list[float] | None]]] = View("line-model-features", lambda doc: _features(doc, weights()), (LINE_TABLE,))
#: Each non-blank line and the probability that it is boilerplate.
LM_SCORES: View[Any] = View("line-model-scores", _scores, (LM_FEATURES,))


class LineModel(Rule):
    after = ("boilerplate",)  # yields to the lines the other boilerplate rules flag
    reads = (LINE_TABLE, BODY_BOUNDS, LM_SCORES)
    code = "NL131"
    name = "boilerplate-line-model"
    category = "boilerplate"
    severity = "warning"
    summary = "A line that reads like page furniture (menu, widget, caption, comment, teaser), by a model fitted on labelled pages."
    explanation = """
## What it does
Scores every line outside the article's prose (a long line ending like a sentence is
never flagged by it) with a small model fitted on labelled web pages instead of a phrase
list: the line's length, its share of function words, whether it ends like a sentence, its
capitals, digits, times and dates, separators and link-like shape, words of a page's
interface ("share", "reply", "subscribe"...), where it stands relative to the article's body,
and the same for the lines around it. A run of lines scored above the model's confidence
threshold is one finding: a **warning** when the model is confident, **info** when it is
less sure. A text without article prose (no long line ending like a sentence) is left
alone: there is no article for its lines to be the leftovers of; so are lines of a program
listing or of a table of figures (the article's own data), and the items of a numbered
list that counts on between the article's paragraphs (a ranking, a list of steps). The message gives the confidence. Lines another boilerplate rule reports are
left to that rule.

Context, as jusText reads it: a short line (ten words or fewer, not ending like a
sentence), alone or with one more, between lines of page boilerplate (found by any
boilerplate rule or by the model), or between such a line and the end of the text, is
reported as **info** ("between lines of page boilerplate") whatever its own score: a label,
a counter or a button left between a share row and a comment form. A short sentence there
is left alone.

The weights are plain data (`newslint/data/boilerplate_model.json`), fitted by
`bench/fit_line_model.py` and validated by cross-validation grouped by site (no site is in
both the training and the test fold).

## Why is this bad?
Every site words its furniture differently ("Join the conversation", "What do you
think?", "Filed under", "Posted in Gadgets | 4 responses"); a phrase list only knows the
sites it was written against. The shape of such lines carries from site to site.

## Example
    The tram line opens in May, the city said.

    Filed under Transport · City Hall · Trams
    Posted by Ana Kolar at 4:12 PM | 3 responses

Use instead: end the article at its last paragraph.

## Fix safety
Unsafe: removes the lines. A model can be wrong; review the lines before removing them.
"""
    examples_bad = (
        "The tram line opens in May after three years of works across the city centre, "
        "the council said on Monday, and fares will stay the same for the first year.\n\n"
        "Share this:\nTwitter\nFacebook\nEmail\nPrint\n\nLike this:\nLike Loading...\n",
    )
    examples_good = (
        "The tram line opens in May after three years of works across the city centre, "
        "the council said on Monday, and fares will stay the same for the first year.\n\n"
        "Ticket prices\n\nA single ride will cost two euros, and a monthly pass forty, "
        "the same as the buses, a spokesman for the transport company said.\n",
        # a ranking inside the article
        "The survey ranked the cities of the region by the share of trips made by public transport last year.\n\n"
        "1. Veldt\n2. Lindau\n3. Osterby\n4. Marrow\n5. Kessel\n\n"
        "Officials in Kessel said the ranking ignored the new tram line, which opened only in December of that year.\n",
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        return list(self._check(doc, _taken(ctx)))

    def _check(self, doc: Document, taken: set[int]) -> Iterator[Hit]:
        if body_bounds(doc)[1] < 0:
            return  # no article prose: nothing for lines to be the leftovers of
        w = weights()
        table, s = scores(doc)
        bounds = body_bounds(doc)
        run: list[int] = []
        level = ""

        def flush() -> Iterator[Hit]:
            if run:
                conf = min(s[k] for k in run)
                first, last = table[run[0]].index, table[run[-1]].index
                what = "Line" if first == last else f"{len(run)} lines"
                why = ("between lines of page boilerplate" if level == "context"
                       else f"reading like page boilerplate (model confidence {conf:.2f})")
                yield Hit(
                    doc.lines[first].start + len(doc.lines[first].text) - len(doc.lines[first].text.lstrip()),
                    doc.lines[last].start + len(doc.lines[last].text.rstrip()),
                    f"{what} {why}",
                    remove_lines_fix(doc, first, last, "unsafe", self.name),
                    severity=None if level == "warning" else "info",
                    data={"confidence": round(conf, 3)},
                )

        levels: list[str] = []
        for k, p in enumerate(s):
            lv = "warning" if p >= w.warning else ("info" if p >= w.info else "")
            if table[k].index + 1 in taken:
                lv = ""  # another boilerplate rule reports this line
            elif lv and (_in_listing(table, k) or ranked_item(table, k, *bounds)):
                lv = ""  # a line of a program listing, a table of figures or a ranking is the article's
            levels.append(lv)
        _context(table, levels, taken, bounds)
        for k, lv in enumerate(levels):
            if lv != level or not lv:
                yield from flush()
                run = []
            level = lv
            if lv:
                run.append(k)
        yield from flush()


# jusText's context: a short line that does not end like a sentence (CONTEXT_WORDS words
# or fewer), alone or with one more (CONTEXT_RUN lines), between lines of page boilerplate (or
# between them and the end of the text) is boilerplate too: a label, a counter or a button
# left between a share row and a comment form. Read from the other rules' findings and the
# model's own lines, so it carries to a site none of them has seen.
CONTEXT_WORDS = 10
CONTEXT_RUN = 2


def _context(table: list[LineInfo], levels: list[str], taken: set[int], bounds: tuple[int, int]) -> None:
    """Mark ``levels[k]`` "context" for the short lines boilerplate lines enclose (in place)."""
    n = len(table)
    flagged = [bool(levels[k]) or table[k].index + 1 in taken for k in range(n)]
    k = 0
    while k < n:
        if flagged[k]:
            k += 1
            continue
        j = k
        while j < n and not flagged[j] and j - k <= CONTEXT_RUN:
            j += 1
        if (k > 0 and j - k <= CONTEXT_RUN and (j == n or flagged[j])
                and all(table[i].words <= CONTEXT_WORDS and not _SENT_END.search(table[i].text[-8:]) and not _in_listing(table, i)
                        and not ranked_item(table, i, *bounds) for i in range(k, j))):
            for i in range(k, j):
                levels[i] = "context"
        while j < n and not flagged[j]:
            j += 1
        k = j


# the shape of a program or its output: box drawing, braces and semicolons, snake_case
# identifiers, a line ending an argument list, an SQL or code keyword opening the line
_CODE = re.compile(
    r"[│─┼┌┐└┘{};]|[a-z0-9]_[a-z0-9]|[(\[,]\s*$|^\s*[)}\]]|::|^\s*(?:--|//|#!)\s"
    r"|^\s*(?:SELECT|FROM|WHERE|WITH|GROUP BY|ORDER BY|import|def|return|var|let|const|function)\b"
)


def _code_or_data(raw: str) -> bool:
    """A line of code or of figures (letters under half its characters)."""
    if _CODE.search(raw):
        return True
    letters = sum(1 for ch in raw[:MAX_CHARS_READ] if ch.isalpha())
    return letters < 0.5 * (len(raw[:MAX_CHARS_READ]) - raw[:MAX_CHARS_READ].count(" "))


def in_listing(table: list[LineInfo], k: int, figures: bool = True) -> bool:
    """Line ``k`` is code or figures, or two of the four lines around it are (a short line
    inside a program listing: "LIMIT", "series"). With ``figures`` False only the shape of
    code counts (lines of figures around a line, such as timestamps, are no listing). Read
    only for lines a rule flags."""
    shape = _code_or_data if figures else _is_code
    if shape(table[k].raw):
        return True
    around = [table[j].raw for j in (k - 2, k - 1, k + 1, k + 2) if 0 <= j < len(table)]
    return sum(1 for raw in around if shape(raw)) >= 2


def _is_code(raw: str) -> bool:
    return _CODE.search(raw) is not None


_in_listing = in_listing

_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+\S")


def ranked_item(table: list[LineInfo], k: int, first_body: int, last_body: int) -> bool:
    """Line ``k`` is an item of a numbered list that counts on (its neighbour is item n-1 or
    n+1) between the article's first and last paragraph: a ranking or a list of steps the
    article gives. A numbered list of other stories stands below the article."""
    if not first_body < table[k].index < last_body:
        return False
    m = _NUMBERED.match(table[k].raw)
    if not m:
        return False
    n = int(m.group(1))
    for j, want in ((k - 1, n - 1), (k + 1, n + 1)):
        if 0 <= j < len(table):
            o = _NUMBERED.match(table[j].raw)
            if o and int(o.group(1)) == want:
                return True
    return False


def _taken(ctx: RuleContext) -> set[int]:
    """1-based lines the earlier boilerplate findings of this article cover."""
    return covered_lines(ctx.findings_of("boilerplate"))


RULES: list[Rule] = [LineModel()]
