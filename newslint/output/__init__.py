"""Output formats for `newslint check`. Each module renders a Report to a string."""
from __future__ import annotations

import os
from collections.abc import Callable

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github", "gitlab", "concise")


def renderer(name: str) -> Callable[..., str]:
    if name in ("text", "concise"):
        from newslint.output.text import render
    elif name == "json":
        from newslint.output.jsonfmt import render
    elif name == "sarif":
        from newslint.output.sarif import render
    elif name == "github":
        from newslint.output.github import render
    elif name == "gitlab":
        from newslint.output.gitlab import render
    else:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    return render


def display_path(path: str) -> str:
    """A path as machine-readable reports write it: valid UTF-8 always (a file name that is
    not UTF-8 shows its other bytes as ``\\xNN``)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace") if path else path


__all__ = ["FORMATS", "renderer", "display_path"]
