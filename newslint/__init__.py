"""newslint: a text-quality linter for news articles.

The Python API::

    import newslint
    findings = newslint.lint_text(text, path="story.md")
    report = newslint.lint_paths(["articles/"])      # corpus rules included
"""
from __future__ import annotations

__version__ = "0.1.0"

from newslint.config import Config, ConfigError, config_for  # noqa: E402
from newslint.document import Document  # noqa: E402
from newslint.engine import FileError, Report, fix_text, lint_paths, lint_text  # noqa: E402
from newslint.finding import Edit, Finding, Fix, Related  # noqa: E402

__all__ = [
    "__version__", "lint_text", "lint_paths", "fix_text", "Finding", "Fix", "Edit", "Related",
    "Report", "FileError", "Config", "ConfigError", "config_for", "Document",
]
