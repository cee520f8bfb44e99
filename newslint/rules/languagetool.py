"""LanguageTool backend (NL250): grammar and style checks from a LanguageTool server you run.

Off unless ``[tool.newslint.languagetool] url`` names a server: text is never sent anywhere
otherwise. The backend goes through language-tool-python (``pip install 'newslint[languagetool]'``)
in remote mode only: ``LanguageTool(language, remote_server=url)`` asks the server for its
languages (``GET /v2/languages``) and checks text with ``POST /v2/check``; it never downloads or
starts a local LanguageTool. Licence note: language-tool-python is GPL-3.0, so the core never
imports it. It is imported here, lazily, only when a ``url`` is configured; ``import newslint`` and
every run without a ``url`` leave it unimported (a test checks this). Without the package, a
configured ``url`` gives one warning naming the install command, and the run goes on.

Each match becomes one finding with code NL250 (stable, so it can be selected, ignored and
suppressed like any rule); LanguageTool's rule id is in the message ("[EN_A_VS_AN] ...") and in
``data["lt_rule"]``. Its replacements become the suggestions and an unsafe fix. Spans are
offsets into the file's text: the server counts UTF-16 units; language-tool-python (2.9 and
later) converts the start of each match to a Python (code point) offset, the end (and, with 2.8,
the start) is converted here, so a match after or across an emoji covers the right characters. Spelling matches (rule ids like
``MORFOLOGIK_RULE_EN_US``, or a "misspelling" in the TYPOS category) are merged with newslint's
own spelling rule, which owns spelling: a misspelt word is reported once, by NL201, and a word
newslint accepts (known, a name, an acronym) is not reported at all. ``disabled-rules`` is passed
to the server (``tool.disabled_rules``) and also filtered here.

A server that is down, slow (no answer within ``timeout`` seconds) or answering badly gives one
warning per URL per process and no findings; the built-in rules go on. The timeout is enforced
twice: language-tool-python has no timeout option (its requests use a fixed 300 s), so the tool
object here overrides its per-instance request timeout, and each exchange with the server also
runs in a worker thread that is abandoned after ``timeout`` seconds, so a slow server cannot hang
a run even if a future release of the library ignores that override.
"""
from __future__ import annotations

import functools
import re
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from newslint.config import user_config_path
from newslint.document import Document
from newslint.finding import Edit, Fix, Hit, NewslintWarning
from newslint.rules.base import Rule, RuleContext

__all__ = ["LanguageToolRule", "LanguageToolUnavailable", "check_text", "RULES"]

_WARNED: set[str] = set()  # server URLs (and _NOT_INSTALLED) already warned about in this process
_NOT_INSTALLED = "<language-tool-python not installed>"
INSTALL_HINT = "pip install 'newslint[languagetool]'"

# One language_tool_python.LanguageTool per server, language, disabled rules and timeout, for the
# life of the process (building one costs a GET /v2/languages). The object's settings never change
# after it is built, so threads linting with different configurations cannot disturb each other.
_TOOLS: dict[tuple[str, str, tuple[str, ...], float], Any] = {}
_TOOLS_LOCK = threading.Lock()
# language-tool-python's Match keeps the last text's astral-character positions in class
# attributes (to convert offsets), so two checks building matches at once could shift each
# other's offsets; checks in this process take turns.
_CHECK_LOCK = threading.Lock()
_SURROGATE = re.compile("[\ud800-\udfff]")
T = TypeVar("T")


# What the API raises (as a Python warning) when the server is down or the library missing;
# the command prints the same notice once, the language server logs it.
LanguageToolUnavailable = NewslintWarning


def server_base(url: str) -> str:
    """The server's root URL, ending in "/", as language-tool-python's ``remote_server`` wants it
    (it appends ``v2/``). Accepts ``http://host:8081``, ``.../v2`` and ``.../v2/check``."""
    base = url.strip()
    if "://" not in base:
        base = "http://" + base
    base = base.rstrip("/")
    for suffix in ("/v2/check", "/v2"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            break
    return base + "/"


def _bounded(fn: Callable[[], T], timeout: float) -> T:
    """Run ``fn`` in a daemon thread and give up after ``timeout`` seconds (TimeoutError). The
    abandoned thread ends on its own when its request times out; it never blocks exit."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    worker = threading.Thread(target=run, name="newslint-languagetool", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise TimeoutError(f"no answer within {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


@functools.cache
def _tool_class(base: type) -> type:
    class NewslintLanguageTool(base):
        """Remote-only LanguageTool whose requests time out after ``timeout`` seconds."""

        def __init__(self, language: str, remote_server: str, timeout: float) -> None:
            # the library sends every request with ``timeout=self._TIMEOUT`` (a class constant,
            # 300 s) and has no option for it: shadow it on the instance, before the
            # constructor's GET /v2/languages
            self._TIMEOUT = timeout
            super().__init__(language=language, remote_server=remote_server)

    return NewslintLanguageTool


def _tool(url: str, language: str, disabled_rules: tuple[str, ...], timeout: float) -> Any:
    """The cached tool for these settings, built on first use (raises ImportError without
    language-tool-python; OSError/LanguageToolError/ValueError when the server fails)."""
    key = (url, language, disabled_rules, timeout)
    with _TOOLS_LOCK:
        tool = _TOOLS.get(key)
    if tool is not None:
        return tool
    import language_tool_python  # GPL-3.0: imported only when a server is configured

    def build() -> Any:
        made = _tool_class(language_tool_python.LanguageTool)(language, server_base(url), timeout)
        made.disabled_rules = set(disabled_rules)  # sent as disabledRules with every check
        return made

    tool = _bounded(build, timeout)
    with _TOOLS_LOCK:
        return _TOOLS.setdefault(key, tool)


def check_text(url: str, text: str, language: str = "en-US", disabled_rules: Iterable[str] = (),
               timeout: float = 5.0) -> list[Any]:
    """Check ``text`` with the LanguageTool server at ``url`` through language-tool-python and
    return its ``Match`` objects (``offset`` in code points, ``error_length`` in UTF-16 units as
    the server sent it).

    Raises ImportError when language-tool-python is not installed, TimeoutError when the server
    does not answer within ``timeout`` seconds, and whatever the library raises for a server that
    is down or answers badly (LanguageToolError, OSError, ValueError, KeyError).
    """
    tool = _tool(url, language, tuple(disabled_rules), timeout)
    # lone surrogates cannot be encoded for the request; U+FFFD keeps every offset
    safe = _SURROGATE.sub("\ufffd", text)

    def run() -> list[Any]:
        with _CHECK_LOCK:
            return list(tool.check(safe))

    return _bounded(run, timeout)


def _end(text: str, start: int, utf16_length: int) -> int:
    """The code-point offset ``utf16_length`` UTF-16 units after ``start`` in ``text``."""
    end, units = start, 0
    while units < utf16_length and end < len(text):
        units += 2 if ord(text[end]) > 0xFFFF else 1
        end += 1
    return end


def _library_converts_offsets() -> bool:
    """Whether language-tool-python turns the server's UTF-16 start offsets into code points
    (2.9 and later do, in ``Match``; 2.8 hands them over as the server sent them)."""
    module = sys.modules.get("language_tool_python.match")
    return module is not None and hasattr(module, "four_byte_char_positions")


def _field(m: Any, snake: str, camel: str) -> Any:
    """A Match attribute by its 3.x name (``rule_id``) or its 2.x name (``ruleId``)."""
    value = getattr(m, snake, None)
    return getattr(m, camel, None) if value is None else value


def _is_spelling(rule_id: str, issue_type: str | None, category: str | None) -> bool:
    """A dictionary-lookup match (MORFOLOGIK_RULE_EN_US, HUNSPELL_RULE, ..._SPELLER_RULE, or a
    "misspelling" in the TYPOS category). Not every "misspelling" issue type is one:
    EN_A_VS_AN ("a apple") carries it too, and stays a grammar finding."""
    if rule_id.startswith(("MORFOLOGIK_RULE", "HUNSPELL_RULE")) or "SPELLER_RULE" in rule_id:
        return True
    return issue_type == "misspelling" and category == "TYPOS"


def _warn_once(ctx: RuleContext, key: str, msg: str) -> None:
    """One notice per server (or missing library) per process: the run goes on without it."""
    if key in _WARNED:
        return
    _WARNED.add(key)
    ctx.notice(msg)


class LanguageToolRule(Rule):
    code = "NL250"
    name = "languagetool"
    category = "grammar"
    severity = "warning"
    summary = "Grammar and style findings from your LanguageTool server (off unless configured)."
    explanation = """
## What it does
Sends the article's text to the LanguageTool server named by
`[tool.newslint.languagetool] url` (for example `http://localhost:8081`) and reports each of
its matches: LanguageTool's rule id in brackets, its message, its replacements as suggestions.
`language` (default `en-US`), `disabled-rules` (LanguageTool rule ids) and `timeout` (seconds)
are configurable. Without a `url`, nothing is sent anywhere and the rule reports nothing.
Needs the optional extra: `pip install 'newslint[languagetool]'` (language-tool-python,
GPL-3.0, used only to talk to your server; it never downloads or starts LanguageTool itself).

Code, URLs and front matter are blanked before sending (the offsets stay those of the file).
LanguageTool's spelling matches are merged with newslint's own spelling rule (NL201): a word
newslint knows, treats as a name, or already reports is not reported again. A server that is
down or slower than `timeout`, or a missing language-tool-python, gives one warning and the run
goes on with the built-in rules.

## Why is this bad?
Agreement errors, wrong articles and confused words ("could of", "a apple") are grammar slips
that a word list cannot see.

## Example
    He have a apple.

## Use instead
    He has an apple.

## Fix safety
Unsafe: LanguageTool's first replacement is offered, but its rules are heuristic and may
change the meaning.
"""
    examples_bad = ()  # needs a server: covered by tests/test_languagetool.py
    examples_good = ("He has an apple.",)  # no url configured: nothing is sent, nothing found

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        opts = ctx.config.languagetool
        if not opts.url:
            if opts.refused_url:
                _warn_once(ctx, "refused:" + opts.refused_url,
                           f"the project's config names a LanguageTool server ({opts.refused_url}); no text is "
                           "sent to a server a repository names unless you trust it: add it to `trusted-urls` "
                           f"under [languagetool] in {user_config_path()}, or set NEWSLINT_LANGUAGETOOL_URL")
            return ()
        text = doc.prose
        if not text.strip():
            return ()
        try:
            matches = check_text(opts.url, text, opts.language, opts.disabled_rules, opts.timeout)
        except ImportError:
            _warn_once(ctx, _NOT_INSTALLED,
                       f"LanguageTool server configured ({opts.url}) but language-tool-python is not "
                       f"installed: run {INSTALL_HINT}; grammar checks (NL250) skipped, "
                       "built-in rules still run")
            return ()
        except Exception as exc:  # whatever the server or library does, the run goes on
            _warn_once(ctx, opts.url,
                       f"LanguageTool server at {opts.url} is unavailable ({_reason(exc)}); "
                       "grammar checks (NL250) skipped, built-in rules still run")
            return ()
        return list(self._hits(doc, ctx, matches))

    def _hits(self, doc: Document, ctx: RuleContext, matches: list[Any]) -> Iterable[Hit]:
        disabled = set(ctx.config.languagetool.disabled_rules)
        text = doc.prose
        converted = _library_converts_offsets()
        for m in matches:
            try:
                off = int(m.offset)
                length = int(_field(m, "error_length", "errorLength"))
            except (AttributeError, TypeError, ValueError):
                continue
            if not converted:  # still UTF-16 units, as the server counts
                off = _end(text, 0, off)
            end = _end(text, off, length)
            if not (0 <= off < end <= len(doc.text)):
                continue
            rid = str(_field(m, "rule_id", "ruleId") or "UNKNOWN")
            if rid in disabled:
                continue
            category = getattr(m, "category", None)
            issue_type = _field(m, "rule_issue_type", "ruleIssueType")
            if _is_spelling(rid, issue_type, category) and any(
                    t.start < end and off < t.end for t in doc.tokens_in(max(0, off - 64), end)):
                # newslint's spelling rule (NL201) owns spelling: the word is either reported
                # there already, or one newslint accepts (known, a name, an acronym...)
                continue
            reps = [str(r) for r in getattr(m, "replacements", None) or [] if r is not None]
            message = str(getattr(m, "message", None) or rid)
            fix = None
            if reps:
                fix = Fix((Edit(off, end, reps[0]),), "unsafe", f"Replace with '{reps[0]}'")
            yield Hit(off, end, f"[{rid}] {message}", fix=fix,
                      data={"suggestions": reps[:5], "lt_rule": rid,
                            "lt_category": category, "lt_issue_type": issue_type})


def _reason(exc: BaseException) -> str:
    """A short reason: the underlying socket error ("[Errno 111] Connection refused") when the
    library wrapped one, else the exception's own text, cut to one line."""
    seen: set[int] = set()
    todo: list[Any] = [exc]
    while todo:  # the library wraps requests' errors, which wrap urllib3's, which wrap OSError
        e = todo.pop(0)
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, OSError) and e.strerror:
            return f"[Errno {e.errno}] {e.strerror}" if e.errno is not None else e.strerror
        todo += [e.__cause__, e.__context__, getattr(e, "reason", None), *e.args[:1]]
    text = " ".join((str(exc) or type(exc).__name__).split())
    return text if len(text) <= 200 else text[:199] + "\u2026"


RULES: list[Rule] = [LanguageToolRule()]
