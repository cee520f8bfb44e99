"""What the language server asks its worker processes, and what they answer.

Plain dataclasses that pickle cheaply and import nothing of the engine: the server process
unpickles the answers without loading a rule. ``corpus_state`` is the engine's per-document
corpus input (summaries and suppressions), pickled by the worker and handed back to a worker
unopened when the articles are compared.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from newslint.finding import Finding
from newslint.server_settings import Settings


@dataclass(frozen=True)
class LintJob:
    """Check one open document as typed."""

    text: str
    path: str | None  # the file on disk (config lookup, Markdown by suffix); None: untitled
    name: str  # what findings carry as their path: the file path, or the URI
    markdown: bool | None  # from the editor's language id; None: by suffix
    settings: Settings


@dataclass
class LintResult:
    findings: list[Finding]
    front_matter_end: int
    corpus_state: bytes | None  # opaque: the engine's summaries and suppressions
    rule_docs: dict[str, str]  # code -> the rule's explanation (hover)
    builtin_codes: frozenset[str]  # codes of built-in rules (they have a docs page)
    config_error: str | None = None  # the project's config could not be used: defaults were
    seconds: float = 0.0
    notices: list[str] = field(default_factory=list)  # warnings of the check (engine notices)


@dataclass(frozen=True)
class CorpusJob:
    """Compare the articles of the workspace folders (open buffers as typed)."""

    roots: tuple[str, ...]
    open_docs: dict[str, bytes]  # absolute path -> corpus_state of the open buffer
    settings: Settings
    generation: int  # bumped when config or word lists change: cached disk results are stale


@dataclass
class CorpusResult:
    findings: list[Finding]
    builtin_codes: frozenset[str]
    config_errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FixJob:
    """Apply every safe fix (the fix-all code action)."""

    text: str
    path: str | None
    settings: Settings


@dataclass
class FixResult:
    text: str
    edits: int


__all__ = ["LintJob", "LintResult", "CorpusJob", "CorpusResult", "FixJob", "FixResult"]
