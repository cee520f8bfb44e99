"""Numbers rules on real news: recall, flagged negatives and precision, per half of the split.

    .venv/bin/python bench/numbers_quality.py [--shared ../shared] [--half held|tune|both] [--show]

Runs `newslint check --no-cache --format json --select numbers` (the installed command of this
checkout) on ../shared/numbers/dev and dev-injected, the seeds and ../shared/corpus/clean, then
scores each half of bench/data/numbers_split.toml with ../shared/eval/score.py on an
expected.toml cut down to that half's clusters:

* recall: labelled conflicts caught (dev/expected.toml, dev-injected/expected.toml);
* flagged negatives: hard negatives of dev/negatives.toml that a finding catches;
* precision: findings that catch a labelled conflict, plus findings judged real conflicts in
  bench/data/numbers_judged.toml, over all numbers findings on the half's articles. A finding
  that is neither is counted wrong; --show lists the findings still to judge.

Story grouping is scored on the same split: the articles of dev/ grouped as `newslint check`
groups them (NL402's assign_stories over all 578 articles at once); pair recall = same-event
pairs put in one story, purity = pairs put in one story that are one event.
"""
from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path, PurePath

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _exe() -> list[str]:
    exe = ROOT / ".venv" / "bin" / "newslint"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "newslint"]


def run_check(folder: Path) -> list[dict]:
    out = subprocess.run([*_exe(), "check", "--no-cache", "--format", "json", "--select", "numbers", str(folder)],
                         capture_output=True, text=True, check=False)
    data = json.loads(out.stdout)
    return data["diagnostics"] if isinstance(data, dict) else data


def _q(s: str) -> str:
    return json.dumps(s)


def cut(expected: dict, clusters: set[str]) -> tuple[str, int]:
    """An expected.toml text with only the conflicts and files of these clusters."""
    lines = []
    conflicts = [c for c in expected.get("conflict", []) if c["locations"][0].split("/")[0] in clusters]
    for c in conflicts:
        lines += ["[[conflict]]", f"id = {_q(c['id'])}", "locations = [" + ", ".join(_q(x) for x in c["locations"]) + "]", ""]
    return "\n".join(lines), len(conflicts)


def score(expected_text: str, files: list[str], findings: list[dict]) -> dict:
    text = "".join(f"[files.{_q(f)}]\n" for f in files) + "\n" + expected_text
    with tempfile.TemporaryDirectory() as tmp:
        e, f = Path(tmp, "e.toml"), Path(tmp, "f.json")
        e.write_text(text, encoding="utf-8")
        f.write_text(json.dumps(findings), encoding="utf-8")
        out = subprocess.run([sys.executable, str(SCORE), str(e), str(f), "--only", "numbers", "--json"],
                             capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["numbers"]


def name(p: str) -> str:
    return PurePath(p).name


def key(f: dict) -> str:
    rel = sorted(f"{name(r['path'])}:{r['line']}" for r in f.get("related", []))
    return f"{name(f['path'])}:{f['line']} -> {', '.join(rel)}"


def judged() -> tuple[dict[str, str], dict[frozenset[str], str]]:
    """The judged findings: by finding ("a.txt:3 -> b.txt:5, c.txt:9") and by pair of
    statements ("a.txt:3 | b.txt:5")."""
    p = HERE / "data" / "numbers_judged.toml"
    if not p.exists():
        return {}, {}
    with open(p, "rb") as fh:
        js = tomllib.load(fh).get("judged", [])
    return ({j["finding"]: j["verdict"] for j in js if "finding" in j},
            {frozenset(j["pair"].split(" | ")): j["verdict"] for j in js if "pair" in j})


def verdict(f: dict, verdicts: tuple[dict[str, str], dict[frozenset[str], str]]) -> str | None:
    """"conflict" when the finding, or a pair it names, is judged a real conflict; "not" when
    judged otherwise; None when nobody judged it."""
    by_finding, by_pair = verdicts
    k = key(f)
    if k in by_finding:
        return by_finding[k]
    here = f"{name(f['path'])}:{f['line']}"
    got = [by_pair.get(frozenset((here, f"{name(r['path'])}:{r['line']}"))) for r in f.get("related", [])]
    if "conflict" in got:
        return "conflict"
    return "not" if got and all(g == "not" for g in got) else None


def grouping(dev: Path, split: dict[str, list[str]]) -> dict[str, tuple[float, float, int, int]]:
    sys.path.insert(0, str(ROOT))
    from newslint.config import Config
    from newslint.document import Document
    from newslint.rules.base import RuleContext
    from newslint.rules.numbers import NumbersConflictAcross

    rule = NumbersConflictAcross()
    ctx = RuleContext(Config())
    paths = sorted(dev.glob("*/*.txt"))
    sums = [rule.summarize(Document.from_text(p.read_text(encoding="utf-8"), str(p)), ctx) for p in paths]
    keys = rule.assign_stories(sums, ctx)
    cl = [p.parent.name for p in paths]
    out = {}
    for half, clusters in split.items():
        inside = {i for i, c in enumerate(cl) if c in clusters}
        true = pred = both = 0
        for i, j in itertools.combinations(range(len(paths)), 2):
            if i not in inside and j not in inside:
                continue
            t = cl[i] == cl[j]
            p = keys[i] is not None and keys[i] == keys[j]
            true += t
            pred += p
            both += t and p
        out[half] = (both / max(1, true), both / max(1, pred), true, pred)
    return out


def main() -> None:
    global SCORE  # noqa: PLW0603 - the scoring mode a flag chooses, read by the helpers
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--half", default="both", choices=["both", "tune", "held"])
    ap.add_argument("--show", action="store_true", help="list missed conflicts and unjudged findings of the tuning half")
    ap.add_argument("--show-held", action="store_true", help="the same for the held-back half (to judge findings at the end)")
    ap.add_argument("--no-grouping", action="store_true")
    a = ap.parse_args()
    shared = Path(a.shared)
    SCORE = shared / "eval" / "score.py"
    with open(HERE / "data" / "numbers_split.toml", "rb") as fh:
        split = {k: v for k, v in tomllib.load(fh).items() if k in ("tune", "held")}
    halves = ["tune", "held"] if a.half == "both" else [a.half]
    verdicts = judged()
    dev, inj = shared / "numbers" / "dev", shared / "numbers" / "dev-injected"
    dev_f, inj_f = run_check(dev), run_check(inj)
    with open(dev / "expected.toml", "rb") as fh:
        dev_e = tomllib.load(fh)
    with open(dev / "negatives.toml", "rb") as fh:
        neg_e = tomllib.load(fh)
    with open(inj / "expected.toml", "rb") as fh:
        inj_e = tomllib.load(fh)
    for half in halves:
        clusters = set(split[half])
        files = [p.name for c in sorted(clusters) if (dev / c).is_dir() for p in (dev / c).glob("*.txt")]
        ifiles = [p.name for c in sorted(clusters) if (inj / c).is_dir() for p in (inj / c).glob("*.txt")]
        text, n = cut(dev_e, clusters)
        s = score(text, files, dev_f)
        ntext, nn = cut(neg_e, clusters)
        sn = score(ntext, files, dev_f)
        itext, ni = cut(inj_e, clusters)
        si = score(itext, ifiles, inj_f)
        mine = [f for f in dev_f if name(f["path"]) in set(files)]
        wrong = set(s["false_positives"])
        real = unjudged = 0
        unj: list[str] = []
        for f in mine:
            k = key(f)
            fp = any(x.startswith(f"{name(f['path'])}:{f['line']} ") for x in wrong)
            if not fp or verdict(f, verdicts) == "conflict":
                real += 1
            elif verdict(f, verdicts) is None:
                unjudged += 1
                unj.append(k + "  | " + f["message"][:160])
        prec = real / len(mine) if mine else 1.0
        print(f"[{half}] dev: recall {s['caught']}/{n} = {s['caught'] / max(1, n):.2f}; flagged negatives {sn['caught']}/{nn}; "
              f"findings {len(mine)}, real {real}, precision {prec:.2f} (unjudged {unjudged})")
        print(f"[{half}] dev-injected: recall {si['caught']}/{ni} = {si['caught'] / max(1, ni):.2f}; "
              f"other findings {len(si['false_positives'])}")
        if (a.show and half == "tune") or (a.show_held and half == "held"):
            for m in s["missed"]:
                print(f"    missed  {m}")
            for m in si["missed"]:
                print(f"    missed  {m} (injected)")
            for m in sn["missed"] if False else []:
                print(m)
            for fid in sorted(set(c["id"] for c in neg_e["conflict"] if c["locations"][0].split("/")[0] in clusters) - set(sn["missed"])):
                print(f"    flagged negative  {fid}")
            for u in unj:
                print(f"    unjudged  {u}")
            for fp in si["false_positives"]:
                print(f"    injected-tree false+  {fp}")
    if not a.no_grouping:
        for half, (rec, pur, t, p) in grouping(dev, split).items():
            if half in halves:
                print(f"[{half}] story grouping: pair recall {rec:.2f}, purity {pur:.2f} ({t} same-event pairs, {p} grouped pairs)")
    seeds = run_check(shared / "seeds")
    out = subprocess.run([sys.executable, str(SCORE), str(shared / "seeds" / "expected.toml"), "-", "--only", "numbers", "--json"],
                         input=json.dumps(seeds), capture_output=True, text=True, check=True)
    sd = json.loads(out.stdout)["numbers"]
    print(f"seeds: {sd['caught']}/{sd['must']} conflicts, {len(sd['false_positives'])} false alarms")
    clean = shared / "corpus" / "clean"
    cf = run_check(clean)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in clean.glob("*.txt"))
    print(f"corpus/clean: {len(cf)} numbers findings in {words} words = {len(cf) / words * 10_000:.2f} per 10,000 words")
    if a.show:
        for f in cf:
            print(f"    clean  {key(f)}  | {f['message'][:150]}")


SCORE = Path()

if __name__ == "__main__":
    main()
