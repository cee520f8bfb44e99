"""Rule packs: rules written as data (TOML), in the spirit of Vale styles.

A pack is a TOML file with a ``[pack]`` table and a list of ``[[rules]]``. Each rule has a
stable ``code``, a ``name``, a ``category``, a ``severity``, a ``message`` (``%s`` is the
matched text), an ``explanation``, and one of these kinds (``extends``):

* ``existence``: report every match of ``tokens`` (phrases) or ``patterns`` (regexes) in
  the rule's ``scope`` (``line``, ``sentence``, ``paragraph`` or ``document``), unless the
  same scope also matches one of ``exceptions``.
* ``substitution``: ``swap = { "bad phrase" = "good phrase" }``; each match gets a fix.
* ``line``: a whole line that matches is a leftover of the page (boilerplate): ``anchor``
  says whether the match must cover the line (``full``), start it (``start``) or may be
  anywhere in it (``any``); ``max_words`` caps the line's length so body sentences that
  mention the words stay quiet. The fix removes the line.

``triggers`` (optional, any kind) is a list of words or fragments, one of which every match
of the rule's ``tokens``/``patterns`` contains: ``["cookie", "consent"]``. They are compared
with the text lowercased (case-folded as the ``regex`` module folds for ``ignorecase``), as
plain substrings, and the patterns run only on a line (or, for the other kinds, a document)
holding at least one of them. They are a speed-up, not a filter: a trigger that some match
does not contain makes the rule miss that match, so leave ``triggers`` out when a pattern has
no fixed word (digits, punctuation). Write each as it appears in the pattern ("sign up" only
when the pattern has a literal space; a token's words may be split by any whitespace, so use
one of its words).

Patterns use the ``regex`` module and run with a time limit, so a pathological pattern
cannot hang a run. A rule's patterns are compiled when it first needs them; the packs a
configuration adds are also compiled when they load, so a bad pattern is reported then. ``examples.bad``/``examples.good`` are test sentences that the test
suite runs: what must fire and what must stay quiet.
"""
from __future__ import annotations

import bisect
import threading
import tomllib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
import regex

from newslint.config import ConfigError, validate_table
from newslint.document import Document, Span
from newslint.finding import CATEGORIES, SEVERITIES, Edit, Fix, Hit, Safety
from newslint.index import PROSE_FOLDED
from newslint.rules.base import Rule, RuleContext
from newslint.rules.lines import (
    LINE_LOWS,
    LINE_TABLE,
    SHORT_LINES,
    fold_case,
    line_low,
    line_table,
    remove_lines_fix,
    short_lines,
)

REGEX_TIMEOUT = 0.25  # seconds per pattern per text; a slower pattern is a broken pattern
_COMPILE_LOCK = threading.RLock()
# texts a pattern is tried on at load time to see whether it can match nothing at all
_EMPTY_PROBES = ("", " ", "a", "A b.", "\n", "1", "word, word. Word!", "\t- x -\n")


class LazyPattern:
    """A ``regex`` pattern compiled on first use (compiling costs far more than most checks
    need: a one-file run should not pay for patterns no line of that file reaches).

    The first attribute read compiles the pattern and binds its methods on the instance, so
    later calls cost what calls on the compiled pattern cost."""

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "split", "pattern", "flags")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_args":
            raise AttributeError(name)
        with _COMPILE_LOCK:
            compiled = regex.compile(*self._args)
            for m in self._METHODS:
                setattr(self, m, getattr(compiled, m))
        return getattr(compiled, name)


def _can_match_empty(compiled: regex.Pattern, source: str) -> bool:
    """Can the pattern match zero characters? Python's own parser knows a pattern's least
    width (lookarounds and anchors are zero wide); for syntax only the ``regex`` module
    knows (``\\p{L}``), the pattern is tried on a few short texts instead."""
    import re._parser as sre_parse  # type: ignore[import-not-found]  # stdlib, the parser behind `re` (typeshed has no stub)

    try:
        return sre_parse.parse(source).getwidth()[0] == 0
    except Exception:  # syntax of the regex module
        return any(m.start() == m.end() for probe in _EMPTY_PROBES for m in compiled.finditer(probe, timeout=REGEX_TIMEOUT))


def builtin_packs_dir() -> Path:
    """Where the built-in packs live: inside the wheel, or `rules/` in a source checkout."""
    here = Path(__file__).resolve().parent
    for cand in (here / "_packs", here.parent / "rules"):
        if cand.is_dir():
            return cand
    raise FileNotFoundError("newslint's built-in rule packs are missing from this installation")


_ESCAPE = regex.compile(r"\\(?=\W)")


def _literal(source: str) -> str:
    """A pattern's source with escapes of punctuation removed, case-folded: what its
    fixed words look like (``don\'t`` -> ``don't``)."""
    return fold_case(_ESCAPE.sub("", source))


def phrase_regex(phrase: str) -> str:
    """A phrase as a regex: words as written, any whitespace between them, word edges."""
    parts = [regex.escape(w) for w in phrase.split()]
    body = r"\s+".join(parts)
    lead = r"\b" if phrase[:1].isalnum() else ""
    tail = r"\b" if phrase[-1:].isalnum() else ""
    return lead + body + tail


def read_rule_header(rule: Rule, spec: dict[str, Any], origin: str, key: str) -> str:
    """Validate and set what every rule written as data has: code, name, category,
    severity, summary, explanation, enabled, examples; returns its message (the rule keeps
    it as ``message``). Shared by pack rules and the attribution pack's phrase rules, so
    both read (and reject) the same way."""
    for req in ("code", "name", "category"):
        if not isinstance(spec.get(req), str) or not spec[req]:
            raise ConfigError(origin, f"{key}.{req}", "is required (a string)")
    if spec["category"] not in CATEGORIES:
        raise ConfigError(origin, f"{key}.category", f"'{spec['category']}' is not one of {', '.join(CATEGORIES)}")
    if spec.get("severity", "warning") not in SEVERITIES:
        raise ConfigError(origin, f"{key}.severity", f"not one of {', '.join(SEVERITIES)}")
    rule.origin = origin
    rule.code = spec["code"]
    rule.name = spec["name"]
    rule.category = spec["category"]
    rule.severity = spec.get("severity", "warning")
    message: str = spec.get("message", "%s")
    rule.summary = spec.get("summary", "") or message.replace("%s", "…")
    rule.explanation = spec.get("explanation", "")
    rule.default_enabled = bool(spec.get("enabled", True))
    ex = spec.get("examples", {})
    rule.examples_bad = tuple(ex.get("bad", []))
    rule.examples_good = tuple(ex.get("good", []))
    return message


class PackRule(Rule):
    """A rule defined in a pack file."""

    def __init__(self, spec: dict[str, Any], origin: str, key: str, *, validate: bool = True):
        self.message = read_rule_header(self, spec, origin, key)
        self._key = key
        self.kind = spec.get("extends", "existence")
        self.scope = spec.get("scope", "line" if self.kind == "line" else "sentence")
        self.anchor = spec.get("anchor", "any")
        self.max_words = int(spec.get("max_words", 0))
        self.position = spec.get("position", "any")
        fix = spec.get("fix", {})
        self.fix_safety: Safety = fix.get("safety", "unsafe") if isinstance(fix, dict) else "unsafe"
        self._flags = (regex.IGNORECASE if spec.get("ignorecase", True) else 0)
        self.swap: dict[str, str] = dict(spec.get("swap", {}))
        sources = [phrase_regex(t) for t in spec.get("tokens", [])] + list(spec.get("patterns", []))
        if self.kind == "substitution":
            sources = [phrase_regex(k) for k in self.swap]
        self._sources = sources
        self._exception_sources = list(spec.get("exceptions", []))
        # compiled on first use (see the `pattern` and `exceptions` properties)
        self._pattern: regex.Pattern | None = None
        self._exceptions: regex.Pattern | None = None
        self.triggers: tuple[str, ...] = tuple(dict.fromkeys(fold_case(t) for t in spec.get("triggers", [])))
        self._by_source: list[tuple[str, ...]] | None = None  # the triggers each source spells out
        self._subsets: dict[tuple[int, ...], regex.Pattern] = {}
        self._by_present: dict[tuple[str, ...], regex.Pattern] = {}  # triggers found -> pattern
        self.reads = (LINE_TABLE, SHORT_LINES, LINE_LOWS) if self.kind == "line" else (PROSE_FOLDED,)
        self._check_triggers(spec)
        if validate:
            self._check_sources(sources, "patterns", nonempty=True)
            self._check_sources(self._exception_sources, "exceptions")
        if self.kind == "substitution":
            self._swap_lookup = {k.lower(): v for k, v in self.swap.items()}

    def _check_sources(self, sources: list[str], key: str, *, nonempty: bool = False) -> None:
        """Compile every source now, so a bad one is reported with its key at load time.
        ``nonempty``: a pattern that can match empty text is refused too (it would report,
        or with a swap insert text, between every two characters)."""
        for i, src in enumerate(sources):
            try:
                compiled = regex.compile(src, self._flags)
                empty = nonempty and _can_match_empty(compiled, src)
            except regex.error as exc:
                raise ConfigError(self.origin, f"{self._key}.{key}[{i}]", f"bad pattern {src!r}: {exc}") from None
            except TimeoutError:
                raise ConfigError(self.origin, f"{self._key}.{key}[{i}]", f"pattern {src!r} backtracks without end on a short text; simplify it") from None
            if empty:
                raise ConfigError(self.origin, f"{self._key}.{key}[{i}]", f"pattern {src!r} can match empty text; make it match at least one character")

    def _check_triggers(self, spec: dict[str, Any]) -> None:
        """Every token and pattern must spell out one of the triggers (else its matches are
        missed), and every trigger must be in one of them (else it is a typo)."""
        if not self.triggers:
            return
        raw = list(self.swap) if self.kind == "substitution" else [*spec.get("tokens", []), *spec.get("patterns", [])]
        literals = [_literal(src) for src in raw]
        for src, lit in zip(raw, literals, strict=True):
            if not any(t in lit for t in self.triggers):
                raise ConfigError(self.origin, f"{self._key}.triggers",
                                  f"{src!r} holds none of the triggers {list(self.triggers)}: its matches would be missed")
        for t in self.triggers:
            if not any(t in lit for lit in literals):
                raise ConfigError(self.origin, f"{self._key}.triggers", f"trigger {t!r} is in none of the rule's tokens or patterns")

    def _compile(self, sources: list[str], key: str) -> regex.Pattern:
        if self.kind == "line" and self.anchor == "full":
            joined = r"^\W*(?:" + "|".join(f"(?:{s})" for s in sources) + r")\W*$"
        elif self.kind == "line" and self.anchor == "start":
            joined = r"^\W*(?:" + "|".join(f"(?:{s})" for s in sources) + r")"
        else:
            joined = "|".join(f"(?:{s})" for s in sources)
        try:
            return regex.compile(joined, self._flags)
        except regex.error:
            self._check_sources(sources, key)  # names the bad source
            raise

    def _compiled(self, attr: str, sources: list[str], key: str) -> regex.Pattern | None:
        """``sources`` as one regex, compiled on first use and kept in ``attr``."""
        if getattr(self, attr) is None and sources:
            with _COMPILE_LOCK:
                if getattr(self, attr) is None:
                    setattr(self, attr, self._compile(sources, key))
        return getattr(self, attr)

    @property
    def pattern(self) -> regex.Pattern | None:
        """The rule's patterns as one regex (None when it has none), compiled on first use."""
        return self._compiled("_pattern", self._sources, "patterns")

    @property
    def exceptions(self) -> regex.Pattern | None:
        """As the patterns: a line rule's anchor applies to its exceptions too."""
        return self._compiled("_exceptions", self._exception_sources, "exceptions")

    def _full_pattern(self) -> regex.Pattern:
        """``pattern`` where the rule has sources (every caller returns early otherwise)."""
        pat = self.pattern
        assert pat is not None, "a rule without patterns matches nothing"
        return pat

    def _pattern_for(self, low: str) -> regex.Pattern:
        """The rule's pattern narrowed to the sources whose triggers occur in ``low``."""
        return self._pattern_present(tuple(t for t in self.triggers if t in low))

    def _triggered(self, low: str) -> bool:
        """Does the (case-folded) text hold one of the rule's triggers (or has it none)?"""
        return not self.triggers or any(t in low for t in self.triggers)

    # ---- checking ------------------------------------------------------------------------
    def scopes(self, doc: Document) -> Iterator[Span]:
        if self.scope == "sentence":
            yield from doc.sentences
        elif self.scope == "paragraph":
            yield from doc.paragraphs
        elif self.scope == "document":
            yield Span(0, len(doc.prose))
        else:
            for ln in doc.lines:
                yield Span(ln.start, ln.end)

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        if not self._sources:
            return
        if self.kind == "line":
            yield from doc.index[self.hits]  # a shared view: the promo-footer rule reads these too
            return
        if self.triggers and not self._triggered(folded_prose(doc)):
            return  # no match can be in a text without a trigger
        # One pass over the whole prose (cheap when nothing matches, the common case),
        # then each match is placed in its scope; exceptions are read per scope, lazily.
        matches = list(self._finditer(self._full_pattern(), doc.prose, doc))
        if not matches:
            return
        scopes = list(self.scopes(doc))
        starts = [sc.start for sc in scopes]
        excepted: dict[int, bool] = {}
        for m in matches:
            i = bisect.bisect_right(starts, m.start()) - 1
            if i < 0 or m.end() > scopes[i].end:
                continue  # not inside one scope (e.g. across two sentences)
            if self.exceptions is not None:
                if i not in excepted:
                    excepted[i] = self._search(self.exceptions, doc.prose[scopes[i].start : scopes[i].end], doc) is not None
                if excepted[i]:
                    continue
            start, end = m.start(), m.end()
            fix = None
            if self.kind == "substitution":
                repl = self._swap_lookup.get(" ".join(m.group().lower().split()))
                if repl is not None:
                    fix = Fix((Edit(start, end, _match_case(m.group(), repl)),), self.fix_safety, f"Replace with '{repl}'")
                    yield Hit(start, end, self.message.replace("%s", m.group()).replace("%r", repl), fix)
                    continue
            yield Hit(start, end, self.message.replace("%s", m.group()), fix)

    def detect(self, doc: Document) -> Iterable[Hit]:
        """A line rule's lines, whatever the configuration (see ``Rule.hits``)."""
        return self._check_lines(doc)

    def _pattern_present(self, present: tuple[str, ...]) -> regex.Pattern:
        """The rule's pattern narrowed to the sources that spell out one of the triggers
        ``present`` in a text (or no trigger at all). A source can only match text holding
        one of its triggers, so the narrowed alternation finds exactly what the full one
        finds, in a fraction of the time when a rule has many patterns; it is compiled once
        per distinct subset and memoised per set of triggers present."""
        pat = self._by_present.get(present)
        if pat is None:
            if not self.triggers or len(self._sources) < 2:
                pat = self._full_pattern()
            else:
                if self._by_source is None:
                    self._by_source = [tuple(t for t in self.triggers if t in _literal(src)) for src in self._sources]
                held = set(present)
                key = tuple(i for i, ts in enumerate(self._by_source) if not ts or any(t in held for t in ts))
                pat = self._subsets.get(key)
                if pat is None:
                    with _COMPILE_LOCK:
                        pat = self._subsets[key] = self._compile([self._sources[i] for i in key], "patterns")
            self._by_present[present] = pat
        return pat

    def _trigger_lines(self, low: str, starts: list[int], n: int) -> dict[int, list[str]]:
        """Which of the first ``n`` lines of ``low`` (case-folded lines joined by newlines,
        starting at ``starts``) hold which of the rule's triggers, in the rule's order: what
        ``_triggered`` and ``_pattern_for`` would find line by line, in a few ``str.find``."""
        out: dict[int, list[str]] = {}
        if not n:
            return out
        end = starts[n] - 1
        find = low.find
        for t in self.triggers:
            size = len(t)
            pos = find(t, 0, end)
            while pos >= 0:
                k = bisect.bisect_right(starts, pos) - 1
                nxt = starts[k + 1]
                if pos + size < nxt:  # within line k (which ends at nxt - 1)
                    out.setdefault(k, []).append(t)
                    pos = find(t, nxt, end) if k + 1 < n else -1
                else:
                    pos = find(t, pos + 1, end)
        return out

    def _check_lines(self, doc: Document) -> Iterator[Hit]:
        found: dict[int, regex.Match] = {}
        max_words = self.max_words
        triggers = self.triggers
        if self.position == "any":
            # no region to stop at: only the lines short enough for the rule are read
            lines, n, low, starts = short_lines(doc, max_words)
            if triggers:
                picked = self._trigger_lines(low, starts, n)
                todo = [(lines[k], self._pattern_present(tuple(ts))) for k, ts in picked.items()]
            else:
                todo = [(li, self._full_pattern()) for li in lines[:n]]
            for li, pattern in todo:
                m = self._match_line(pattern, li.text, doc)
                if m:
                    found[li.index] = m
        else:
            table = line_table(doc)
            if self.position == "top":
                groups = [table]
            elif self.position == "bottom":
                groups = [table[::-1]]
            elif self.position == "edges":
                groups = [table, table[::-1]]
            else:
                groups = [table]
            for group in groups:
                for li in group:
                    m = None
                    if li.text and not (max_words and li.words > max_words) and (not triggers or self._triggered(line_low(doc, li))):
                        pattern = self._pattern_for(line_low(doc, li)) if triggers else self._full_pattern()
                        m = self._match_line(pattern, li.text, doc)
                    if m:
                        found[li.index] = m
                    elif li.body:
                        # the first line of body prose (that the rule does not match itself:
                        # a credit line can be long) ends the region above or below the body
                        break
        found = dict(sorted(found.items()))
        for i, m in found.items():
            ln = doc.lines[i]
            raw = ln.text
            start, end = ln.start + len(raw) - len(raw.lstrip()), ln.start + len(raw.rstrip())
            shown = " ".join(m.group().split())
            yield Hit(start, end, self.message.replace("%s", shown), remove_lines_fix(doc, i, i, self.fix_safety, self.name))

    def _match_line(self, pattern: regex.Pattern, text: str, doc: Document) -> regex.Match | None:
        """A match of ``pattern`` in one line unless an exception matches it too; the time
        limit applies to every search, however short the line: a TimeoutError (a pattern that
        backtracks on this text) skips the rule on this file, and the engine says so."""
        m = pattern.search(text, timeout=REGEX_TIMEOUT)
        exceptions = self.exceptions if m else None
        if exceptions is not None and exceptions.search(text, timeout=REGEX_TIMEOUT):
            return None
        return m

    def _finditer(self, pattern: regex.Pattern, text: str, doc: Document) -> Iterator[regex.Match]:
        yield from pattern.finditer(text, timeout=REGEX_TIMEOUT)

    def _search(self, pattern: regex.Pattern, text: str, doc: Document) -> regex.Match | None:
        return pattern.search(text, timeout=REGEX_TIMEOUT)


def folded_prose(doc: Document) -> str:
    """``doc.prose`` case-folded for trigger checks (the shared view ``PROSE_FOLDED``)."""
    return doc.index[PROSE_FOLDED]


def _match_case(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def read_toml(path: Path) -> dict[str, Any]:
    """A pack file's tables, parsed once per version of the file (size, mtime): the rule
    loader, the spelling rule's vocabulary and the attribution word lists read the same
    files. The dict is shared: do not change it. Errors: ``ConfigError`` naming the file."""
    try:
        st = path.stat()
        return _parse_toml(str(path), st.st_mtime_ns, st.st_size)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, None, f"rule pack is not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, f"cannot read rule pack: {exc}") from None


@lru_cache(maxsize=64)
def _parse_toml(path: str, mtime_ns: int, size: int) -> dict[str, Any]:
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


NonEmpty = Annotated[str, msgspec.Meta(min_length=1, pattern=r"\S")]


class _FixSpec(msgspec.Struct, forbid_unknown_fields=True):
    safety: Literal["safe", "unsafe"] = "unsafe"


class _ExamplesSpec(msgspec.Struct, forbid_unknown_fields=True):
    bad: list[str] = []
    good: list[str] = []


class RuleSpec(msgspec.Struct, forbid_unknown_fields=True):
    """The schema of one ``[[rules]]`` table (keys as written in the pack)."""

    code: NonEmpty
    name: NonEmpty
    category: Literal["boilerplate", "typo", "grammar", "attribution", "numbers", "style"]
    severity: Literal["error", "warning", "info", "hint"] = "warning"
    extends: Literal["existence", "substitution", "line"] = "existence"
    message: str = "%s"
    summary: str = ""
    explanation: str = ""
    tokens: list[NonEmpty] = []
    patterns: list[NonEmpty] = []
    exceptions: list[NonEmpty] = []
    swap: dict[NonEmpty, str] = {}
    ignorecase: bool = True
    scope: Literal["line", "sentence", "paragraph", "document"] | None = None
    anchor: Literal["any", "start", "full"] = "any"
    max_words: Annotated[int, msgspec.Meta(ge=0)] = 0
    position: Literal["any", "top", "bottom", "edges"] = "any"
    fix: _FixSpec = msgspec.field(default_factory=_FixSpec)
    examples: _ExamplesSpec = msgspec.field(default_factory=_ExamplesSpec)
    enabled: bool = True
    triggers: list[NonEmpty] = []


def load_pack(path: Path) -> list[PackRule]:
    """Load and validate one pack file against ``RuleSpec``; errors name the file and key."""
    data = read_toml(path)
    rules = data.get("rules", [])
    builtin = _is_builtin(path)
    if not isinstance(rules, list):
        raise ConfigError(path, "rules", "must be an array of tables ([[rules]])")
    out = []
    for i, spec in enumerate(rules):
        key = f"rules[{i}]"
        validate_table(spec, RuleSpec, source=path, key_prefix=f"{key}.")
        if spec.get("extends") == "substitution" and not spec.get("swap"):
            raise ConfigError(path, f"{key}.swap", "a substitution rule needs a swap table")
        # the built-in packs are checked by the test suite: their patterns compile on first use
        out.append(PackRule(spec, str(path), key, validate=not builtin))
    return out


def shown_origin(origin: str) -> str:
    """Where a rule is defined, as its documentation says it: a built-in pack by its place in
    the repository (``rules/boilerplate.toml``), never by where this installation lives."""
    if origin != "built-in" and _is_builtin(Path(origin)):
        return f"the built-in pack rules/{Path(origin).name}"
    return origin


def _is_builtin(path: Path) -> bool:
    try:
        return path.resolve().parent == builtin_packs_dir()
    except (OSError, FileNotFoundError):
        return False


def load_packs(paths: Iterable[Path]) -> list[PackRule]:
    rules: list[PackRule] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(p.glob("*.toml")):
                rules.extend(load_pack(f))
        else:
            rules.extend(load_pack(p))
    return rules
