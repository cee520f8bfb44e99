"""Attribution rules that need logic, not just a phrase list.

The phrase families (weasel sources, agentless belief, unsourced effects) are data in
``rules/attribution.toml``. Two rules here read more than one phrase:

* NL304 ``agentless-expectation``: "is expected to", "are anticipated to", "was forecast to"
  with no agent in the sentence ("expected by analysts") and no attribution ("..., the
  ministry said"). "Expected by the end of June" is a time, not an agent.
* NL305 ``unattributed-quote``: a direct quotation whose sentence, paragraph, and the
  paragraphs before and after it name no speaker (a name or pronoun next to a reporting
  verb, "according to", a colon introduction, a dash credit). A quotation that continues
  one attributed in the previous paragraph has a speaker; a short quoted phrase of a few
  words inside a sentence (a scare quote, a title) is not a quotation that needs one.

Their word lists are the ``[lists]`` table of ``rules/attribution.toml``.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate, islice
from typing import Any

import regex

from newslint.config import ConfigError
from newslint.document import Document, Span
from newslint.finding import Hit
from newslint.index import PROSE_LOWER, WORD_LOWS, View
from newslint.packs import LazyPattern, builtin_packs_dir, phrase_regex, read_rule_header, read_toml
from newslint.rules.base import Rule, RuleContext
from newslint.spelling import token_starts, word_lows

# ---- the views of a document the attribution rules share (newslint.index) -----------------------
# (lambdas, not the builders themselves: those are defined further down, so the name is looked up late)
TRIGGER_INDEX: View[dict[str, list[int]]] = View("attribution-trigger-index", lambda doc: _build_trigger_index(doc), (PROSE_LOWER, WORD_LOWS))  # noqa: PLW0108
SCREEN_LOWER: View[str | None] = View("attribution-screen-lower", lambda doc: _build_screen_lower(doc), (PROSE_LOWER,))  # noqa: PLW0108
HEADLINE_LINES: View[dict[int, bool]] = View("attribution-headline-lines", lambda doc: {})  # line start -> headline-like, as asked
QUOTE_MARKS: View[dict[int, list[int]]] = View("quote-marks", lambda doc: _build_quote_marks(doc))  # noqa: PLW0108
QUOTATIONS: View[list[Quotation]] = View("quotations", lambda doc: _build_quotations(doc), (QUOTE_MARKS,))  # noqa: PLW0108
QUOTE_MAP: View[QuoteAttribution] = View("quote-attribution", lambda doc: QuoteAttribution(doc, _QUOTE_RULE[0]), (QUOTATIONS, TRIGGER_INDEX, SCREEN_LOWER, HEADLINE_LINES))
ATTRIBUTION_VIEWS = (TRIGGER_INDEX, SCREEN_LOWER, HEADLINE_LINES, QUOTE_MARKS, QUOTATIONS, QUOTE_MAP)

_DEFAULT_LISTS: dict[str, Any] = {
    "be_forms": ["is", "are", "was", "were", "be", "been", "being"],
    "adverbs": ["also", "still", "now", "widely", "generally", "not"],
    "expectation_verbs": ["expected", "anticipated", "predicted", "projected", "forecast"],
    "time_words": ["the end", "end", "next", "this"],
    "reporting_verbs": ["said", "says", "told", "added", "wrote"],
    "pronouns": ["he", "she", "they", "we", "i"],
    "short_quote_words": 4,
    "schedule_verbs": ["announce", "appear", "meet", "sign", "vote"],
    "source_descriptors": ["police", "government", "military"],
    "schedule_times": [r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|tomorrow)\b"],
}
REGEX_TIMEOUT = 0.25  # as for pack patterns: a slower pattern is a broken pattern
_FLAGS = regex.I


@lru_cache(maxsize=1)
def pack_data() -> dict[str, Any]:
    """rules/attribution.toml: its [lists] table and its [[phrases]] rules."""
    path = builtin_packs_dir() / "attribution.toml"
    data = dict(read_toml(path)) if path.exists() else {}
    data["_path"] = str(path)
    return data


def word_lists() -> dict[str, Any]:
    """The [lists] table of the built-in attribution pack (defaults for missing keys)."""
    lists = dict(_DEFAULT_LISTS)
    table = pack_data().get("lists", {})
    if isinstance(table, dict):
        lists.update({k: v for k, v in table.items() if k in lists})
    return lists


def _alt(words: Iterable[str]) -> str:
    """Words as a regex alternation, longest first, any whitespace inside phrases."""
    uniq = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(regex.escape(p) for p in w.split()) for w in uniq) + ")"


def _trigger_index(doc: Document) -> dict[str, list[int]]:
    """Lowercased word -> start offsets, for the trigger words of every attribution rule.

    Built once per document and kept on it, so each rule looks at only the sentences that
    hold its words. The offsets are those of the tokens whose lowercase is the word: one
    Aho-Corasick pass over the lowercased prose for all the trigger words (twice as fast as
    one regex alternation of them), each hit kept when it is a whole token (the tokenizer's
    boundaries, as ``token_starts`` checks them). When lowercasing changes the prose's
    length, the tokens themselves are used.
    """
    return doc.index[TRIGGER_INDEX]


def _build_trigger_index(doc: Document) -> dict[str, list[int]]:
    p = doc.prose
    low = _prose_lower(doc)
    if len(low) != len(p):
        index = _trigger_index_by_tokens(doc)
    else:
        found: dict[str, list[int]] = {}
        n, joiners = len(p), "'’-"
        for last, w in _trigger_automaton().iter(low):
            e = last + 1
            s = e - len(w)
            # a whole token: no word character, and no joiner after one, on either side
            if ((s == 0 or not (p[s - 1].isalnum() or (p[s - 1] in joiners and s >= 2 and p[s - 2].isalnum())))
                    and (e == n or not (p[e].isalnum() or (p[e] in joiners and e + 1 < n and p[e + 1].isalnum())))):
                found.setdefault(w, []).append(s)
        index = {w: found[w] for w in sorted(found)}
    return index


def _prose_lower(doc: Document) -> str:
    """The prose lowercased (the shared view ``PROSE_LOWER``)."""
    return doc.index[PROSE_LOWER]


def _trigger_index_by_tokens(doc: Document) -> dict[str, list[int]]:
    wanted = _all_triggers()
    index: dict[str, list[int]] = {}
    lows = word_lows(doc)
    for w in sorted(wanted.intersection(lows)):
        starts = token_starts(doc, w, lows)
        if starts is None:  # cannot be trusted: the tokens themselves
            starts = [t.start for t in doc.tokens if t.text.lower() == w]
        index[w] = starts
    return index


_TRIGGERS: set[str] = set()


def _all_triggers() -> set[str]:
    return _TRIGGERS


def _trigger_automaton() -> Any:
    """An Aho-Corasick automaton (pyahocorasick) of every trigger word, each mapped to itself:
    ``iter(text)`` yields (index of the last character, word) for every occurrence."""
    return _automaton(frozenset(_TRIGGERS))  # rebuilt when a pack adds triggers


_INF = float("inf")


def _sentence_at(doc: Document, offset: int) -> Span | None:
    """The sentence of ``doc.sentences`` that contains ``offset``, or None."""
    return doc.sentence_at(offset)


def _line_at(doc: Document, offset: int) -> tuple[int, int]:
    """(start, end) of the line of ``doc.lines`` holding ``offset``, which is not a line
    break character (a sentence start, a quotation mark), without splitting every line."""
    if doc.lines_if_built is not None:
        ln = doc.lines[doc.position(offset).line]
        return ln.start, ln.end
    text = doc.text
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    n, r = text.find("\n", offset), text.find("\r", offset)
    end = min(k for k in (n, r, len(text)) if k >= 0)
    return start, end


def _candidate_sentences(doc: Document, triggers: frozenset[str], para_filter: Any = None) -> list[tuple[Span, set[str]]]:
    """The sentences of ``doc`` that contain one of ``triggers``, in order, each with the
    trigger words it contains. ``para_filter({paragraph index: words})``, when given, returns
    the paragraphs some sentence of which can matter (the others are not split into
    sentences)."""
    index = _trigger_index(doc)
    found = sorted((o, w) for w in triggers if w in index for o in index[w])
    if not found:
        return []
    if para_filter is not None:
        paras = doc.paragraphs
        at = [bisect.bisect_right(paras, (o, _INF)) - 1 for o, _ in found]
        words_of: dict[int, set[str]] = {}
        for i, (_, w) in zip(at, found, strict=True):
            if i >= 0:
                words_of.setdefault(i, set()).add(w)
        kept = para_filter(words_of)
        found = [f for i, f in zip(at, found, strict=True) if i in kept]
    out: list[tuple[Span, set[str]]] = []
    last = None
    for o, w in found:
        span = _sentence_at(doc, o)
        if span is None:
            continue
        if span != last:
            out.append((span, set()))
            last = span
        out[-1][1].add(w)
    return out


# ---- words found by Aho-Corasick ------------------------------------------------------------
# The `regex` module searches a long alternation of words ("said|says|told|...") at a few
# hundred instructions a character, and splits text into words at about as much; an
# Aho-Corasick pass (pyahocorasick) over the lowercased text finds the same words at a third
# of that. The helpers below use it where the answer stays exactly the same.


@lru_cache(maxsize=16)
def _automaton(words: frozenset[str]) -> Any:
    """An Aho-Corasick automaton of ``words``, each mapped to itself: ``iter(text)`` yields
    (index of the last character, word) for every occurrence, inside other words too."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for w in sorted(words):
        automaton.add_word(w, w)
    automaton.make_automaton()
    return automaton


def _whole_words(low: str, words: frozenset[str]) -> Iterator[tuple[int, str]]:
    """(start, word) for each occurrence in ``low`` of a word of ``words`` that is a whole
    word of ``_WORDS``: the same as reading ``_WORDS.findall(low)`` for them, in order."""
    if not words:
        return
    for last, word in _automaton(words).iter(low):
        start = last + 1 - len(word)
        m = _WORD_AT.match(low, start)
        if m is not None and m.end() == last + 1:
            yield start, word


# Characters that regex.I matches to an ASCII letter but str.lower() does not turn into it:
# "ſ" (long s) matches "s", "İ" matches "i" (and lowers to two characters). Found by testing
# every code point against [a-z] under regex.I; "K" (Kelvin) lowers to "k".
_ODD_CASE = ("ſ", "İ")


class _Screened:
    """A case-insensitive pattern every match of which holds one of ``words`` (ASCII, any
    case): a text holding none of them is not searched. The check is exact: an ASCII letter
    matches under regex.I only its two cases and the characters of ``_ODD_CASE`` (then the
    pattern is searched), so a match's words are in the lowercased text."""

    def __init__(self, pattern: LazyPattern, words: Iterable[str]) -> None:
        self.pattern = pattern
        low = frozenset(w.lower() for w in words)
        self.words = low if low and all(w.isascii() and w for w in low) else None

    def search(self, text: str) -> Any:
        if (self.words is not None and not any(c in text for c in _ODD_CASE)
                and next(_automaton(self.words).iter(text.lower()), None) is None):
            return None
        return self.pattern.search(text)


# ---- shared sentence filters ---------------------------------------------------------------
# end-anchored, searched from the end ((?r)): same answer without scanning the text
_TERMINAL = LazyPattern(r"""(?r)[.!?…:;]["'”’)\]]*\s*$|["”’]\s*$""")
_QUESTION = LazyPattern(r"""(?r)\?["'”’)\]]*\s*$""")
_TITLE_WORD = LazyPattern(r"\p{Lu}[\p{L}\p{M}'’\-]*|\d[\w]*")
_SENTENCE_PUNCT = LazyPattern(r"[.!?,;:]")
_MINOR = frozenset("a an and as at but by for from in into nor of on or the to with vs via".split())


def _headline_like(text: str) -> bool:
    """A line that reads as a headline: no sentence punctuation at its end, or Title Case."""
    t = text.strip()
    if not t or not _TERMINAL.search(t):
        return True
    # up to 21 words: a longer line is no headline, and lines can be whole paragraphs
    words = [m.group() for m in islice(_WORDS.finditer(t), 21)]
    if 3 <= len(words) <= 20:
        major = [w for w in words if w.lower() not in _MINOR]
        caps = sum(1 for w in major if _TITLE_WORD.fullmatch(w))
        if major and caps / len(major) >= 0.8:
            return True
    return False


def _is_title(text: str) -> bool:
    """A quoted title: Title Case words with no sentence punctuation inside (a period or
    comma the American style puts before the closing mark aside)."""
    text = text.rstrip().rstrip(".,")
    if _SENTENCE_PUNCT.search(text):
        return False
    words = [m.group() for m in islice(_WORDS.finditer(text), 13)]  # more than 12: no title
    major = [w for w in words if w.lower() not in _MINOR]
    return bool(major) and len(words) <= 12 and all(_TITLE_WORD.fullmatch(w) for w in major)


def _skip_sentence(doc: Document, span: Span) -> bool:
    """Questions and headline-like lines belong to no attribution rule."""
    text = doc.prose[span.start : span.end]
    if _QUESTION.search(text):
        return True
    return _headline_line(doc, span.start)


def _headline_line(doc: Document, offset: int) -> bool:
    """Is the line holding ``offset`` headline-like? Judged once a line and kept on the
    document: the sentences of a line ask in turn, and a line can be a whole article."""
    start, end = _line_at(doc, offset)
    memo = doc.index[HEADLINE_LINES]
    got = memo.get(start)
    if got is None:
        got = memo[start] = _headline_like(doc.prose[start:end])
    return got


# Reporting verbs that too often describe rather than attribute ("a plan described as",
# "the so-called"); they attribute a quotation, not a belief.
_NOT_SENTENCE_ATTRIBUTION = frozenset({"described", "called", "continued", "concluded", "reported", "charged", "speaking", "spoke", "reflected", "echoed"})


def _attribution_regex(lists: dict[str, Any]) -> _Screened:
    """A reporting verb in the active voice, or "according to": the sentence names a source."""
    verbs = [v for v in lists["reporting_verbs"] if v.lower() not in _NOT_SENTENCE_ATTRIBUTION]
    return _Screened(LazyPattern(
        r"\baccording\s+to\b|\bin\s+an?\s+(?:statement|interview)\b"
        r"|(?<!\b(?:is|are|was|were|be|been|being|it)\s+(?:\w+ly\s+)?)\b" + _alt(verbs) + r"\b",
        regex.I,
    ), ["according", "statement", "interview", *(v.split()[0] for v in verbs if v.split())])


# ---- context around a match ------------------------------------------------------------
_CONTEXTS = frozenset({"attributed-quotation", "sentence-names-source", "neighbour-describes-source",
                       "previous-sentence-attributes", "described-source"})
# Active verbs of expectation and belief: "the agency is forecasting", "the bank expects".
_ACTIVE_EXPECTATION_VERBS = (
    "expects", "expecting", "forecasts", "forecasting", "predicts", "predicting", "projects", "projecting",
    "anticipates", "anticipating", "estimates", "estimating", "believes", "thinks", "warns", "warned",
    "estimated", "predicted")
_ACTIVE_EXPECTATION = _Screened(LazyPattern(
    r"(?<!\b(?:it|there)\s+)\b(?:" + "|".join(_ACTIVE_EXPECTATION_VERBS) + r")\b", regex.I), _ACTIVE_EXPECTATION_VERBS)


def _neighbour_sentence(doc: Document, span: Span, after: bool = False) -> str | None:
    """The text of the sentence before ``span`` (or after it), in this paragraph or the one
    next to it; None at the edge of the document or past a headline-like line."""
    prose = doc.prose
    k = span.end if after else span.start - 1
    step = 1 if after else -1
    n = len(prose)
    while 0 <= k < n and prose[k].isspace():
        k += step
    if not 0 <= k < n:
        return None
    other = _sentence_at(doc, k)
    if other is None or other == span:
        return None
    if _headline_line(doc, other.start):
        return None
    return prose[other.start : other.end]


def _quiet_in_context(doc: Document, span: Span, text: str, m: regex.Match, context: frozenset[str],
                      triggers: frozenset[str]) -> bool:
    """Does what is around a match name its source (see the `context` key of a [[phrases]]
    table in rules/attribution.toml)?"""
    if "described-source" in context and _described_here(text, m):
        return True
    if "sentence-names-source" in context:
        rest = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
        if _SENTENCE_SOURCE.search(rest):
            return True  # "Ruiz said some experts doubt it": Ruiz's claim, attributed
    if "attributed-quotation" in context and inside_attributed_quotation(doc, span.start + m.start()):
        return True
    if "previous-sentence-attributes" in context and _previous_attributes(doc, span):
        return True
    if "neighbour-describes-source" in context:
        words = {w.lower() for w in _WORDS.findall(m.group())} & triggers
        for w in words:
            stem = w[:-3] + "y" if w.endswith("ies") else (w[:-1] if w.endswith("s") else w)
            pattern = _described_source(stem[:-1] if stem.endswith("y") else stem)
            for other in (_neighbour_sentence(doc, span), _neighbour_sentence(doc, span, after=True)):
                if other is not None and pattern.search(other):
                    return True
    return False


def _described_here(text: str, m: regex.Match) -> bool:
    """The words before the match describe the source: an institution before "sources"
    ("police sources said"), or an organisation's name ("Microsoft security experts
    estimated"), unless the match claims a consensus."""
    before = _WORDS.findall(text[max(0, m.start() - 40) : m.start()])
    if not before:
        return False
    if regex.match(r"(?i:(?:\w+\s+)?sources\b)", m.group()) and before[-1].lower() in _source_descriptors():
        return True  # an anonymous source described, not a vague one
    return (m.start() > 0 and text[m.start() - 1] == " " and not _CONSENSUS.search(m.group()) and (
        (before[-1][:1].isupper() and len(before) >= 2)
        or (len(before) >= 3 and before[-2][:1].isupper() and before[-1].islower())))


def _previous_attributes(doc: Document, span: Span) -> bool:
    """The sentence before names a source in the active voice ("The report claims ...",
    "The agency is forecasting ...")."""
    prev = _neighbour_sentence(doc, span)
    if prev is None:
        return False
    if _LOOSE_SOURCE[0] is None:
        _LOOSE_SOURCE[0] = _attribution_regex(word_lists())
    return bool(_SENTENCE_SOURCE.search(prev) or _LOOSE_SOURCE[0].search(prev) or _ACTIVE_EXPECTATION.search(prev))


_LOOSE_SOURCE: list[Any] = [None]


# A consensus ("authorities generally concur") is a claim about a whole group's view: it
# needs a source even when the group is described.
_CONSENSUS = LazyPattern(r"\b(?:generally|largely|broadly|widely|mostly|overwhelmingly|universally|tend\s+to)\b", regex.I)


@lru_cache(maxsize=1)
def _source_descriptors() -> frozenset[str]:
    return frozenset(w.lower() for w in word_lists()["source_descriptors"])


@lru_cache(maxsize=256)
def _described_source(stem: str) -> regex.Pattern:
    """The source noun ``stem`` ("analyst", "stud") described: by a name or an organisation
    ("analysts at Barclays", "Barclays analysts", "analyst Jo Park"), or a study by its year."""
    noun = r"(?i:\b" + regex.escape(stem) + r"\w*)"
    return regex.compile(
        noun + r"\s+(?:(?i:at|from|with|of|for|in|by|including|such\s+as|like|led\s+by|named)\s+(?:(?i:the)\s+)?)?\p{Lu}"
        r"|(?<=\S\s+)\p{Lu}[\p{L}.&'’\-]*(?:['’]s)?\s+(?:\p{L}+\s+)?" + noun
        + r"|" + noun + r"[^.;]{0,60}?\b(?:19|20)\d\d\b"
    )


class _LazySource:
    """A named source in the active voice, built from the built-in lists on first use:
    "according to", a capitalised name or a pronoun before a reporting verb ("Ruiz said",
    "the Met Office has said", "she told"), or a name after one ("said Ruiz")."""

    _pat: Any = None
    _words: frozenset[str] = frozenset()

    def search(self, text: str) -> Any:
        if self._pat is None:
            self._build()
        # no word the pattern needs: no match (most sentences; saves the long alternation)
        if next(_whole_words(text.lower(), self._words), None) is None:
            return None
        return self._pat.search(text)

    def _build(self) -> None:
        lists = word_lists()
        self._words = frozenset(w.lower() for v in lists["reporting_verbs"] for w in v.split()) | {
            "according", "statement", "interview", "show", "shows", "showed", "showing", "found",
            "finds", "finding", "suggest", "suggests", "suggesting", "indicate", "indicates",
            "indicated", "indicating", "indication", "indicator"}
        verbs = _alt(v for v in lists["reporting_verbs"] if v.lower() not in _NOT_SENTENCE_ATTRIBUTION)
        named_verbs = _alt(lists["reporting_verbs"])
        self._pat = regex.compile(
            r"\baccording\s+to\b|\bin\s+an?\s+(?:statement|interview)\b"
            r"|(?:(?-i:\p{Lu})[\p{L}.'’\-]+|\b(?:he|she|they|we|i))\s+(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?" + named_verbs + r"\b"
            r"|\b" + verbs + r"\s+(?-i:\p{Lu})"
            # research named as the source: "opinion polls showing", "a survey found"
            r"|\b(?:polls?|surveys?|census|data|figures|study|report)\s+(?:\w+\s+){0,2}?(?:show|shows|showed|showing|found|finds|finding|suggests?|suggesting|indicat\w+)\b",
            regex.I,
        )


_SENTENCE_SOURCE = _LazySource()


# ---- phrase families (the [[phrases]] tables) -------------------------------------------
class PhraseRule(Rule):
    """An existence rule read from a [[phrases]] table of rules/attribution.toml.

    Same meaning as the pack `existence` kind with sentence scope: report every match of
    ``patterns`` unless the sentence also matches one of ``exceptions``. ``triggers`` (one
    of which every match contains) select the sentences worth matching.
    """
    reads = ATTRIBUTION_VIEWS  # views of the document index (newslint.index)

    def __init__(self, spec: dict[str, Any], origin: str, key: str):
        self.message = read_rule_header(self, spec, origin, key)
        flags = (regex.I if spec.get("ignorecase", True) else 0)
        rule_triggers = frozenset(w.lower() for w in spec.get("triggers", []))
        # (pattern, its triggers): plain strings share the rule's triggers
        groups: list[tuple[list[str], frozenset[str]]] = [([phrase_regex(t) for t in spec.get("tokens", [])], rule_triggers)]
        for i, entry in enumerate(spec.get("patterns", [])):
            if isinstance(entry, str):
                groups[0][0].append(entry)
            elif isinstance(entry, dict) and isinstance(entry.get("regex"), str) and entry.get("triggers"):
                groups.append(([entry["regex"]], frozenset(w.lower() for w in entry["triggers"])))
            else:
                raise ConfigError(origin, f"{key}.patterns[{i}]", "must be a regex string or a table { regex, triggers }")
        if groups[0][0] and not rule_triggers:
            raise ConfigError(origin, f"{key}.triggers", "is required for patterns given as strings")
        # compiled on first use: most documents hold no sentence with a rule's triggers
        self.patterns = [(self._compile(srcs, flags, origin, f"{key}.patterns"), trig) for srcs, trig in groups if srcs]
        exc = list(spec.get("exceptions", []))
        self.exceptions = self._compile(exc, flags, origin, f"{key}.exceptions") if exc else None
        self.triggers = frozenset().union(*(t for _, t in self.patterns))
        ctx_keys = spec.get("context", [])
        if not isinstance(ctx_keys, list) or any(k not in _CONTEXTS for k in ctx_keys):
            raise ConfigError(origin, f"{key}.context", f"must be a list of {', '.join(sorted(_CONTEXTS))}")
        self.context = frozenset(ctx_keys)
        # A match in a sentence is a match in its paragraph (the sentence with whitespace or
        # nothing either side) unless the pattern looks at what is not in the match (a
        # negative lookaround, an anchor) or may consume differently (atomic, possessive,
        # reverse, fuzzy): without those, a paragraph with no match needs no sentences.
        # A pattern that is not context free may still have a screen: the same pattern with
        # its negative lookarounds removed (which only widens what it matches), when that is
        # context free. A paragraph the screen does not match holds no sentence the pattern
        # matches. None: no screen, every paragraph with the pattern's triggers is split.
        self._screens = [_screen(pat._args[0], flags) for pat, _ in self.patterns]
        self._para_safe = any(s is not None for s in self._screens)
        _TRIGGERS.update(self.triggers)

    @staticmethod
    def _compile(sources: list[str], flags: int, origin: str, key: str) -> LazyPattern:
        """The sources as one pattern, compiled on first use. They come from the built-in
        pack, whose every pattern the test suite compiles (tests/test_attribution.py)."""
        return LazyPattern("|".join(f"(?:{s})" for s in sources), flags)

    def _paragraphs_may_match(self, doc: Document, words_of: dict[int, set[str]]) -> set[int]:
        """The paragraphs (of ``words_of``: index -> trigger words) where a pattern whose
        triggers they hold may match: its screen matches them, or it has none."""
        kept: set[int] = set()
        for (_, trig), screen in zip(self.patterns, self._screens, strict=False):
            todo = [i for i, words in words_of.items() if i not in kept and not trig.isdisjoint(words)]
            if todo:
                kept.update(todo if screen is None else screen.matching(doc, todo))
        return kept

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        prose = doc.prose
        para_filter = (lambda words_of: self._paragraphs_may_match(doc, words_of)) if self._para_safe else None
        for span, words in _candidate_sentences(doc, self.triggers, para_filter):
            text = prose[span.start : span.end]
            matches: list[regex.Match] = []
            for pattern, trig in self.patterns:
                if not trig.isdisjoint(words):
                    matches.extend(_finditer(pattern, text, self, doc))
            if not matches:
                continue
            if self.exceptions is not None and _finditer_first(self.exceptions, text, self, doc):
                continue
            end = -1
            for m in sorted(matches, key=lambda m: (m.start(), -m.end())):
                if m.start() < end:
                    continue  # overlaps a longer match from another pattern
                end = m.end()
                if self.context and _quiet_in_context(doc, span, text, m, self.context, self.triggers):
                    continue
                yield Hit(span.start + m.start(), span.start + m.end(), self.message.replace("%s", " ".join(m.group().split())))


_CONTEXT_TOKENS = ("(?<!", "(?!", "(?>", "(?r", "(?f", "++", "*+", "?+", "}+", "$", "\\A", "\\Z", "\\z", "\\G", "\\K", "{e", "{i", "{d", "{s", "(*")


def _context_free(source: str) -> bool:
    """No token in ``source`` whose answer can change when text is added around the match
    (conservative: a "^" other than "[^" counts, so does an escaped one)."""
    if any(t in source for t in _CONTEXT_TOKENS):
        return False
    return "^" not in source.replace("[^", "")


_BACKREF = regex.compile(r"\\[1-9]|\\g|\(\?P=|\(\?P>|\(\?R|\(\?[0-9&+\-]\d")


def _strip_negative_lookarounds(source: str) -> str | None:
    """``source`` with every negative lookaround group ("(?<!...)", "(?!...)") replaced by an
    empty group, or None when the source cannot be read with confidence (unbalanced
    parentheses, an unterminated class)."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        if source.startswith("(?<!", i) or source.startswith("(?!", i):
            j = _group_end(source, i)
            if j < 0:
                return None
            out.append("(?:)")
            i = j
            continue
        k = _atom_end(source, i)
        if k < 0:
            return None
        out.append(source[i:k])
        i = k
    return "".join(out)


def _atom_end(source: str, i: int) -> int:
    """The end of the escape, character class or single character at ``source[i]`` (-1: a
    class that does not close). Classes nest in V1 ("[[a-z]--[aeiou]]"), so "[" counts."""
    n = len(source)
    if source[i] == "\\":
        return min(i + 2, n)
    if source[i] != "[":
        return i + 1
    j, depth = i + 1, 1
    if j < n and source[j] == "^":
        j += 1
    if j < n and source[j] == "]":
        j += 1  # a "]" first in a class is a literal
    while j < n:
        c = source[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return -1


def _group_end(source: str, i: int) -> int:
    """The end of the group opening at ``source[i]`` ("("), or -1 when it does not close."""
    depth, j, n = 0, i, len(source)
    while j < n:
        c = source[j]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        if c in "\\[":
            j = _atom_end(source, j)
            if j < 0:
                return -1
            continue
        j += 1
    return -1


def _screen(source: str, flags: int) -> _Screen | None:
    """A paragraph-level screen for the sentence-level ``source``: a pattern that matches a
    paragraph whenever ``source`` matches one of its sentences. The source itself when it is
    context free; else the source without its negative lookarounds (a zero-width assertion
    removed can only add matches), when that is context free; else None."""
    if _context_free(source):
        return _Screen(source, flags, forgiving=False)
    if _BACKREF.search(source) or "(?#" in source or "(?x" in source or flags & regex.X:
        return None  # group numbers, comments or verbose whitespace: not worth reading
    stripped = _strip_negative_lookarounds(source)
    if stripped is None or not _context_free(stripped):
        return None
    return _Screen(stripped, flags)


class _Screen(LazyPattern):
    """A screen compiled on first use, like the patterns. Should the source stripped of its
    lookarounds not compile (``forgiving``), the screen becomes the empty pattern, which
    finds a match in every paragraph: the same as having no screen.

    A case-insensitive screen that reads no letter case (``_case_free``) is searched
    without the flag (``lowered``) over the lowercased prose the trigger index keeps: the
    same answer for a third less, as the regex module pays for every character it compares
    without case."""

    def __init__(self, source: str, flags: int, forgiving: bool = True) -> None:
        super().__init__(source, flags)
        self.forgiving = forgiving
        self.lowered = (_Screen(source, flags & ~regex.I, forgiving)
                        if flags & regex.I and _case_free(source) else None)

    def __getattr__(self, name: str) -> Any:
        try:
            return super().__getattr__(name)
        except regex.error:
            if not self.forgiving:
                raise
            self._args = ("", 0)
            return super().__getattr__(name)

    def matching(self, doc: Document, indices: list[int]) -> list[int]:
        """The paragraphs of ``indices`` (ascending) the screen matches, or a few more.

        The paragraphs are searched joined by blank lines, up to ``_SCREEN_BATCH`` characters a
        search, so a document costs a few searches instead of one a paragraph (a search under a
        time limit reads the process clock, a system call, as it starts and ends). The batch
        is small so that the time limit still guards about what it guarded a paragraph at a
        time: a paragraph and a few kB more. After a match the search goes on from
        the next paragraph. A match in a paragraph alone is a match at the same place in the
        joined text (a screen is context free, and a line break is what the edge of a text is
        to ``\\b``); a match the joining makes (running on into the next paragraph) only
        keeps one paragraph more for splitting into sentences."""
        lowered = self.lowered
        low = _screen_lower(doc) if lowered is not None else None
        pattern, text = (lowered, low) if lowered is not None and low is not None else (self, doc.prose)
        paras, out = doc.paragraphs, []
        k = 0
        while k < len(indices):
            batch: list[int] = []
            size = 0
            while k < len(indices) and (not batch or size < _SCREEN_BATCH):
                p = paras[indices[k]]
                batch.append(indices[k])
                size += p.end - p.start + 2
                k += 1
            joined = "\n\n".join(text[paras[i].start : paras[i].end] for i in batch)
            starts = list(accumulate((paras[i].end - paras[i].start + 2 for i in batch[:-1]), initial=0))
            pos = 0
            while pos < len(joined):
                m = pattern.search(joined, pos, timeout=REGEX_TIMEOUT)
                if m is None:
                    break
                j = bisect.bisect_right(starts, m.start()) - 1
                out.append(batch[j])
                pos = starts[j + 1] if j + 1 < len(starts) else len(joined)
        return out


_SCREEN_BATCH = 4096  # characters of paragraphs a screen search reads, at most (and the last paragraph)


def _screen_lower(doc: Document) -> str | None:
    """The lowercased prose when a case-free screen may read it in place of the prose: every
    character lowered to one (so offsets agree) and no "ſ" (see ``_ODD_CASE``); else None."""
    return doc.index[SCREEN_LOWER]


def _build_screen_lower(doc: Document) -> str | None:
    low = _prose_lower(doc)
    ok = len(low) == len(doc.prose) and not any(c in doc.prose for c in _ODD_CASE)
    return low if ok else None


_CASE_FREE_ESCAPES = frozenset("bBsSdDwW")


def _case_free(source: str) -> bool:
    """Does ``source`` read no letter case? Its letters are lowercase ASCII, its escapes
    \\b \\s \\d \\w (or their negations) or escaped punctuation, its groups plain or
    lookarounds (no inline flags, no properties, no POSIX classes). Then regex.I matches it
    in a text exactly where, without the flag, it matches the lowercased text, provided
    lowering keeps every character one character and the text has no "ſ": an ASCII letter
    matches under regex.I just the characters that lower to it, and "ſ" (tested over every
    code point); lowering keeps \\w, \\s and \\d."""
    if "[:" in source:
        return False
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c == "\\":
            e = source[i + 1 : i + 2]
            if not (e in _CASE_FREE_ESCAPES or (e and not e.isalnum())):
                return False
            i += 2
            continue
        if source.startswith("(?", i):
            opener = next((o for o in ("(?:", "(?=", "(?!", "(?<=", "(?<!") if source.startswith(o, i)), None)
            if opener is None:
                return False  # inline flags, named groups, atomic groups ...
            i += len(opener)
            continue
        if c.isalpha() and not (c.isascii() and c.islower()):
            return False
        i += 1
    return True


def _finditer(pattern: regex.Pattern | LazyPattern, text: str, rule: Rule, doc: Document) -> list[regex.Match]:
    """Matches under the pack time limit: a TimeoutError skips the rule on this file (the
    engine says so), it never stops the run."""
    return list(pattern.finditer(text, timeout=REGEX_TIMEOUT))


def _finditer_first(pattern: regex.Pattern | LazyPattern, text: str, rule: Rule, doc: Document) -> bool:
    return pattern.search(text, timeout=REGEX_TIMEOUT) is not None


def phrase_rules() -> list[PhraseRule]:
    data = pack_data()
    phrases = data.get("phrases", [])
    if not isinstance(phrases, list):
        raise ConfigError(data["_path"], "phrases", "must be an array of tables ([[phrases]])")
    return [PhraseRule(spec, data["_path"], f"phrases[{i}]") for i, spec in enumerate(phrases)]


def _verb_bases(word: str) -> tuple[str, ...]:
    """``word`` and the bases it may inflect ("sentenced" -> sentence, "held" is listed as is)."""
    out = [word]
    for suf, add in (("ied", "y"), ("ed", ""), ("ed", "e"), ("d", ""), ("en", ""), ("en", "e"), ("n", "")):
        if word.endswith(suf) and len(word) - len(suf) >= 2:
            out.append(word[: -len(suf)] + add)
    irregular = {"held": "hold", "heard": "hear", "laid": "lay", "given": "give", "made": "make", "set": "set",
                 "sworn": "swear", "freed": "free", "buried": "bury", "taken": "take", "led": "lead"}
    if word in irregular:
        out.append(irregular[word])
    return tuple(out)


# ---- NL304 --------------------------------------------------------------------------------
class AgentlessExpectation(Rule):
    reads = ATTRIBUTION_VIEWS  # views of the document index (newslint.index)
    code = "NL304"
    name = "agentless-expectation"
    category = "attribution"
    severity = "warning"
    summary = "An expectation nobody holds: 'is expected to', 'are anticipated to' with no source."
    explanation = """
## What it does
Flags expectation in the agentless passive, "is expected to", "are anticipated to", "was
forecast to", "is widely predicted", when the sentence names no one who expects it: no
agent ("expected by analysts") and no attribution ("..., the ministry said", "according
to ..."). "Expected by the end of June" is a date, not an agent, and still fires.

It stays quiet on:

* news of the diary: a scheduled act with a day ("The minister is expected to announce the
  budget on Wednesday", "The two men are expected to be sentenced on 4 March", "A ruling
  is expected on Friday"). A month or a season is a forecast, not a day in the diary:
  "expected to meet in September" still fires;
* an expectation inside a quotation whose speaker is named (the speaker's words);
* an expectation whose source the sentence before names in the active voice ("The weather
  agency is forecasting heavy rain. It is expected to reach the coast overnight.").

The word lists (participles, adverbs, time words, scheduled acts and day-precise times) are
the `[lists]` table of `rules/attribution.toml`.

## Why is this bad?
"The talks are expected to lay the groundwork for a summit" hides whose expectation it
is: the government's, a diplomat's, the reporter's. An editor asks "expected by whom?".

## Example (bad)
    The two ministers are expected to sign the accord in Lisbon.

## Use instead (good)
    The two ministers are expected to sign the accord in Lisbon, a Portuguese
    government spokesperson said.

## Fix safety
No fix: only the reporter knows whose expectation it is.
"""
    examples_bad = (
        "The two ministers are expected to sign the accord in Lisbon.",
        "The new terminal is widely anticipated to open before the holidays.",
        "A verdict is expected by the end of June.",
        "The two leaders are expected to meet on the sidelines of the summit in September.",
        "The council met on Tuesday. Fares are expected to rise again next year.",
    )
    examples_good = (
        "The finance minister is expected to announce the budget on Wednesday.",
        "The two men are expected to be sentenced at the county court on 4 March.",
        "A ruling is expected on Friday.",
        "The weather agency is forecasting heavy rain for the weekend. The storm is expected to reach the coast overnight.",
        'The harbour master said the gates would stay shut. "The swell is expected to build again by the evening," she added.',
        "The two ministers are expected to sign the accord in Lisbon, a government spokesperson said.",
        "The accord is expected by analysts to lift trade between the two countries.",
        "According to the port authority, the new terminal is anticipated to open before the holidays.",
        "Is the verdict expected before June?",
        "Rain fell harder than expected on Saturday.",
        "Ministers Are Expected to Sign Accord",
    )

    def __init__(self) -> None:
        lists = word_lists()
        be = _alt(lists["be_forms"])
        adv = _alt(lists["adverbs"])
        verbs = _alt(lists["expectation_verbs"])
        self._pattern = LazyPattern(
            r"(?<![\p{L}'’])" + be + r"(?:\s+" + adv + r")*\s+" + verbs + r"\b(?:\s+to\b)?",
            regex.I,
        )
        self._time_after_by = LazyPattern(r"\s*by\s+(?:" + _alt(lists["time_words"]) + r"\b|\d)", regex.I)
        self._by = LazyPattern(r"\s+by\s", regex.I)
        self._referring = LazyPattern(r"\b(?:that|which|than|as|what)\s+(?:\w+\s+)?$", regex.I)
        self._attributed = _attribution_regex(lists)
        self._triggers = frozenset(w.lower() for w in lists["expectation_verbs"])
        _TRIGGERS.update(self._triggers)
        self._schedule_verbs = frozenset(v.lower() for v in lists["schedule_verbs"])
        self._day = LazyPattern("|".join(f"(?:{t})" for t in lists["schedule_times"]), regex.I)
        self._next_verb = LazyPattern(r"\s+(?:be\s+)?(\p{L}+)", regex.I)
        self._noun_time = LazyPattern(r"\s+(?:on|by|at|later|early|this|next|around|from)?\s*", regex.I)

    def _scheduled(self, text: str, m: regex.Match) -> bool:
        """A date in the diary: the expectation is followed by a scheduled act ("to announce",
        "to be sentenced") or, with no "to", by the time itself ("a ruling is expected on
        Friday"), and the sentence gives a day, not a month or a season."""
        if not self._day.search(text):
            return False
        after = text[m.end() :]
        if not m.group().lower().endswith("to"):
            day = self._day.search(after)
            return day is not None and day.start() <= self._noun_time.match(after).end() + 1
        nv = self._next_verb.match(after)
        if nv is None:
            return False
        verb = nv.group(1).lower()
        return any(f in self._schedule_verbs for f in _verb_bases(verb))

    def _context(self, doc: Document, span: Span, start: int) -> bool:
        """The expectation is a named speaker's words, or the sentence before names its source."""
        if inside_attributed_quotation(doc, start):
            return True
        return _previous_attributes(doc, span)

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        prose = doc.prose
        for span, _ in _candidate_sentences(doc, self._triggers):
            text = prose[span.start : span.end]
            m = self._pattern.search(text)
            if m is None or _skip_sentence(doc, span) or self._attributed.search(text) or _SENTENCE_SOURCE.search(text):
                continue
            for m in self._pattern.finditer(text):
                after = text[m.end() :]
                if not m.group().lower().endswith("to") and self._referring.search(text, 0, m.start()):
                    continue  # "the gain that was expected", "as was expected": refers back
                if self._by.match(after) and not self._time_after_by.match(after):
                    continue  # "expected by analysts": the agent is named
                if self._scheduled(text, m) or self._context(doc, span, span.start + m.start()):
                    continue
                phrase = " ".join(m.group().split())
                participle = phrase.split()[-2] if phrase.lower().endswith(" to") else phrase.split()[-1]
                yield Hit(span.start + m.start(), span.start + m.end(), f"'{phrase}': {participle.lower()} by whom? Name the source.")


# ---- quotations ---------------------------------------------------------------------------
_OPEN_CLOSE = {"“": "”", '"': '"', "«": "»", "„": "“"}
_OPENERS = "“\"«„"
_QUOTE_MARKS = "“”\"«»„"
_CARRY = 6  # paragraphs without marks a quotation may run through (one sentence a paragraph)


class Quotation:
    """A direct quotation: its pieces (start, end offsets, the marks included), one per
    paragraph it spans, the first and last paragraph's index, and whether a mark closed it."""

    __slots__ = ("closed", "first", "last", "pieces")

    def __init__(self, first: int) -> None:
        self.pieces: list[tuple[int, int]] = []
        self.first = self.last = first
        self.closed = False


def _quote_marks(doc: Document) -> dict[int, list[int]]:
    """Paragraph index -> the offsets of the double quotation mark characters in it, for the
    paragraphs that hold one, in order; key -1 holds those outside every paragraph. Found
    once and kept on the document: every reader of quotation marks asks it."""
    return doc.index[QUOTE_MARKS]


def _build_quote_marks(doc: Document) -> dict[int, list[int]]:
    got: dict[int, list[int]] = {}
    offsets = _quote_offsets(doc.prose)
    paras = doc.paragraphs if offsets else []
    i = 0
    for k in offsets:
        while i < len(paras) and paras[i].end <= k:
            i += 1
        got.setdefault(i if i < len(paras) and paras[i].start <= k else -1, []).append(k)
    return got


def _quote_offsets(prose: str) -> list[int]:
    """The offsets of the double quotation mark characters of ``prose``, in order: found by
    ``str.find``, character by character (a seventh of the time of one regex pass)."""
    out: list[int] = []
    for c in _QUOTE_MARKS:
        k = prose.find(c)
        while k >= 0:
            out.append(k)
            k = prose.find(c, k + 1)
    out.sort()
    return out


def _has_quote_marks(doc: Document) -> bool:
    """Does the prose hold a double quotation mark character anywhere?"""
    return bool(_quote_marks(doc))


def _marks(prose: str, offsets: list[int], start: int) -> list[tuple[int, str]]:
    """The double quotation marks at ``offsets`` in the paragraph starting at ``start``,
    inch marks ("34\" monitor") aside."""
    out: list[tuple[int, str]] = []
    for k in offsets:
        ch = prose[k]
        if ch == '"' and k > start and prose[k - 1].isdigit() and prose[k + 1 : k + 2] not in ("", " ", ",", ".", ";", ":", ")"):
            continue
        if ch == '"' and k > start and prose[k - 1].isdigit() and not _opened_before(out):
            continue  # 34" with no quotation open: an inch mark
        out.append((k, ch))
    return out


def _opened_before(marks: list[tuple[int, str]]) -> bool:
    return len(marks) % 2 == 1


def quotations(doc: Document) -> list[Quotation]:
    """The document's direct quotations, read mark by mark across paragraphs (kept on the
    document; one pass over the marks).

    Double quotation marks do not nest in English copy, so while a quotation is open the next
    mark closes it, whatever its shape ("wrong, “Pigeon told" closes). A quotation still open
    at a paragraph's end goes on into the next paragraph when that one opens with a mark (the
    house style of long quotations: each paragraph opens with a mark, only the last closes),
    or when it holds an odd number of marks, the first closing it (text laid out one sentence
    a paragraph); otherwise it ended, unclosed, with its paragraph.
    """
    return doc.index[QUOTATIONS]


def _build_quotations(doc: Document) -> list[Quotation]:
    prose = doc.prose
    out: list[Quotation] = []
    by_para = _quote_marks(doc)
    paras = doc.paragraphs
    cur: Quotation | None = None
    piece_start = 0
    seen: dict[int, list[tuple[int, str]]] = {}

    def marks_of(j: int) -> list[tuple[int, str]]:
        got = seen.get(j)
        if got is None:
            got = seen[j] = _marks(prose, by_para.get(j, []), paras[j].start)
        return got

    for i in sorted(by_para):
        if i < 0:
            continue  # marks outside every paragraph
        para = paras[i]
        marks = marks_of(i)
        if cur is not None:  # open at the end of an earlier paragraph
            if cur.last == i - 1 and marks and prose[para.start] in _OPENERS and marks[0][0] == para.start:
                marks = marks[1:]  # the next paragraph of the same quotation
                piece_start, cur.last = para.start, i
            elif cur.last == i - 1 and len(marks) % 2 == 1:
                piece_start, cur.last = para.start, i  # goes on without a mark
            else:
                out.append(cur)
                cur = None
        for k, ch in marks:
            if cur is None:
                if ch in "”»":
                    continue  # a stray closer
                cur = Quotation(i)
                piece_start = k
            else:
                cur.pieces.append((piece_start, k + 1))
                cur.closed = True
                out.append(cur)
                cur = None
        if cur is not None:
            cur.pieces.append((piece_start, para.end))
            # The next paragraph with marks (a few paragraphs on at most) carries it on when
            # it opens with a mark or closes it; the paragraphs between are quotation too.
            j = i + 1
            while j < len(paras) and j <= i + _CARRY and j not in by_para:
                j += 1
            nmarks = marks_of(j) if j < len(paras) and j <= i + _CARRY else []
            if nmarks and ((prose[paras[j].start] in _OPENERS and nmarks[0][0] == paras[j].start)
                           or len(nmarks) % 2 == 1):
                for k in range(i + 1, j):
                    cur.pieces.append((paras[k].start, paras[k].end))
                cur.last = j - 1
            else:
                out.append(cur)
                cur = None
    if cur is not None:
        out.append(cur)
    return out


_WORDS = LazyPattern(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}'’\-]*")
# The word of ``_WORDS`` starting at a position (``match(text, pos)``): none when the position
# is inside a word. Words are read left to right, so a position starts one when no letter or
# digit precedes it in its run of word characters.
_WORD_AT = LazyPattern(r"(?<![\p{L}\p{N}][\p{L}\p{M}\p{N}'’\-]*)[\p{L}\p{N}][\p{L}\p{M}\p{N}'’\-]*")
# The last word of ``_WORDS`` before ``endpos`` when ``endpos`` is not inside a word
# (``search(text, 0, endpos)``): read backwards, greedily, it starts at the first letter or
# digit of its run, as when read forwards.
_WORD_BEFORE = LazyPattern(r"(?r)[\p{L}\p{N}][\p{L}\p{M}\p{N}'’\-]*")


_HONORIFIC_NAME = LazyPattern(r"(?-i:\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Rev|Sgt|Insp|Capt|Col|Gen|Const|Det|Supt|Cllr)\.?\s+\p{Lu}[\p{L}'’\-]+)")


class QuoteAttribution:
    """Who said the document's quotations: a speaker in a paragraph a quotation touches (text
    outside quotation marks) or in the paragraph before or after it; a colon or a named
    speaker introducing it in the paragraph before; or the attributed quotation it continues.
    Kept on the document: NL305 and the phrase rules (a weasel phrase inside someone's
    quotation is theirs) ask it."""

    def __init__(self, doc: Document, rule: UnattributedQuote) -> None:
        self.doc, self.rule = doc, rule
        self.quotes = quotations(doc)
        self.paras = doc.paragraphs
        self._outside: dict[int, str] = {}
        self._memo: dict[int, bool] = {}
        self._speakers: set[str] | None = None
        self._not_speakers: set[str] = set()
        # the quotation pieces of each paragraph, for reading a paragraph outside them
        self._pieces: dict[int, list[tuple[int, int]]] = {}
        for q in self.quotes:
            for a, b in q.pieces:
                k = bisect.bisect_right(self.paras, (a, _INF)) - 1
                self._pieces.setdefault(k, []).append((a, b))
        self._status: dict[int, bool] = {}
        self._long: dict[int, bool] = {}
        self._done = -1  # statuses are computed in order, up to this quotation
        self._prev: tuple[int, bool] = (-9, False)  # (last paragraph, attributed) of the last long one

    def is_long(self, k: int) -> bool:
        """More than a few words: a quotation that needs a speaker (not a scare quote)."""
        got = self._long.get(k)
        if got is None:
            q = self.quotes[k]
            start = q.pieces[0][0] + 1 if q.pieces else 0
            end = q.pieces[-1][1] - (1 if q.closed else 0) if q.pieces else 0
            got = self._long[k] = bool(q.pieces) and self.rule._long(self.doc.prose, start, end)
        return got

    def attributed(self, k: int) -> bool:
        """Does quotation ``k`` have a speaker? Long quotations are judged in order: one that
        opens the paragraph after an attributed one continues it."""
        prose = self.doc.prose
        prev_last, prev_ok = self._prev  # the last long quotation judged
        for j in range(self._done + 1, k + 1):
            q = self.quotes[j]
            if not self.is_long(j):
                self._done = j
                continue
            start = prose[self.paras[q.first].start : self.paras[q.first].end].lstrip()[:1]
            ok = (prev_ok and q.first - prev_last <= 1 and start in _OPENERS) or self._attributed(q)
            self._status[j] = ok
            self._done = j
            prev_last, prev_ok = q.last, ok
        self._prev = (prev_last, prev_ok)
        if k in self._status:
            return self._status[k]
        return self._attributed(self.quotes[k])  # a short quotation, asked about by a phrase rule

    def outside(self, i: int) -> str:
        """Paragraph ``i``'s text with its quotations blanked."""
        got = self._outside.get(i)
        if got is None:
            p = self.paras[i]
            text = self.doc.prose[p.start : p.end]
            parts: list[str] = []
            last = 0
            for qa, qb in sorted(self._pieces.get(i, ())):
                a, b = qa - p.start, qb - p.start
                parts += (text[last:a], " " * (b - a))
                last = b
            parts.append(text[last:])
            got = self._outside[i] = "".join(parts)
        return got

    def speaker(self, i: int) -> bool:
        if i < 0 or i >= len(self.paras):
            return False
        got = self._memo.get(i)
        if got is None:
            got = self._memo[i] = self.rule._has_speaker(self.outside(i))
        return got

    def _attributed(self, q: Quotation) -> bool:
        # its own paragraph first (most quotations), then the ones around it, then the middle
        order = (q.first, q.first - 1, q.last + 1, q.last, *range(q.first + 1, q.last))
        if any(self.speaker(i) for i in order):
            return True
        if q.first > 0:
            before = self.outside(q.first - 1).rstrip()
            if before.endswith((":", "—", "–", "--")):
                return True  # "The judge had advice for the jury:" then the quotation
            if _HONORIFIC_NAME.search(before) or self._names_speaker(before):
                return True  # "Mr Ruiz also praised the crews." then the quotation
        return False

    def _names_speaker(self, text: str) -> bool:
        """``text`` names someone the article quotes elsewhere ("Ruiz said"): the article is
        searched for the few capitalised words of ``text`` next to a reporting verb."""
        names = {w for w in regex.findall(r"\p{Lu}[\p{L}'’\-]+", text) if len(w) > 2}
        if self._speakers is None:
            self._speakers = set()
        if names & self._speakers:
            return True
        names -= self._not_speakers
        if not names:
            return False
        alt = "|".join(sorted(map(regex.escape, names), key=len, reverse=True))
        found = regex.search(
            r"(?-i:\b(?:" + alt + r"))\s+(?:said|says|told|added|explained|recalled|wrote|asked|insisted|warned)\b"
            r"|\b(?:said|says|told|added)\s+(?:(?-i:\p{Lu})[\p{L}.'’\-]*\s+){0,3}?(?-i:(?:" + alt + r"))\b",
            self.doc.prose)
        if found is not None:
            self._speakers.update(n for n in names if n in found.group())
            return True
        self._not_speakers |= names
        return False

    def quotation_at(self, offset: int) -> int | None:
        """The index of the quotation holding ``offset``, or None."""
        for k, q in enumerate(self.quotes):
            if q.pieces and q.pieces[0][0] > offset:
                return None
            if any(a <= offset < b for a, b in q.pieces):
                return k
        return None


def quote_attribution(doc: Document) -> QuoteAttribution:
    return doc.index[QUOTE_MAP]


def inside_attributed_quotation(doc: Document, offset: int) -> bool:
    """Is ``offset`` inside a direct quotation whose speaker is named? A weasel phrase there
    is the speaker's words, reported as theirs."""
    if not _has_quote_marks(doc):
        return False
    qa = quote_attribution(doc)
    k = qa.quotation_at(offset)
    return k is not None and qa.attributed(k)


# ---- NL305 --------------------------------------------------------------------------------
class UnattributedQuote(Rule):
    reads = (QUOTE_MAP,)  # views of the document index (newslint.index)
    code = "NL305"
    name = "unattributed-quote"
    category = "attribution"
    severity = "warning"
    summary = "A direct quotation with no speaker in its sentence, paragraph or the paragraphs around it."
    explanation = """
## What it does
Flags a direct quotation when nobody is said to have said it. Quotation marks are read
across the article: a quotation left open at the end of a paragraph goes on when the next
paragraph opens with a quotation mark (the house style of long quotations, where only the
last paragraph closes) or when the next paragraph closes it (text laid out one sentence a
paragraph). The quotation has a speaker when:

* a paragraph it spans, or the paragraph before or after it, names one: a name or a
  pronoun next to a reporting verb ("Xi told Blinken", "said Ms Ruiz", "he added", "is
  heard to say"), "according to X", or a dash credit under a blockquote ("— Ana Ruiz");
* the paragraph before introduces it: it ends with a colon or a dash ("The judge had advice
  for the jury:"), or names a speaker ("Mr Mensah also praised the crews.", or a name the
  article quotes elsewhere);
* it continues, in the next paragraph, a quotation that has a speaker.

A short quoted phrase of a few words inside a sentence (a scare quote, a title such as
"strategic ambiguity") is not a quotation that needs a speaker. The reporting verbs are the
`[lists]` table of `rules/attribution.toml`.

## Why is this bad?
A quotation is a claim that someone said these words. Without the speaker the reader
cannot tell who is talking, and the writer may be putting words in no one's mouth.

## Example (bad)
    The bridge closed at noon.

    "We had no choice but to shut it before the storm arrived."

## Use instead (good)
    "We had no choice but to shut it before the storm arrived," the county engineer,
    Paul Mensah, said.

## Fix safety
No fix: only the reporter knows who spoke.
"""
    examples_bad = (
        'The bridge closed at noon.\n\n"We had no choice but to shut it before the storm arrived."\n\nTraffic was diverted through the valley.',
    )
    examples_good = (
        '"We had no choice but to shut it before the storm arrived," the county engineer said.',
        'The bridge closed at noon.\n\n"We had no choice but to shut it before the storm arrived."\n\nThat was how Paul Mensah, the county engineer, explained the closure.',
        'The county engineer spoke to reporters at noon.\n\n"We had no choice but to shut it," she said. "The storm was too close."\n\n"Nobody wanted to take the risk with children on the school run."',
        'The government keeps a policy of "strategic ambiguity" over the islands.',
        'Paul Mensah, the county engineer: "We had no choice but to shut it before the storm."',
        'The harbour master, Ines Kolar, said the decision was hers.\n\n"We watched the swell build all morning and the forecasts got worse by the hour.\n\n"By noon there was nothing for it but to close the gates and send the crews home.\n\n"I would make the same call again tomorrow."',
        'The harbour master addressed the crews on the quay at dawn:\n\n"Nobody goes out until the swell drops, and nobody argues about it."',
    )

    def __init__(self) -> None:
        lists = word_lists()
        self._verbs = frozenset(v.lower() for v in lists["reporting_verbs"])
        self._be = frozenset(v.lower() for v in lists["be_forms"]) | {"it"}
        self._short = int(lists.get("short_quote_words", 4))
        name = r"(?-i:\p{Lu}[\p{L}\p{M}.'’\-]*)"
        # phrases that name a source without a plain reporting verb
        self._phrases = _Screened(LazyPattern(
            r"\baccording\s+to\b|\bin\s+an?\s+(?:statement|interview|post|tweet|email|letter|speech|video|readout)\b"
            # "the optimistic view mouthed by Ana Ruiz", "words from the minister"
            r"|\b(?:words?|view|comments?|remarks?|message|description|phrase|claim|promise|pledge|assessment|verdict|prediction|warning|slogan)\s+(?:[\p{L}\-]+\s+){0,3}?(?:by|from|of)\s+" + name,
            regex.I,
        ), ["according", "statement", "interview", "post", "tweet", "email", "letter", "speech", "video", "readout",
            "word", "view", "comment", "remark", "message", "description", "phrase", "claim", "promise", "pledge",
            "assessment", "verdict", "prediction", "warning", "slogan"])
        self._colon_intro = LazyPattern(r"(?::|\s[—–]|\s--)\s*$")
        self._dash_credit = LazyPattern(r"^\s*(?:[—–\-]{1,2}|~)\s*" + name)
        # a passive report whose source is named: "described in a 1972 Herald profile as",
        # "quoted by Reuters", "a story in The Post"
        self._passive_source = _Screened(LazyPattern(
            r"\b(?:described|quoted|called|reported|cited|labell?ed|dubbed)\s+(?:by|in)\s+(?:(?:a|an|the|its|his|her|their)\s+)?(?:\d{4}\s+)?" + name
            + r"|\b(?:story|article|report|profile|editorial|column|statement|interview)\s+(?:in|by|from|for)\s+(?:the\s+)?" + name
            + r"|" + name + r"\s+(?:story|article|report|profile|editorial|column)\b",
            regex.I,
        ), ["described", "quoted", "called", "report", "cited", "label", "dubbed", "story", "article", "profile",
            "editorial", "column", "statement", "interview"])
        _QUOTE_RULE[0] = self

    def _has_speaker(self, text: str) -> bool:
        """A reporting verb in the active voice ("Xi told", "said Ruiz", "he added", "is heard
        to say"), or a phrase that names a source ("according to", "in a statement")."""
        return (self._active_verb(text.lower()) or bool(self._phrases.search(text))
                or bool(self._dash_credit.match(text)) or bool(self._passive_source.search(text)))

    def _active_verb(self, low: str) -> bool:
        """A word of ``low`` (``_WORDS`` words of lowercased text) that is a reporting verb,
        not after a form of "be" or "it" (an "-ly" adverb between skipped): "is said to",
        "was told" report no speaker; an "-ing" form always does.

        Only the verbs' occurrences are read (``_whole_words``), not every word, and the words
        before one are read backwards from it: a third of the cost of splitting into words."""
        for start, verb in _whole_words(low, self._verbs):
            if verb.endswith("ing"):
                return True
            prev = _WORD_BEFORE.search(low, 0, start)
            if prev is None:
                return True  # the first word
            before = prev.group()
            if before.endswith("ly"):
                prev = _WORD_BEFORE.search(low, 0, prev.start())
                if prev is not None:
                    before = prev.group()
            if before not in self._be:  # "is said to", "was told": not a speaker
                return True
        return False

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        prose = doc.prose
        if not _has_quote_marks(doc):
            return
        qa = quote_attribution(doc)
        for k, q in enumerate(qa.quotes):
            if not qa.is_long(k) or qa.attributed(k):
                continue
            a, b = q.pieces[0]
            inner_start = a + 1
            if self._colon_before(prose, a, doc.paragraphs[q.first].start):
                continue
            if _is_title(prose[inner_start:b].strip("”\"»“ ")):
                continue  # “A House by the Estuary”: a title, not speech
            if q.closed and len(q.pieces) == 1 and _MODIFIER_AFTER.match(prose, b):
                continue  # a “now or never” moment: a quoted expression used as a word
            if self._skip(doc, a):
                continue
            end = min(b, _line_at(doc, a)[1])  # underline the first line
            yield Hit(a, end, "Quotation with no speaker: who said this? Name the speaker in this or a neighbouring paragraph.")

    def _long(self, prose: str, start: int, end: int) -> bool:
        """More than ``short_quote_words`` words in prose[start:end] (counting stops there)."""
        return any(n > self._short for n, _ in enumerate(_WORDS.finditer(prose, start, end), 1))

    def _colon_before(self, prose: str, start: int, para_start: int) -> bool:
        """"The minister: "..."": a speaker introduced before a colon (or a dash)."""
        before = prose[max(para_start, start - 80) : start]
        return bool(self._colon_intro.search(before)) and bool(regex.search(r"\p{L}", before))

    def _skip(self, doc: Document, start: int) -> bool:
        span = _sentence_at(doc, start)
        return span is not None and _skip_sentence(doc, span)


_QUOTE_RULE: list[Any] = [None]
# A closing mark followed by a lowercase noun-like word, not a reporting clause or a
# conjunction: the quotation is a modifier ("a “so old” joke", "“get him” comments").
_MODIFIER_AFTER = LazyPattern(
    r"[ \t]+(?!(?:and|or|but|as|he|she|they|we|i|it|said|says|told|added|asked|wrote|that|which|who|in|on|at|to|for|from|by|with|of|is|was|are|were|the|a|an)\b)\p{Ll}{3,}\b"
)


RULES: list[Rule] = [*phrase_rules(), AgentlessExpectation(), UnattributedQuote()]
