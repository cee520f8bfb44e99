"""Planted conflicts in invented stories of two and three articles (bench/data/numbers_planted.toml).

    .venv/bin/python bench/numbers_planted.py [--half dev|dev2|dev3|held|all] [--show]

Each story is written to a folder of its own and checked as ``newslint check --select numbers
FOLDER`` would check it (the installed command of this checkout). A story with a planted
conflict is caught when a numbers finding names both values (the statement it reports and one
it contradicts); a quiet story (an update, a conversion and a rounding, different people) must
get no numbers finding. The "held" stories were written before the across-articles rules of
round 4 were run on them and run once: their figure is the one that says whether the rules
carry ("dev2" and "dev3" were such sets, then developed on).
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data" / "numbers_planted.toml"


def _exe() -> list[str]:
    exe = ROOT / ".venv" / "bin" / "newslint"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "newslint"]


def findings(articles: list[str]) -> list[dict]:
    """The numbers findings on one story, its articles named a.txt, b.txt, ..."""
    with tempfile.TemporaryDirectory() as tmp:
        for k, text in enumerate(articles):
            (Path(tmp) / f"{chr(ord('a') + k)}.txt").write_text(text, encoding="utf-8")
        out = subprocess.run([*_exe(), "check", "--no-cache", "--format", "json", "--select", "numbers", tmp],
                             capture_output=True, text=True, check=False)
        if out.returncode not in (0, 1):
            raise SystemExit(f"newslint failed: {out.stderr}")
        data = json.loads(out.stdout or "[]")
        return data if isinstance(data, list) else data.get("findings", [])


def _key(value: str) -> re.Pattern[str]:
    """What a finding must name of a planted value: its figure ("320" of "320 beds", "48" of
    "48-hour", "six" of "six weeks"), whatever the finding writes around it ("320-bed")."""
    digits = re.search(r"\d[\d,.]*\d|\d", value)
    figure = digits.group() if digits else value.split(maxsplit=1)[0]
    return re.compile(r"(?<![\w.,])" + re.escape(figure) + r"(?![\w]|[.,]\d)", re.I)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--half", default="all", choices=["dev", "dev2", "dev3", "held", "all"])
    ap.add_argument("--show", action="store_true", help="print each story's findings")
    a = ap.parse_args()
    stories = tomllib.loads(DATA.read_text(encoding="utf-8"))["story"]
    for half in (("dev", "dev2", "dev3", "held") if a.half == "all" else (a.half,)):
        caught = planted = quiet_ok = quiet = 0
        for s in (s for s in stories if s["half"] == half):
            got = findings(s["articles"])
            if s.get("quiet"):
                quiet += 1
                quiet_ok += not got
                verdict = "quiet" if not got else "FALSE ALARM"
            else:
                planted += 1
                x, y = (_key(v) for v in s["conflict"])
                hit = any(x.search(f["message"]) and y.search(f["message"]) for f in got)
                caught += hit
                verdict = "caught" if hit else "missed"
            print(f"  [{half}] {s['name']:28} {len(s['articles'])} articles: {verdict}")
            if a.show:
                for f in got:
                    print(f"      {Path(f['path']).name}:{f['line']} {f['code']} {f['message'][:150]}")
        print(f"[{half}] planted conflicts caught {caught}/{planted}; quiet stories left quiet {quiet_ok}/{quiet}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
