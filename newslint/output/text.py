"""`--format text` (default): `path:line:col: CODE message`, with the source line and a
caret underline when writing to a terminal; `concise` is the first line only."""
from __future__ import annotations

from newslint.engine import Report

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m", "hint": "\x1b[2m"}
_RESET, _BOLD, _DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"


def render(report: Report, *, color: bool = False, show_source: bool = False, sources: dict[str, list[str]] | None = None, **_: object) -> str:
    out: list[str] = []
    for f in report.findings:
        code = f"{_COLORS[f.severity]}{_BOLD}{f.code}{_RESET}" if color else f.code
        loc = f"{_BOLD}{f.path}{_RESET}:{f.line}:{f.column}" if color else f"{f.path}:{f.line}:{f.column}"
        fixable = " [*]" if f.fix is not None and f.fix.safety == "safe" else ""
        out.append(f"{loc}: {code}{fixable} {f.message}")
        if show_source and sources and f.path in sources and 0 < f.line <= len(sources[f.path]):
            src = sources[f.path][f.line - 1].rstrip("\r\n")
            width = (f.end_column - f.column) if f.end_line == f.line else len(src) - f.column + 1
            out.append(f"  {_DIM if color else ''}{f.line:>4} |{_RESET if color else ''} {src}")
            out.append(f"       | {' ' * (f.column - 1)}{_COLORS[f.severity] if color else ''}{'^' * max(1, width)}{_RESET if color else ''}")
        out.extend(f"    related: {r.path}:{r.line}:{r.column}: {r.message}" for r in f.related)
    return "\n".join(out) + ("\n" if out else "")
