"""Fit the numbers rules' comparability model on the tuning half; write its weights as JSON.

    .venv/bin/python bench/numbers_fit.py --pos-weight 1 --seed-weight 5 \
        --rules "w=0.9 a=0.9 s=0.5 two=0.97 pair=0.95 series=0.5 cap=6"   # cross-validated figures
    .venv/bin/python bench/numbers_fit.py --pos-weight 1 --seed-weight 5 --write --thresholds "<same>"

Training pairs come from the clusters listed under `tune` in bench/data/numbers_split.toml
(../shared/numbers/dev and dev-injected) and from the five seed articles: every candidate pair
that newslint.comparability.scored_pairs proposes (within one article, and across the
articles of one cluster) whose values disagree and that no cue tells apart
(newslint.comparability.told_apart decides those without the model). A pair is positive when
both its statements sit on the lines of one labelled conflict (expected.toml); when several
candidate pairs join the same two lines, only the ones with the label's numbers are positive
and the rest are left out (the label names lines, not numbers). Pairs touching a line of
unsure.toml are left out. Every other disagreeing pair is negative: the labels list every
conflict of those articles. Made conflicts (a value stated twice, one copy changed as slips
change numbers) add positives.

The model is a logistic regression (L2, Newton's method, numpy, each weight kept to the sign
its meaning gives it), checked by cross-validation with whole topics left out (5 folds). --rules
runs NL401/NL402 themselves on each fold's held topics at operating points ("w=.. a=.. s=..":
see spec_values) and prints what the targets are about: precision of the findings on dev/
(a finding is right when it joins two lines of one label, or a pair judged a conflict in
bench/data/numbers_judged.toml with half = "tune"), recall of dev/ and dev-injected/, flagged
hard negatives, the seeds (left out like any topic) and findings per 10,000 words of
Readability's pages. --seed-weight weighs the seed articles' pairs in the across-articles fit
(the gate needs 5). With --write, the final fit on all tuning pairs and the operating point go
to newslint/data/numbers_model.json. Nothing from the held-back half is read.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import sys
import tomllib
import zlib
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newslint.comparability import FEATURES, NameWeights, disagree, features, scored_pairs, told_apart  # noqa: E402
from newslint.document import Document  # noqa: E402
from newslint.quantities import extract  # noqa: E402
from newslint.statements import analyse  # noqa: E402


def topic(name: str) -> str:
    """The topic of a training group ("ecb-t19-b/injected" -> ecb-t19; a Readability page: one
    of five stable groups)."""
    if name.startswith("rdb/"):
        return "rdb-" + str(zlib.crc32(name.encode()) % 5)
    cluster = name.split("/", maxsplit=1)[0]
    return cluster.rsplit("-", 1)[0] if cluster.startswith("ecb-") else cluster


_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> tuple[set[float], set[float]]:
    """(base-unit values of the quantities, every number as written) of a label's description."""
    text = re.sub(r"\b(?:\d+_\d+\w*|gvc\w*|line \d+)", " ", text)  # file and line references
    base = {q.value for q in extract(text)}
    written = {float(m.group().replace(",", "")) for m in _DIGITS.finditer(text)}
    written |= {q.value for q in extract(text) if q.dimension in ("plain", "count", "age", "money", "percent")}
    for q in extract(text):
        mm = _DIGITS.search(q.text)
        if mm:
            written.add(float(mm.group().replace(",", "")))
    return base, written


def mentioned(s, nums: tuple[set[float], set[float]]) -> bool:
    """The statement's value is one the label's description gives."""
    base, written = nums
    if any(abs(s.value - v) <= 1e-3 * max(1.0, abs(v)) for v in base | written):
        return True
    m = _DIGITS.search(s.text)
    return bool(m) and float(m.group().replace(",", "")) in written


def _loc(loc: str) -> str:
    return f"{Path(loc.rsplit(':', 1)[0]).name}:{int(loc.rsplit(':', 1)[1])}"


def load_locs(path: Path) -> list[tuple[set[str], tuple[set[float], set[float]]]]:
    if not path.exists():
        return []
    with open(path, "rb") as fh:
        d = tomllib.load(fh)
    return [({_loc(loc) for loc in c["locations"]},
             numbers_in(c.get("about", "") + " " + c.get("original", "") + " " + c.get("changed", "")))
            for c in d.get("conflict", [])]


def load_injected(path: Path) -> list[tuple[str, tuple, tuple]]:
    """(changed line, numbers of the changed text, numbers of the original) of each injected
    conflict: the changed statement conflicts with every restatement of the original value,
    not only with the one line the label names."""
    with open(path, "rb") as fh:
        d = tomllib.load(fh)
    return [(_loc(c["locations"][0]), numbers_in(c["changed"]), numbers_in(c["original"])) for c in d.get("conflict", [])]


def read(files: list[Path]) -> list:
    return [analyse(Document.from_text(p.read_text(encoding="utf-8"), str(p)), complete=True) for p in files]


def pairs_of(cluster: str, files: list[Path], conflicts: list, unsure: set[str], injected: list = (), docs: list | None = None) -> list[tuple[str, list[float], int, bool, str]]:
    """(cluster, features, label, within, description) of the disagreeing candidate pairs."""
    docs = docs if docs is not None else read(files)
    items = [(d, s) for d, f in enumerate(docs) for s in f.statements]
    df: dict[str, int] = defaultdict(int)
    for f in docs:
        for n in f.doc_names:
            df[n] += 1
    story_names = NameWeights(df, len(docs))
    doc_names = [NameWeights(f.doc_names, f.sentences) for f in docs]
    out = []
    raw: list[tuple[int, int, bool]] = []
    wback: dict[tuple[int, int], tuple] = {}
    for d in range(len(docs)):
        idx = [k for k, (dd, _) in enumerate(items) if dd == d]
        sub = [items[k] for k in idx]
        for i, j, v in scored_pairs(sub, within=True):
            wback[(idx[i], idx[j])] = v
            raw.append((idx[i], idx[j], True))
    backs = {}
    for i, j, v in scored_pairs(items, within=False):
        backs[(i, j)] = v
        raw.append((i, j, False))
    by_lines: dict[tuple[str, str], list[tuple[int, int, bool]]] = defaultdict(list)
    for i, j, w in raw:
        a, b = items[i][1], items[j][1]
        if not disagree(a, b):
            continue
        la = f"{files[items[i][0]].name}:{a.line}"
        lb = f"{files[items[j][0]].name}:{b.line}"
        by_lines[tuple(sorted((la, lb)))].append((i, j, w))
    rows = []
    for (la, lb), ps in by_lines.items():
        if la in unsure or lb in unsure:
            continue
        labels = [c for c in conflicts if la in c[0] and lb in c[0]]
        for i, j, w in ps:
            a, b = items[i][1], items[j][1]
            positive = any(mentioned(a, c[1]) and mentioned(b, c[1]) for c in labels)
            for line, new, old in injected:
                if (la == line and mentioned(a, new) and mentioned(b, old)) or (lb == line and mentioned(b, new) and mentioned(a, old)):
                    positive = True
            if labels and not positive:
                continue  # a label names lines: other numbers of those lines are left out
            nw = doc_names[items[i][0]] if w else story_names
            rows.append((a, b, w, positive, f"{la} {a.text!r} | {lb} {b.text!r}", nw, (wback if w else backs).get((i, j), (False, False))))
    # a labelled conflict restated on an unlabelled line (a headline repeating the lead) is
    # not a negative: pairs with the very values of a positive pair are left out
    pos_values = {(a.dim, frozenset((a.value, b.value))) for a, b, _, p, _, _, _ in rows if p}
    for a, b, w, positive, desc, nw, bk in rows:
        if not positive and (a.dim, frozenset((a.value, b.value))) in pos_values:
            continue
        x = features(a, b, w, nw, bk)
        if told_apart(x):
            continue  # decided by a cue, not by the model (see newslint.comparability.told_apart)
        out.append((cluster, x, int(positive), w, desc, "real"))
    # made conflicts: a value the text states twice (a restatement, mostly) with one copy changed
    # the way slips change numbers: the pair is then a conflict about one thing, told two ways
    rng = random.Random(zlib.crc32(cluster.encode()))
    made = 0
    for i, j, w in raw:
        a, b = items[i][1], items[j][1]
        if a.value != b.value or a.unit != b.unit or a.low != b.low or a.high != b.high or (a.sentence == b.sentence and w):
            continue
        if a.dim == "count" and a.value <= 2 and not (a.head and a.head == b.head):
            continue
        if made >= SYNTH_PER_GROUP * max(1, len(docs)):
            break
        b2 = perturb(b, rng)
        if b2 is None or not disagree(a, b2):
            continue
        if rng.random() < 0.5:
            a, b2 = b2, a
        nw = doc_names[items[i][0]] if w else story_names
        mutual = (wback if w else backs).get((i, j), (False, False))[0]
        x = features(a, b2, w, nw, (mutual, False))
        if told_apart(x):
            continue
        out.append((cluster, x, 1, w, f"made: {a.text!r} | {b2.text!r} -> {b2.value:g}", "made"))
        made += 1
    return out


#: made conflicts per article (within) or per article of a cluster (across), at most
SYNTH_PER_GROUP = 3


# the other unit a measure is often confused with, and its factor to the base unit
_SWAP = {"acre": ("hectare", 10_000.0), "hectare": ("acre", 4046.8564224), "km": ("mile", 1609.344),
         "mile": ("km", 1000.0), "metre": ("foot", 0.3048), "foot": ("metre", 1.0), "kg": ("pound", 0.45359237),
         "pound": ("kg", 1.0), "tonne": ("ton", 907.18474), "ton": ("tonne", 1000.0), "mph": ("km/h", 1 / 3.6),
         "km/h": ("mph", 0.44704), "km2": ("square mile", 2_589_988.110336), "square mile": ("km2", 1e6)}


def perturb(s, rng: random.Random):
    """The statement with its value changed as a slip would change it (a unit or two for small
    whole numbers, 5-35 % otherwise, a little for years, dates, times and magnitudes; or, for a
    measure, the same number in the unit it is often confused with: acres for hectares)."""
    v = s.value
    if s.unit in _SWAP and rng.random() < 0.3 and s.written:
        unit, factor = _SWAP[s.unit]
        nv = s.written * factor
        f = nv / v if v else 1.0
        return replace(s, unit=unit, value=nv, low=s.low * f, high=s.high * f)
    add = {"year": rng.choice([1, 2, 3]), "date": rng.choice([1, 2, 3, 7]), "time": rng.choice([15, 30, 60, 90]),
           "magnitude": rng.choice([0.1, 0.2, 0.3, 0.5]), "temperature": rng.choice([1, 2, 3, 5])}
    sign = rng.choice([-1, 1])
    if s.dim in add:
        d = sign * add[s.dim]
        return replace(s, value=v + d, low=s.low + d, high=s.high + d)
    if v <= 0:
        return None
    if s.dim in ("count", "age") and v == int(v) and v < 20 and rng.random() < 0.8:
        nv = v + sign * rng.choice([1, 1, 2])
        if nv <= 0:
            nv = v + 1
    elif rng.random() < 0.75:
        nv = v * (1 + sign * rng.uniform(0.05, 0.35))
    else:  # a bigger slip: a wrong figure copied, a unit or a digit mixed up
        nv = v * rng.uniform(1.5, 3.0) if sign > 0 else v / rng.uniform(1.5, 3.0)
    f = nv / v
    return replace(s, value=nv, low=s.low * f, high=s.high * f)


# What each feature may say, from what it means (a prior, not a fit): +1 only ever "more
# likely the same thing", -1 only ever "less likely"; features left out are free.
SIGNS = {
    "same_head": 1, "left_same": 1, "right_same": 1, "ctx_j": 1, "sent_j": 1, "ctx_shared": 1,
    "local_j": 1, "local_shared": 1, "subj_same": 1, "cnames_same": 1, "near_same": 1, "ent_j": 1,
    "ent_w": 1, "mods_same": 1, "round_ok": 1, "head_near": 1, "age_near": 1, "mutual_best": 1, "better_agrees": -1, "party_same": 1, "party_diff": -1, "unit_slip": 1,
    "no_head": -1, "head_cross": -1, "subj_diff": -1, "cnames_diff": -1, "near_diff": -1,
    "ent_excl": -1, "sib_agree": -1, "mods_diff": -1, "gap": -1, "update": -1, "when_diff": -1,
    "quals_diff": -1, "source_diff": -1, "time_diff": -1, "scope_diff": -1, "rival": -1, "contain": 1, "holders_same": 1,
}


def fit(X: np.ndarray, y: np.ndarray, l2: float, weight_pos: float, sw0: np.ndarray | None = None) -> np.ndarray:
    """Weighted L2 logistic regression by Newton's method, each weight kept to the sign SIGNS
    gives it (a weight that would cross zero is pinned at zero and the rest refitted);
    returns [bias, w...]."""
    Xb = np.hstack([np.ones((len(X), 1)), X])
    sign = np.array([0] + [SIGNS.get(f, 0) for f in FEATURES])
    free = np.ones(Xb.shape[1], dtype=bool)
    sw = np.where(y == 1, weight_pos, 1.0) * (sw0 if sw0 is not None else 1.0)
    for _ in range(len(FEATURES) + 1):
        w = np.zeros(Xb.shape[1])
        Xf = Xb[:, free]
        reg = np.full(Xf.shape[1], l2)
        reg[0] = 1e-6
        wf = np.zeros(Xf.shape[1])
        for _ in range(60):
            z = np.clip(Xf @ wf, -30, 30)
            p = 1 / (1 + np.exp(-z))
            g = Xf.T @ (sw * (p - y)) + reg * wf
            H = (Xf * (sw * p * (1 - p))[:, None]).T @ Xf + np.diag(reg)
            step = np.linalg.solve(H, g)
            wf -= step
            if np.abs(step).max() < 1e-8:
                break
        w[free] = wf
        bad = (sign * w) < 0
        if not bad.any():
            return w
        free &= ~bad
    return w


def predict(w: np.ndarray, X: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(w[0] + X @ w[1:], -30, 30)))


def pick_threshold(p: np.ndarray, y: np.ndarray, precision: float) -> tuple[float, float, float]:
    """The lowest threshold whose pairs above it keep the precision; (threshold, precision, recall)."""
    order = np.argsort(-p)
    tp = fp = 0
    best = (1.0, 1.0, 0.0)
    pos = max(1, int(y.sum()))
    for k in order:
        if y[k]:
            tp += 1
        else:
            fp += 1
        prec = tp / (tp + fp)
        if prec >= precision and tp / pos > best[2]:
            best = (float(p[k]), prec, tp / pos)
    return best


VERBOSE = int(os.environ.get("NUMBERS_FIT_VERBOSE") or 0)
DUOS = False  # --duos: also every two articles of a tuning topic as a story of their own


def _line_text(files: list[Path], loc: str) -> str:
    """The text of a "file:line" location among these files (for reading findings)."""
    name, line = loc.rsplit(":", 1)
    for f in files:
        if f.name == name:
            return f.read_text(encoding="utf-8").split("\n")[int(line) - 1]
    return "?"


def spec_values(spec: str) -> dict[str, float]:
    """An operating point, "key=value key=value": w (within), a (across: the evidence of the
    articles against a statement), s (across: a pair that counts), cap (findings per story),
    series (within: told alike, for series), two (across: the evidence needed when one article
    alone says otherwise), pair (... when two do)."""
    o = {"w": 0.9, "s": 0.8, "cap": 1000, "series": 0.9, "two": 0.0, "pair": 0.0}
    o.update({k: float(v) for k, v in (x.split("=") for x in spec.split())})
    o.setdefault("a", o["w"])
    return o


def run_rules(groups_data: list, fold: dict, fold_w: dict, spec: str) -> list[tuple[str, str, str, set[str], list[Path]]]:
    """NL401/NL402's findings on every tuning group, each group's topic judged by the model
    fitted without it: (kind, scope, here, related, files)."""
    from newslint.comparability import Model
    from newslint.rules.numbers import across_conflicts, within_conflicts

    o = spec_values(spec)
    out = []
    for name, kind, files, docs in groups_data:
        w = fold_w[fold[topic(name)]]
        m = Model(tuple(float(v) for v in w[0]), tuple(float(v) for v in w[1]), o["w"], o["a"], o["s"],
                  threshold_series=o["series"], max_per_story=int(o["cap"]), threshold_two=o["two"], threshold_pair=o["pair"])
        for f, d in zip(files, docs, strict=True):
            for b, bad in within_conflicts(d, m):
                out.append((kind, "W", f"{f.name}:{b.line}", {f"{f.name}:{x.line}" for x in bad}, files))
        if kind in ("dev", "seeds"):
            for di, st, rel, _, _ in across_conflicts(docs, m):
                out.append((kind, "A", f"{files[di].name}:{st.line}", {f"{files[d2].name}:{s2.line}" for d2, s2 in rel}, files))
        if kind == "dev" and DUOS:
            # every two articles of the topic as a story of their own (stories of two articles)
            for x, y in itertools.combinations(range(len(docs)), 2):
                for di, st, rel, _, _ in across_conflicts([docs[x], docs[y]], m):
                    pair = [files[x], files[y]]
                    out.append(("duo", "A", f"{pair[di].name}:{st.line}", {f"{pair[d2].name}:{s2.line}" for d2, s2 in rel}, files))
    return out


def rule_level(groups_data: list, fold: dict, fold_w: dict, labels: dict, thresholds: str) -> list[dict]:
    """Run NL401/NL402's decisions on every tuning topic with the model fitted without that
    topic's fold, at each threshold spec ("within[:across]/single/cap"), and print the figures
    the targets are about: precision of the findings on dev/, recall of dev/ and dev-injected/,
    flagged negatives, the seeds, findings per 10,000 words of Readability's pages."""
    out = []
    for given in thresholds.split(","):
        spec = given.strip()
        found = run_rules(groups_data, fold, fold_w, spec)
        st: dict[str, int] = defaultdict(int)
        caught: dict[str, set[int]] = defaultdict(set)
        flagged: set[int] = set()
        for kind, scope, here, there, files in found:
            lab = labels["seeds" if kind == "seeds" else "inj" if kind == "injected" else "dev"]  # duo: dev's
            hits = [ci for ci, locs in enumerate(lab) if here in locs and there & locs]
            if not hits and any(frozenset((here, t)) in labels["judged"] for t in there):
                hits = [-1]  # not a labelled line pair, judged a conflict (tuning half only)
            caught[kind].update(h for h in hits if h >= 0)
            if kind != "duo":
                flagged.update(ci for ci, locs in enumerate(labels["neg"]) if here in locs and there & locs)
            st[f"{kind}/{scope}"] += 1
            st[f"{kind}/{scope}/right"] += bool(hits)
            if VERBOSE and (kind != "rdb" or VERBOSE > 2):
                print(f"    {'RIGHT' if hits else 'wrong'} {kind}/{scope} {here} -> {sorted(there)}")
                if VERBOSE > 1:
                    for loc in [here, *sorted(there)][:3]:
                        print(f"        {loc}: {_line_text(files, loc)[:260]}")
        dev_n = st["dev/W"] + st["dev/A"]
        dev_r = st["dev/W/right"] + st["dev/A/right"]
        r = {
            "spec": spec, "dev_findings": dev_n, "dev_right": dev_r, "precision": dev_r / dev_n if dev_n else 1.0,
            "dev_recall": len(caught["dev"]), "dev_total": labels["n_dev"], "inj_recall": len(caught["injected"]),
            "inj_total": labels["n_inj"], "inj_other": st["injected/W"] - st["injected/W/right"],
            "seeds": len(caught["seeds"]), "seeds_wrong": st["seeds/W"] + st["seeds/A"] - st["seeds/W/right"] - st["seeds/A/right"],
            "negatives": len(flagged), "neg_total": labels["n_neg"], "rdb": st["rdb/W"], "rdb_per_10k": st["rdb/W"] / labels["rdb_words"] * 10_000,
        }
        print(f"  rules {spec:>30}: dev precision {dev_r}/{dev_n} = {r['precision']:.2f} (W {st['dev/W/right']}/{st['dev/W']}, A {st['dev/A/right']}/{st['dev/A']}); "
              f"recall dev {r['dev_recall']}/{r['dev_total']}, injected {r['inj_recall']}/{r['inj_total']} (+{r['inj_other']} other); "
              f"negatives {r['negatives']}/{r['neg_total']}; seeds {r['seeds']}/4 +{r['seeds_wrong']} wrong; rdb {r['rdb']} = {r['rdb_per_10k']:.2f}/10k words")
        if DUOS:
            print(f"      stories of two articles (every two articles of a topic): precision {st['duo/A/right']}/{st['duo/A']}, "
                  f"labelled conflicts caught {len(caught['duo'])}/{r['dev_total']}")
        out.append(r)
    return out


def tuning_data(shared: Path) -> tuple[list[str], list, set, list, list[tuple[str, str, list[Path], list]]]:
    """What the fits and the within-article bench read: the tuning half's topics, the labelled
    conflicts (dev, injected, seeds), the pairs labelled unsure, the injected edits, and the
    groups of articles read (name, kind, files, facts): each tuning topic's dev articles and
    injected copies, the seeds, and Readability's test pages as within-article negatives
    (Apache-2.0; the Dragnet pages are AGPL and never fitted on)."""
    with open(ROOT / "bench" / "data" / "numbers_split.toml", "rb") as fh:
        tune = tomllib.load(fh)["tune"]
    dev, inj = shared / "numbers" / "dev", shared / "numbers" / "dev-injected"
    conflicts = load_locs(dev / "expected.toml") + load_locs(inj / "expected.toml") + load_locs(shared / "seeds" / "expected.toml")
    unsure = set().union(*(c[0] for c in load_locs(dev / "unsure.toml")))
    injected = load_injected(inj / "expected.toml")
    groups: list[tuple[str, str, list[Path], list]] = []
    for c in tune:
        files = sorted((dev / c).glob("*.txt"))
        groups.append((c, "dev", files, read(files)))
        if (inj / c).is_dir():
            files = sorted((inj / c).glob("*.txt"))
            groups.append((c + "/injected", "injected", files, read(files)))
    files = sorted((shared / "seeds").glob("*.txt"))
    groups.append(("seeds", "seeds", files, read(files)))
    groups.extend(("rdb/" + p.stem, "rdb", [p], read([p])) for p in sorted((shared / "corpus-more" / "extracted").glob("rdb-*.txt")))
    return tune, conflicts, unsure, injected, groups


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--pos-weight", type=float, default=5.0)
    ap.add_argument("--precision", type=float, default=0.9)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--thresholds", default="w=0.85 a=0.9 s=0.9 two=0.99 series=0.5",
                    help="the operating point written with --write (see spec_values)")
    ap.add_argument("--rules", default="", help="thresholds (comma-separated) at which to run the rules on each fold's held topics")
    ap.add_argument("--duos", action="store_true", help="with --rules: also every two articles of a topic as a story of two")
    ap.add_argument("--seed-weight", type=float, default=1.0, help="how much more a pair of two seed articles weighs (across model only)")
    ap.add_argument("--made-weight", type=float, default=1.0, help="how much a made conflict weighs against a labelled pair")
    ap.add_argument("--no-made", dest="made", action="store_false", help="fit on the labelled pairs only")
    ap.add_argument("--dump", help="save the training matrix (npz) for exploring other learners")
    ap.add_argument("--report", action="store_true", help="print the top-scored pairs of the out-of-fold run")
    ap.add_argument("--features", action="store_true", help="with --report: print each pair's features")
    a = ap.parse_args()
    global DUOS  # noqa: PLW0603 - a flag read by run_rules
    DUOS = a.duos
    shared = Path(a.shared)
    tune, conflicts, unsure, injected, groups_data = tuning_data(shared)
    dev, inj = shared / "numbers" / "dev", shared / "numbers" / "dev-injected"
    rows = []
    for name, kind, files, docs in groups_data:
        got = pairs_of(name, files, conflicts, unsure, injected if kind == "injected" else (), docs)
        rows += [r for r in got if r[3]] if kind == "rdb" else got
    if not a.made:
        rows = [r for r in rows if r[5] == "real"]
    X = np.array([r[1] for r in rows])
    y = np.array([r[2] for r in rows], dtype=float)
    within = np.array([r[3] for r in rows])
    real = np.array([r[5] == "real" for r in rows])
    # the seed weight goes to the across model only (see --seed-weight)
    sw0 = np.array([(a.seed_weight if r[0] == "seeds" and not r[3] else 1.0) * (1.0 if r[5] == "real" else a.made_weight) for r in rows])
    groups = [topic(r[0]) for r in rows]
    print(f"{int(real.sum())} disagreeing candidate pairs, {int(y[real].sum())} positive "
          f"({int(y[within & real].sum())} within / {int((within & real).sum())}, {int(y[~within & real].sum())} across / {int((~within & real).sum())}); "
          f"{int((~real).sum())} made conflicts ({int((~real & within).sum())} within)")
    if a.dump:
        np.savez(a.dump, X=X, y=y, within=within, real=real, groups=np.array(groups), desc=np.array([r[4] for r in rows]))
    # leave-topics-out cross-validation
    topics = sorted({topic(g[0]) for g in groups_data})
    random.Random(5).shuffle(topics)
    fold = {t: k % 5 for k, t in enumerate(topics)}
    oof = np.zeros(len(rows))
    fold_w = {}
    for k in range(5):
        tr = np.array([fold[g] != k for g in groups])
        fold_w[k] = (fit(X[tr & within], y[tr & within], a.l2, a.pos_weight, sw0[tr & within]),
                     fit(X[tr & ~within], y[tr & ~within], a.l2, a.pos_weight, sw0[tr & ~within]))
        oof[~tr & within] = predict(fold_w[k][0], X[~tr & within])
        oof[~tr & ~within] = predict(fold_w[k][1], X[~tr & ~within])
    if a.rules:
        tune_set = set(tune)

        def of_tune(path: Path) -> list[set[str]]:
            with open(path, "rb") as fh:
                cs = tomllib.load(fh).get("conflict", [])
            return [{_loc(loc) for loc in c["locations"]} for c in cs if c["locations"][0].split("/")[0] in tune_set]

        labels = {"dev": of_tune(dev / "expected.toml"), "inj": of_tune(inj / "expected.toml"),
                  "neg": of_tune(dev / "negatives.toml"), "seeds": [c[0] for c in load_locs(shared / "seeds" / "expected.toml")]}
        with open(ROOT / "bench" / "data" / "numbers_judged.toml", "rb") as fh:
            labels["judged"] = {frozenset(j["pair"].split(" | ")) for j in tomllib.load(fh).get("judged", [])
                                if j.get("half") == "tune" and j["verdict"] == "conflict"}
        labels.update(n_dev=len(labels["dev"]), n_inj=len(labels["inj"]), n_neg=len(labels["neg"]),
                      rdb_words=sum(len(p.read_text(encoding="utf-8").split()) for _, k, fs, _ in groups_data if k == "rdb" for p in fs))
        rule_level(groups_data, fold, fold_w, labels, a.rules)
    for name, mask in (("within", within & real), ("across", ~within & real)):
        t, p, r = pick_threshold(oof[mask], y[mask], a.precision)
        print(f"out-of-fold pairs {name}: threshold {t:.3f} -> precision {p:.2f}, recall {r:.2f} of {int(y[mask].sum())}")
    if a.report:
        order = [k for k in np.argsort(-oof) if real[k]]
        for k in order[:60]:
            print(f"  {oof[k]:.3f} {'POS' if y[k] else 'neg'} {'W' if within[k] else 'A'} {rows[k][0]} {rows[k][4]}")
            if a.features:
                print("        " + " ".join(f"{f}={v:.2g}" for f, v in zip(FEATURES, X[k], strict=True) if v))
        print("  positives below:")
        for k in order:
            if y[k] and oof[k] < 0.5:
                print(f"  {oof[k]:.3f} POS {'W' if within[k] else 'A'} {rows[k][0]} {rows[k][4]}")
                if a.features:
                    print("        " + " ".join(f"{f}={v:.2g}" for f, v in zip(FEATURES, X[k], strict=True) if v))
    ww = fit(X[within], y[within], a.l2, a.pos_weight, sw0[within])
    wa = fit(X[~within], y[~within], a.l2, a.pos_weight, sw0[~within])
    for name, w in (("within", ww), ("across", wa)):
        print(f"{name} weights:", ", ".join(f"{f}={v:+.2f}" for f, v in zip(FEATURES, w[1:], strict=True) if v), f"bias={w[0]:+.2f}")
    if a.write:
        o = spec_values(a.thresholds)

        def part(w: np.ndarray) -> dict:
            return {"bias": round(float(w[0]), 5), "weights": [round(float(v), 5) for v in w[1:]]}

        out = {
            "about": "Logistic regressions: is a pair of disagreeing statements (within one article; across the "
                     "articles of a story) about the same thing? Fitted by bench/numbers_fit.py on the tuning half "
                     "of ../shared/numbers (bench/data/numbers_split.toml), the seeds, and Readability's test pages "
                     "(within-article negatives); thresholds chosen from its rule-level cross-validation by topic.",
            "fit": {"l2": a.l2, "pos_weight": a.pos_weight, "made_weight": a.made_weight, "seed_weight": a.seed_weight,
                    "operating_point": a.thresholds},
            "features": list(FEATURES),
            "within": part(ww),
            "across": part(wa),
            "threshold_within": o["w"],
            "threshold_across": o["a"],
            "threshold_single": o["s"],
            "threshold_series": o["series"],
            "threshold_two": o["two"],
            "threshold_pair": o["pair"],
            "max_per_story": int(o["cap"]),
            "training_pairs": int(real.sum()),
            "made_conflicts": int((~real).sum()),
            "positives": int(y[real].sum()),
        }
        path = ROOT / "newslint" / "data" / "numbers_model.json"
        path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print("wrote", path)


if __name__ == "__main__":
    main()
