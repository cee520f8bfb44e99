"""`--format json`: a JSON array of findings, each exactly ``Finding.to_dict()``."""
from __future__ import annotations

import json

from newslint.engine import Report


def render(report: Report, **_: object) -> str:
    return json.dumps([f.to_dict() for f in report.findings], ensure_ascii=False, indent=2) + "\n"
