"""LanguageTool backend (NL250): grammar and style checks from a LanguageTool server you run.

Off unless ``[tool.newslint.languagetool] url`` names a server: text is never sent anywhere
otherwise. The rule speaks LanguageTool's documented HTTP API (``POST /v2/check``, form fields
``text``, ``language``, ``disabledRules``) with the standard library, so newslint imports no
LanguageTool code (language-tool-python is GPL-3.0; it is not needed to talk to a server).

Each match becomes one finding with code NL250 (stable, so it can be selected, ignored and
suppressed like any rule); LanguageTool's rule id is in the message ("[EN_A_VS_AN] ...") and in
``data["lt_rule"]``. Its replacements become the suggestions and an unsafe fix. Spelling
matches (``ruleIssueType`` "misspelling", rule ids like ``MORFOLOGIK_RULE_EN_US``) are merged
with newslint's own spelling rule, which owns spelling: a misspelt word is reported once, by
NL201, and a word newslint accepts (known, a name, an acronym) is not reported at all. A server that is down or slow gives one
warning per run and no findings; the built-in rules go on.
"""
from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Iterable
from typing import Any

from newslint.document import Document
from newslint.finding import Edit, Fix, Hit
from newslint.rules.base import Rule, RuleContext

__all__ = ["LanguageToolRule", "LanguageToolUnavailable", "check_text", "RULES"]

log = logging.getLogger("newslint.languagetool")
_WARNED: set[str] = set()  # server URLs already warned about in this process


class LanguageToolUnavailable(RuntimeWarning):
    """The configured LanguageTool server could not be reached or answered badly."""


def check_text(url: str, text: str, language: str = "en-US", disabled_rules: Iterable[str] = (),
               timeout: float = 5.0) -> list[dict[str, Any]]:
    """POST ``text`` to ``url``/v2/check and return LanguageTool's ``matches``.

    Raises OSError (connection refused, timeout) or ValueError (not LanguageTool JSON).
    """
    import urllib.parse  # noqa: PLC0415 - only when a server is configured (import cost)
    import urllib.request  # noqa: PLC0415
    endpoint = url.rstrip("/")
    if not endpoint.endswith("/v2/check"):
        endpoint += "/v2/check"
    fields = {"text": text, "language": language}
    disabled = ",".join(disabled_rules)
    if disabled:
        fields["disabledRules"] = disabled
    data = urllib.parse.urlencode(fields).encode("utf-8")
    req = urllib.request.Request(endpoint, data=data, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "Accept": "application/json",
        "User-Agent": "newslint",
    })
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - the user's own server
        payload = json.loads(resp.read().decode("utf-8"))
    matches = payload.get("matches") if isinstance(payload, dict) else None
    if not isinstance(matches, list):
        raise ValueError("the answer has no 'matches' list")
    return matches


def _utf16_to_codepoints(text: str) -> list[int] | None:
    """Map UTF-16 offsets (what the Java server counts) to code-point offsets, or None when
    the text has no characters outside the BMP (the two then agree)."""
    if all(ord(c) <= 0xFFFF for c in text):
        return None
    table: list[int] = []
    for i, c in enumerate(text):
        table.append(i)
        if ord(c) > 0xFFFF:
            table.append(i)
    table.append(len(text))
    return table


def _is_spelling(m: dict[str, Any]) -> bool:
    """A dictionary-lookup match (MORFOLOGIK_RULE_EN_US, HUNSPELL_RULE, ..._SPELLER_RULE, or a
    "misspelling" in the TYPOS category). Not every "misspelling" issue type is one:
    EN_A_VS_AN ("a apple") carries it too, and stays a grammar finding."""
    rule = m.get("rule") or {}
    rid = str(rule.get("id") or m.get("ruleId") or "")
    if rid.startswith(("MORFOLOGIK_RULE", "HUNSPELL_RULE")) or "SPELLER_RULE" in rid:
        return True
    issue = rule.get("issueType") or m.get("ruleIssueType")
    return issue == "misspelling" and (rule.get("category") or {}).get("id") == "TYPOS"


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

Code, URLs and front matter are blanked before sending (the offsets stay those of the file).
LanguageTool's spelling matches are merged with newslint's own spelling rule (NL201): a word
newslint knows, treats as a name, or already reports is not reported again. A server that is
down or slower than `timeout` gives one warning and the run goes on with the built-in rules.

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
            return ()
        text = doc.prose
        if not text.strip():
            return ()
        try:
            matches = check_text(opts.url, text, opts.language, opts.disabled_rules, opts.timeout)
        except (OSError, ValueError) as exc:  # URLError is an OSError
            if opts.url not in _WARNED:
                _WARNED.add(opts.url)
                msg = (f"LanguageTool server at {opts.url} is unavailable ({_reason(exc)}); "
                       "grammar checks (NL250) skipped, built-in rules still run")
                log.warning(msg)
                warnings.warn(msg, LanguageToolUnavailable, stacklevel=2)
            return ()
        return list(self._hits(doc, ctx, matches))

    def _hits(self, doc: Document, ctx: RuleContext, matches: list[dict[str, Any]]) -> Iterable[Hit]:
        disabled = set(ctx.config.languagetool.disabled_rules)
        table = _utf16_to_codepoints(doc.prose)
        for m in matches:
            try:
                off, length = int(m["offset"]), int(m["length"])
            except (KeyError, TypeError, ValueError):
                continue
            if table is not None:
                off, end = table[min(off, len(table) - 1)], table[min(off + length, len(table) - 1)]
            else:
                end = off + length
            if not (0 <= off < end <= len(doc.text)):
                continue
            rule = m.get("rule") or {}
            rid = str(rule.get("id") or m.get("ruleId") or "UNKNOWN")
            if rid in disabled:
                continue
            if _is_spelling(m) and doc.tokens_in(max(0, off - 64), end) and any(
                    t.start < end and off < t.end for t in doc.tokens_in(max(0, off - 64), end)):
                # newslint's spelling rule (NL201) owns spelling: the word is either reported
                # there already, or one newslint accepts (known, a name, an acronym...)
                continue
            reps = [r.get("value") for r in m.get("replacements") or [] if isinstance(r, dict) and r.get("value") is not None]
            message = str(m.get("message") or m.get("shortMessage") or rid)
            fix = None
            if reps:
                fix = Fix((Edit(off, end, reps[0]),), "unsafe", f"Replace with '{reps[0]}'")
            yield Hit(off, end, f"[{rid}] {message}", fix=fix,
                      data={"suggestions": reps[:5], "lt_rule": rid,
                            "lt_category": (rule.get("category") or {}).get("id"),
                            "lt_issue_type": rule.get("issueType") or m.get("ruleIssueType")})


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)  # urllib.error.URLError
    if reason:
        return str(reason)
    return str(exc) or type(exc).__name__


RULES: list[Rule] = [LanguageToolRule()]
