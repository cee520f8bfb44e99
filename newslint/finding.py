"""Findings, fixes and related locations: what rules report and every face prints.

Rules yield :class:`Hit` objects (code-point offsets in one document); the engine turns
them into :class:`Finding` objects with 1-based lines and code-point columns. A
``Finding.to_dict()`` is exactly one element of ``newslint check --format json``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info", "hint"]
SEVERITIES: tuple[str, ...] = ("hint", "info", "warning", "error")  # ascending
Safety = Literal["safe", "unsafe"]
CATEGORIES: tuple[str, ...] = ("boilerplate", "typo", "grammar", "attribution", "numbers", "style")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] (code-point offsets) with ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    safety: Safety = "unsafe"
    title: str = ""


@dataclass(frozen=True, slots=True)
class Related:
    """Another statement a finding points at, possibly in another document (1-based)."""

    path: str
    line: int
    column: int
    message: str
    end_line: int | None = None
    end_column: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "column": self.column, "message": self.message}


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports: a span of its document, a message, maybe a fix."""

    start: int
    end: int
    message: str
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    severity: Severity | None = None  # None: the rule's (configured) severity
    code: str | None = None  # a sub-code of a pack rule; None: the rule's code
    # rule-specific extras: "suggestions" (other replacements), "word" (the word the
    # project's accept list would silence: the editor offers "add to dictionary" for it)
    data: dict[str, Any] | None = None


class NewslintWarning(UserWarning):
    """A notice from a check, raised as a Python warning by the API functions that return
    findings only (``lint_text``); the command prints notices, the language server logs them."""


@dataclass(frozen=True, slots=True)
class Notice:
    """Something a person should know about a check that is not a finding: a rule skipped
    on a file, a grammar server that did not answer. ``path`` None: about the whole run."""

    message: str
    path: str | None = None


@dataclass(slots=True)
class Finding:
    """A located finding, as the API returns and the faces print."""

    path: str
    code: str
    rule: str
    category: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    start: int = 0  # code-point offsets into the document, for the faces
    end: int = 0
    data: dict[str, Any] | None = field(default=None, compare=False)
    _edit_positions: tuple[tuple[int, int, int, int], ...] = field(default=(), repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        fix = None
        if self.fix is not None:
            fix = {
                "safety": self.fix.safety,
                "edits": [
                    {"line": l1, "column": c1, "end_line": l2, "end_column": c2, "text": e.text}
                    for e, (l1, c1, l2, c2) in zip(self.fix.edits, self._edit_positions, strict=True)
                ],
            }
        return {
            "path": self.path,
            "code": self.code,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "fix": fix,
            "related": [r.to_dict() for r in self.related],
        }

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.end_line, self.end_column, self.message)
