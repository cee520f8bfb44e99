"""`--format json`: a JSON array of findings, each exactly ``Finding.to_dict()``."""
from __future__ import annotations

import json

from newslint.engine import Report
from newslint.output import display_path


def render(report: Report, **_: object) -> str:
    out = []
    for f in report.findings:
        d = f.to_dict()
        d["path"] = display_path(d["path"])
        for r in d["related"]:
            r["path"] = display_path(r["path"])
        out.append(d)
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
