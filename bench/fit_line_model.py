"""Fit the boilerplate line model and write ``newslint/data/boilerplate_model.json``.

    .venv/bin/pip install scikit-learn numpy        # fitting only; the runtime needs neither
    .venv/bin/python bench/fit_line_model.py        # fit on sh + rdb, write the shipped weights
    .venv/bin/python bench/fit_line_model.py --cv   # also: site-grouped cross-validation of the model alone

Training pages: ``corpus/extracted`` (scrapinghub, ``sh-*``) and the Readability pages
(``rdb-*``) of ``corpus-more`` in both views. The Dragnet pages (``dn-*``) are AGPL-3.0 data:
no weight is fitted on them; they are only a held-out test set (``bench/boilerplate_quality.py``).

Labels: a line in ``boilerplate.must`` is boilerplate (1), any other non-blank line is
article text (0). Two experts are fitted: "article" on the extracted view, "page" on the
whole-page (naive) view; the runtime picks one per document by its share of short lines
(``GATE``), which separates the two views. The features are computed by the runtime's own code
(``newslint.rules.line_model``), so what is fitted is what is shipped.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from boilerplate_data import Page, folds, load_view

from newslint.document import Document
from newslint.rules import line_model as lm

# English function words (the kind of list jusText calls a stop list): dense in prose, rare
# in menus, buttons and captions.
STOP_WORDS = sorted(set("""
a about above after again against all also although am among an and any are as at be because been
before being below between both but by can could did do does doing down during each either
few for from further had has have having he her here hers herself him himself his how however
i if in into is it its itself just least less let like many may me might more most much must my
myself neither no nor not now of off often on once only or other others our ours ourselves out
over own per perhaps rather same several she should since so some such than that the their theirs
them themselves then there these they this those though through thus to too toward towards under
until up upon us very was we were what when where whether which while who whom whose why will
with within without would yet you your yours yourself
""".split()))

# Words of the page's interface (buttons, bars, widgets, footers) in any site's wording: a
# feature the model weighs, not a list of lines. Each is common to many sites' templates.
UI_WORDS = sorted(set("""
share shares shared tweet tweets retweet facebook twitter pinterest linkedin whatsapp reddit
email e-mail print comment comments commented reply replies respond login log sign subscribe
subscribed subscription newsletter newsletters follow followers like likes click tap
advertisement advertisements advertising sponsored sponsor ad ads promoted copyright reserved
rights privacy terms cookie cookies policy menu home search skip navigation previous prev next
older newer permalink posted tags tagged filed category categories archive archives rss feed
download app apps contact about related recommended trending popular read watch listen video
videos photo photos image images gallery slideshow credit credits source via loading
view views more see full story stories top back continue continued register account password
""".split()))


def bootstrap_weights() -> dict:
    """A model file with zero weights: what the features need (the word lists, the gate)."""
    return {
        "format": 1,
        "features": list(lm.FEATURES),
        "stage2_features": list(lm.STAGE2),
        "stop_words": STOP_WORDS,
        "ui_words": UI_WORDS,
        "gate": {"doc_short": GATE, "lines": GATE_LINES},
        "article": _zero(),
        "page": _zero(),
        "thresholds": {"warning": 0.9, "info": 0.85},
    }


def _zero() -> dict:
    return {"stage1": {"bias": 0.0, "weights": [0.0] * len(lm.FEATURES)},
            "stage2": {"bias": 0.0, "weights": [0.0] * (len(lm.FEATURES) + len(lm.STAGE2))}}


def page_matrix(page: Page) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Features, labels and 1-based line numbers of a page's non-blank lines."""
    doc = Document.from_text(page.text, str(page.path))
    table, feats = lm.features(doc)
    # the lines of the prose core are never scored: not fitted on either (their stage-1
    # score, 0, still enters their neighbours' stage-2 features: see ``stage2_inputs``)
    lines = [li.index + 1 for li in table]
    y = np.array([1 if ln in page.must else 0 for ln in lines], dtype=np.int8)
    x = np.array([f if f is not None else [np.nan] * len(lm.FEATURES) for f in feats], dtype=float).reshape(len(lines), len(lm.FEATURES))
    return x, y, lines


def _fit_lr(x: np.ndarray, y: np.ndarray, sw: np.ndarray, c: float) -> tuple[float, np.ndarray]:
    """Logistic regression on standardised features; weights returned on the raw scale."""
    from sklearn.linear_model import LogisticRegression

    mu, sd = x.mean(0), x.std(0)
    sd[sd == 0] = 1.0
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit((x - mu) / sd, y, sample_weight=sw)
    w = clf.coef_[0] / sd
    b = float(clf.intercept_[0] - (clf.coef_[0] * mu / sd).sum())
    return b, w


def stage1_scores(x: np.ndarray, b: float, w: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(b + x @ w, -30, 30)))


def stage2_inputs(m: np.ndarray, b1: float, w1: np.ndarray) -> np.ndarray:
    """Stage-2 features of a page, as ``line_model._scores`` computes them (core lines 0)."""
    s1 = np.where(np.isnan(m[:, 0]), 0.0, stage1_scores(np.nan_to_num(m), b1, w1))
    return np.hstack([m, np.array(lm.stage2_features(list(s1)), dtype=float).reshape(len(m), len(lm.STAGE2))])


def fit(mats: list[tuple[np.ndarray, np.ndarray, float]], c: float = 1.0) -> dict:
    """Fit both stages on (features, labels, page weight) triples; a model file dict. Lines
    of the prose core (NaN rows) are left out of both fits."""
    x = np.vstack([m for m, _, _ in mats])
    y = np.concatenate([lab for _, lab, _ in mats])
    sw = np.concatenate([np.full(len(lab), pw) for _, lab, pw in mats])
    keep = ~np.isnan(x[:, 0])
    b1, w1 = _fit_lr(x[keep], y[keep], sw[keep], c)
    x2 = np.vstack([stage2_inputs(m, b1, w1) for m, _, _ in mats])
    b2, w2 = _fit_lr(x2[keep], y[keep], sw[keep], c)
    return {"stage1": {"bias": round(b1, 6), "weights": [round(float(v), 6) for v in w1]},
            "stage2": {"bias": round(b2, 6), "weights": [round(float(v), 6) for v in w2]}}


def fit_experts(by_view: dict[str, list[tuple[np.ndarray, np.ndarray, float]]], c: float = 1.0) -> dict:
    """One expert per kind of document: "article" fitted on the extracted view, "page" on the
    whole-page (naive) view; at run time the gate picks one per document."""
    model = bootstrap_weights()
    model["article"] = fit(by_view["extracted"], c)
    model["page"] = fit(by_view["naive"], c)
    return model


def training_pages() -> list[Page]:
    """sh (extracted) and rdb (extracted and naive): never dn."""
    pages = [p for p in load_view("extracted", ("sh", "rdb"))] + [p for p in load_view("naive", ("rdb",))]
    assert not any(p.source == "dn" for p in pages)
    return pages


# the share of short lines above which a document is read by the "page" expert: the
# extracted pages' 95th percentile is 0.43, the naive pages' 25th 0.50
GATE = 0.45
# and the number of non-blank lines from which it may: the naive pages' 5th percentile is
# 55 lines, the extracted pages' median 17
GATE_LINES = 50


def matrices(pages: list[Page]) -> dict[str, tuple[np.ndarray, np.ndarray, list[int]]]:
    lm.use_weights(bootstrap_weights())
    try:
        return {p.view + "/" + p.id: page_matrix(p) for p in pages}
    finally:
        lm.use_weights(None)


def fit_pages(pages: list[Page], mats: dict, c: float = 1.0) -> dict:
    by_view: dict[str, list] = {"extracted": [], "naive": []}
    for p in pages:
        if p.source != "dn":
            by_view[p.view].append((mats[p.view + "/" + p.id][0], mats[p.view + "/" + p.id][1], 1.0))
    return fit_experts(by_view, c)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cv", action="store_true", help="site-grouped cross-validation of the model alone")
    ap.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--warning", type=float, default=0.85)
    ap.add_argument("--info", type=float, default=0.6)
    ap.add_argument("--out", default=str(lm.MODEL_PATH))
    a = ap.parse_args()
    pages = training_pages()
    mats = matrices(pages)
    if a.cv:
        fold = folds(pages)
        for view in ("extracted", "naive"):
            ys, ps = [], []
            for k in sorted(set(fold.values())):
                model = fit_pages([p for p in pages if fold[p.id] != k], mats, a.c)
                lm.use_weights(model)
                try:
                    for p in pages:
                        if fold[p.id] == k and p.view == view:
                            doc = Document.from_text(p.text, str(p.path))
                            table, s = lm.scores(doc)
                            ys += [1 if li.index + 1 in p.must else 0 for li in table]
                            ps += s
                finally:
                    lm.use_weights(None)
            ys_a, ps_a = np.array(ys), np.array(ps)
            print(f"model alone, {view} view (out of fold, sh + rdb): {len(ys)} lines, {ys_a.sum()} boilerplate")
            for t in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
                sel = ps_a >= t
                tp = int((sel & (ys_a == 1)).sum())
                print(f"  p >= {t:.2f}: recall {tp / max(ys_a.sum(), 1):.3f}  precision {tp / max(sel.sum(), 1):.3f}  ({sel.sum()} lines)")
    model = fit_pages(pages, mats, a.c)
    model["thresholds"] = {"warning": a.warning, "info": a.info}
    model["trained_on"] = "corpus/extracted (sh-*), corpus-more rdb-* (extracted and naive); no dn-* page"
    Path(a.out).write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {a.out}: {len(pages)} pages, {sum(len(m[1]) for m in mats.values())} lines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
