"""`--format gitlab`: GitLab Code Quality report (a JSON array of issues)."""
from __future__ import annotations

import hashlib
import json

from newslint.engine import Report
from newslint.output import display_path

_SEVERITY = {"error": "major", "warning": "minor", "info": "info", "hint": "info"}


def render(report: Report, **_: object) -> str:
    issues = []
    for f in report.findings:
        fp = hashlib.sha256(f"{f.path}:{f.code}:{f.line}:{f.column}:{f.message}".encode("utf-8", "surrogateescape")).hexdigest()
        issues.append({
            "description": f"{f.code} {f.message}",
            "check_name": f.code,
            "fingerprint": fp,
            "severity": _SEVERITY[f.severity],
            "location": {"path": display_path(f.path), "lines": {"begin": f.line, "end": f.end_line}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
