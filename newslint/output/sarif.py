"""`--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it.

Columns in SARIF default to UTF-16 code units (``columnKind: utf16CodeUnits``); newslint
reports code points, so the run says ``unicodeCodePoints``.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newslint import __version__
from newslint.docs import rule_url
from newslint.engine import Report
from newslint.registry import all_rules, builtin_rules

_LEVEL = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    """A relative URI reference (or file: URI) for a path; a file name that is not UTF-8
    is percent-encoded byte by byte, as URIs are."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return "file://" + quote(os.fsencode(p.as_posix()))
    return quote(os.fsencode(p.as_posix()))


def render(report: Report, **_: object) -> str:
    rules = all_rules()
    used = sorted({f.code for f in report.findings} | {r.code for r in rules})
    builtin = {c for r in builtin_rules() for c in r.codes()}
    by_code = {c: r for r in rules for c in r.codes()}
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for code in used:
        r = by_code.get(code)
        index[code] = len(descriptors)
        descriptors.append({
            "id": code,
            "name": r.name if r else code,
            "shortDescription": {"text": (r.summary if r else code) or code},
            "fullDescription": {"text": (r.explanation.strip() if r else "") or (r.summary if r else code)},
            "help": {"text": (r.explanation.strip() if r else "") or code},
            **({"helpUri": rule_url(code)} if code in builtin else {}),  # the docs site has a page for it
            "defaultConfiguration": {"level": _LEVEL[r.severity] if r else "warning"},
            "properties": {"category": r.category if r else "other"},
        })
    results = []
    for f in report.findings:
        res = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(f.path)},
                    "region": {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column},
                }
            }],
            "partialFingerprints": {"newslint/v1": hashlib.sha256(f"{f.path}:{f.code}:{f.message}".encode("utf-8", "surrogateescape")).hexdigest()[:32]},
        }
        if f.related:
            res["relatedLocations"] = [
                {"id": i, "physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}, "region": {"startLine": r.line, "startColumn": r.column}}, "message": {"text": r.message}}
                for i, r in enumerate(f.related)
            ]
        results.append(res)
    notifications = [
        {"level": "error", "message": {"text": e.message}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(e.path)}}}]}
        for e in report.errors
    ]
    run = {
        "tool": {"driver": {"name": "newslint", "version": __version__, "informationUri": "https://pypi.org/project/newslint/", "rules": descriptors}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if notifications:
        run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": notifications}]
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2) + "\n"
