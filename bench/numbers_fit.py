"""Fit the numbers rules' comparability model on the tuning half; write its weights as JSON.

    .venv/bin/python bench/numbers_fit.py [--shared ../shared] [--write] [--report]

Training pairs come from the clusters listed under `tune` in bench/data/numbers_split.toml
(../shared/numbers/dev and dev-injected) and from the five seed articles: every candidate pair
that newslint.comparability.candidate_pairs proposes (within one article, and across the
articles of one cluster) whose values disagree. A pair is positive when both its statements
sit on the lines of one labelled conflict (expected.toml); when several candidate pairs join
the same two lines, only the most alike one is positive and the rest are left out (the label
names lines, not numbers). Pairs touching a line of unsure.toml are left out. Every other
disagreeing pair is negative: the labels list every conflict of those articles.

The model is a logistic regression (L2, Newton's method, numpy), checked by leave-clusters-out
cross-validation (5 folds by topic): the thresholds are chosen on the out-of-fold scores for
precision >= --precision within and across articles. With --write, the final fit on all tuning
pairs and the thresholds go to newslint/data/numbers_model.json. Nothing from the held-back
half is read.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newslint.comparability import FEATURES, NameWeights, backing, candidate_pairs, disagree, features  # noqa: E402
from newslint.document import Document  # noqa: E402
from newslint.quantities import extract  # noqa: E402
from newslint.statements import analyse  # noqa: E402


def topic(cluster: str) -> str:
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


def load_locs(path: Path) -> list[tuple[set[str], tuple[set[float], set[float]]]]:
    if not path.exists():
        return []
    with open(path, "rb") as fh:
        d = tomllib.load(fh)
    return [({f"{Path(l.rsplit(':', 1)[0]).name}:{int(l.rsplit(':', 1)[1])}" for l in c["locations"]},
             numbers_in(c.get("about", "") + " " + c.get("original", "") + " " + c.get("changed", "")))
            for c in d.get("conflict", [])]


def pairs_of(cluster: str, files: list[Path], conflicts: list, unsure: set[str]) -> list[tuple[str, list[float], int, bool, str]]:
    """(cluster, features, label, within, description) of the disagreeing candidate pairs."""
    docs = [analyse(Document.from_text(p.read_text(encoding="utf-8"), str(p))) for p in files]
    items = [(d, s) for d, f in enumerate(docs) for s in f.statements]
    df: dict[str, int] = defaultdict(int)
    for f in docs:
        for n in f.name_counts:
            df[n] += 1
    story_names = NameWeights(df, len(docs))
    doc_names = [NameWeights(f.name_counts, f.sentences) for f in docs]
    out = []
    raw: list[tuple[int, int, bool]] = []
    for d in range(len(docs)):
        idx = [k for k, (dd, _) in enumerate(items) if dd == d]
        for i, j in candidate_pairs([items[k] for k in idx], within=True):
            raw.append((idx[i], idx[j], True))
    across = list(candidate_pairs(items, within=False))
    backs = backing(items, across)
    for i, j in across:
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
            if labels and not positive:
                continue  # a label names lines: other numbers of those lines are left out
            nw = doc_names[items[i][0]] if w else story_names
            rows.append((a, b, w, positive, f"{la} {a.text!r} | {lb} {b.text!r}", nw, backs.get((i, j), (0, 0))))
    # a labelled conflict restated on an unlabelled line (a headline repeating the lead) is
    # not a negative: pairs with the very values of a positive pair are left out
    pos_values = {(a.dim, frozenset((a.value, b.value))) for a, b, _, p, _, _, _ in rows if p}
    for a, b, w, positive, desc, nw, bk in rows:
        if not positive and (a.dim, frozenset((a.value, b.value))) in pos_values:
            continue
        out.append((cluster, features(a, b, w, nw, bk), int(positive), w, desc))
    return out


def fit(X: np.ndarray, y: np.ndarray, l2: float, weight_pos: float) -> np.ndarray:
    """Weighted L2 logistic regression by Newton's method; returns [bias, w...]."""
    Xb = np.hstack([np.ones((len(X), 1)), X])
    w = np.zeros(Xb.shape[1])
    sw = np.where(y == 1, weight_pos, 1.0)
    reg = np.full(Xb.shape[1], l2)
    reg[0] = 1e-6
    for _ in range(50):
        z = np.clip(Xb @ w, -30, 30)
        p = 1 / (1 + np.exp(-z))
        g = Xb.T @ (sw * (p - y)) + reg * w
        H = (Xb * (sw * p * (1 - p))[:, None]).T @ Xb + np.diag(reg)
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--pos-weight", type=float, default=5.0)
    ap.add_argument("--precision", type=float, default=0.9)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--dump", help="save the training matrix (npz) for exploring other learners")
    ap.add_argument("--report", action="store_true", help="print the top-scored pairs of the out-of-fold run")
    ap.add_argument("--features", action="store_true", help="with --report: print each pair's features")
    a = ap.parse_args()
    shared = Path(a.shared)
    with open(ROOT / "bench" / "data" / "numbers_split.toml", "rb") as fh:
        tune = tomllib.load(fh)["tune"]
    dev, inj = shared / "numbers" / "dev", shared / "numbers" / "dev-injected"
    conflicts = load_locs(dev / "expected.toml") + load_locs(inj / "expected.toml") + load_locs(shared / "seeds" / "expected.toml")
    unsure = set().union(*(c[0] for c in load_locs(dev / "unsure.toml")))
    rows = []
    for c in tune:
        rows += pairs_of(c, sorted((dev / c).glob("*.txt")), conflicts, unsure)
        if (inj / c).is_dir():
            rows += pairs_of(c + "/injected", sorted((inj / c).glob("*.txt")), conflicts, unsure)
    rows += pairs_of("seeds", sorted((shared / "seeds").glob("*.txt")), conflicts, unsure)
    X = np.array([r[1] for r in rows])
    y = np.array([r[2] for r in rows], dtype=float)
    within = np.array([r[3] for r in rows])
    groups = [topic(r[0].split("/")[0]) for r in rows]
    print(f"{len(rows)} disagreeing candidate pairs, {int(y.sum())} positive "
          f"({int(y[within].sum())} within / {int(within.sum())}, {int(y[~within].sum())} across / {int((~within).sum())})")
    if a.dump:
        np.savez(a.dump, X=X, y=y, within=within, groups=np.array(groups), desc=np.array([r[4] for r in rows]))
    # leave-topics-out cross-validation
    topics = sorted(set(groups))
    random.Random(5).shuffle(topics)
    fold = {t: k % 5 for k, t in enumerate(topics)}
    oof = np.zeros(len(rows))
    for k in range(5):
        tr = np.array([fold[g] != k for g in groups])
        w = fit(X[tr], y[tr], a.l2, a.pos_weight)
        oof[~tr] = predict(w, X[~tr])
    for name, mask in (("within", within), ("across", ~within)):
        t, p, r = pick_threshold(oof[mask], y[mask], a.precision)
        print(f"out-of-fold {name}: threshold {t:.3f} -> precision {p:.2f}, recall {r:.2f} of {int(y[mask].sum())}")
    if a.report:
        order = np.argsort(-oof)
        for k in order[:60]:
            print(f"  {oof[k]:.3f} {'POS' if y[k] else 'neg'} {'W' if within[k] else 'A'} {rows[k][0]} {rows[k][4]}")
            if a.features:
                print("        " + " ".join(f"{f}={v:.2g}" for f, v in zip(FEATURES, X[k]) if v))
        print("  positives below:")
        for k in order:
            if y[k] and oof[k] < 0.5:
                print(f"  {oof[k]:.3f} POS {'W' if within[k] else 'A'} {rows[k][0]} {rows[k][4]}")
                if a.features:
                    print("        " + " ".join(f"{f}={v:.2g}" for f, v in zip(FEATURES, X[k]) if v))
    w = fit(X, y, a.l2, a.pos_weight)
    p = predict(w, X)
    tw = pick_threshold(oof[within], y[within], a.precision)[0]
    ta = pick_threshold(oof[~within], y[~within], a.precision)[0]
    print("weights:", ", ".join(f"{f}={v:+.2f}" for f, v in zip(FEATURES, w[1:])), f"bias={w[0]:+.2f}")
    del p
    if a.write:
        out = {
            "about": "Logistic regression: is a pair of disagreeing statements about the same thing? "
                     "Fitted by bench/numbers_fit.py on the tuning half of ../shared/numbers (bench/data/numbers_split.toml) and the seeds.",
            "features": list(FEATURES),
            "weights": [round(float(v), 5) for v in w[1:]],
            "bias": round(float(w[0]), 5),
            "threshold_within": round(tw, 5),
            "threshold_across": round(ta, 5),
            "training_pairs": len(rows),
            "positives": int(y.sum()),
        }
        path = ROOT / "newslint" / "data" / "numbers_model.json"
        path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print("wrote", path)


if __name__ == "__main__":
    main()
