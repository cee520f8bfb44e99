"""newslint: a text-quality linter for news articles.

The Python API::

    import newslint
    findings = newslint.lint_text(text, path="story.md")
    report = newslint.lint_paths(["articles/"])      # corpus rules included

The names below are imported on first use (PEP 562), so ``import newslint`` -- and with it
``newslint lsp``, which answers the editor before it loads the rules -- stays cheap.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API: dict[str, str] = {
    "lint_text": "newslint.engine", "lint_paths": "newslint.engine", "fix_text": "newslint.engine",
    "fix_file": "newslint.engine", "FixResult": "newslint.engine",
    "Report": "newslint.engine", "FileError": "newslint.engine",
    "Config": "newslint.config", "ConfigError": "newslint.config", "config_for": "newslint.config",
    "Document": "newslint.document",
    "Finding": "newslint.finding", "Fix": "newslint.finding", "Edit": "newslint.finding", "Related": "newslint.finding",
    "Notice": "newslint.finding", "NewslintWarning": "newslint.finding",
}

if TYPE_CHECKING:
    from newslint.config import Config, ConfigError, config_for
    from newslint.document import Document
    from newslint.engine import FileError, FixResult, Report, fix_file, fix_text, lint_paths, lint_text
    from newslint.finding import Edit, Finding, Fix, NewslintWarning, Notice, Related


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'newslint' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])


__all__ = [
    "__version__", "lint_text", "lint_paths", "fix_text", "fix_file", "FixResult", "Finding", "Fix", "Edit",
    "Related", "Notice", "NewslintWarning", "Report", "FileError", "Config", "ConfigError", "config_for", "Document",
]
