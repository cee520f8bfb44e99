"""`--format github`: GitHub Actions workflow commands, one annotation per finding."""
from __future__ import annotations

from newslint.engine import Report

_LEVEL = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, **_: object) -> str:
    out = []
    for f in report.findings:
        props = f"file={_escape_prop(f.path)},line={f.line},col={f.column},endLine={f.end_line},endColumn={f.end_column},title={_escape_prop(f.code + ' ' + f.rule)}"
        out.append(f"::{_LEVEL[f.severity]} {props}::{_escape_data(f.message)}")
    out.extend(f"::error file={_escape_prop(e.path)}::{_escape_data(e.message)}" for e in report.errors)
    return "\n".join(out) + ("\n" if out else "")
