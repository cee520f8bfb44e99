"""Whether two statements measure the same thing, and whether their values can both be true.

Three parts:

* :func:`disagree`: the values exclude each other. Hedges are intervals already ("about 30" is
  25.5-34.5, "more than 26,000" is 26,000-39,000, see :mod:`newslint.quantities`); values in
  different units (acres and hectares, mph and km/h) are compared in base units with the
  rounding of each written number allowed (60 mph = 97 km/h).
* :func:`features` and :class:`Model`: how alike the two statements' measured things are (head
  noun, words around, names, other quantities of the clause, update words, qualifiers, when,
  who said it, dimension, distance between the values), weighed by a logistic regression
  fitted on labelled real news (``bench/numbers_fit.py``; weights in
  ``newslint/data/numbers_model.json``, plain JSON: nothing read from disk runs code).
* :func:`candidate_pairs`: which pairs to score at all, through an index by dimension and
  measured thing (head noun, name, context word). Buckets are capped, so the work grows
  linearly with the number of statements, never with all pairs.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from newslint.statements import Statement
from newslint.statements import kind as statement_kind

__all__ = ["FEATURES", "Model", "told_apart", "NameWeights", "model", "features", "alignment", "likeness", "unit_slip", "scored_pairs", "disagree", "agree", "compatible", "candidate_pairs", "same_name", "restated"]

FEATURES = (
    "same_head", "no_head", "head_cross", "left_same", "right_same", "ctx_j", "sent_j", "ctx_shared",
    "local_j", "local_shared", "subj_same", "subj_diff", "cnames_same", "cnames_diff",
    "near_same", "near_diff", "ent_j", "ent_w", "ent_excl", "sib_agree", "mods_same", "mods_diff", "gap", "round_ok", "hedged",
    "update", "when_diff", "quals_diff", "source_diff", "within", "title", "listy",
    "dim_count", "dim_age", "dim_money", "dim_percent", "dim_duration", "dim_measure", "dim_calendar",
    "dim_magnitude", "head_near", "age_near", "within_head", "within_ctx", "mutual_best", "better_agrees", "party_same", "party_diff", "unit_slip",
    "time_diff", "scope_diff", "rival", "contain", "part_diff", "holders_same", "order_diff", "mods_clash",
)
#: the features that cost most to compute (overlaps of words and names), all in [0, 1]
_DEAR_NAMES = ("ctx_j", "sent_j", "ctx_shared", "local_j", "local_shared", "ent_j", "ent_w", "ent_excl",
               "within_ctx", "cnames_same", "cnames_diff", "rival", "contain")  # all in [0, 1]
_DEAR = tuple(FEATURES.index(f) for f in _DEAR_NAMES)
(_F_CTX_J, _F_SENT_J, _F_CTX_SHARED, _F_LOCAL_J, _F_LOCAL_SHARED, _F_ENT_J, _F_ENT_W, _F_ENT_EXCL, _F_WITHIN_CTX,
 _F_CN_SAME, _F_CN_DIFF, _F_RIVAL, _F_CONTAIN) = (FEATURES.index(f) for f in (
    "ctx_j", "sent_j", "ctx_shared", "local_j", "local_shared", "ent_j", "ent_w", "ent_excl", "within_ctx",
    "cnames_same", "cnames_diff", "rival", "contain"))
_MEASURES = {"distance", "area", "speed", "weight", "temperature"}
_CALENDAR = {"time", "date", "year"}
_RATIO_DIMS = {"count", "money", "percent", "duration", "distance", "area", "speed", "weight", "age"}
# the distance between two values, in units where 1 is "clearly different", per dimension
_ADDITIVE_SCALE = {"temperature": 10.0, "year": 3.0, "date": 30.0, "time": 120.0, "magnitude": 1.0}
#: a bucket of the index with more statements than this is compared in windows (heads, names)
#: or not at all (context words: a word that common tells nothing apart)
BUCKET_CAP = 40
#: the bucket of a whole dimension compares each statement with this many neighbours in value
DIM_WINDOW = 6
#: pairs of two articles told less alike than this (see likeness) are not scored: what tells
#: them apart is plain without a model, and a story has many such pairs
MIN_LIKENESS = 0.1
#: values further apart than this (in the units of the gap feature: doublings) are never the
#: same thing told two ways; such pairs are not scored
MAX_GAP = 2.5
#: across articles, a tighter bar (about 1.5 times apart): two reports of one fixed fact that
#: disagree are near misses (a slip, a rounding, another source's count); figures further apart
#: are, in labelled news, other things told alike (the whole season's yards and one game's)
MAX_GAP_ACROSS = 0.6
#: across articles, for one fact told twice in near-identical sentences (:func:`restated_across`):
#: values up to about twice apart ("1.2 kilometres", then "2.1")
MAX_GAP_RESTATED = 1.0


# ---------------------------------------------------------------------------------------------
# Values


def compatible(a: Statement, b: Statement) -> bool:
    """Same dimension, and units that convert: currencies, kinds of percent and the things
    counted never do ("eight touchdowns" and "nine games" are not one count)."""
    if a.dim != b.dim:
        return False
    if (a.bound or b.bound or (a.dim == "age" and a.party and b.party)) and a.near and b.near \
            and not same_name(a.near, b.near):
        # "seven and three hours respectively": each value is its own party's; "Ana Ruiz, 34"
        # and "Piet Ruiz, 41": two people's ages
        return False
    if a.dim == "age" and not (same_name(a.near, b.near) or (a.head and a.head == b.head)):
        # an age is a person's: the same person is named, or called by the same noun ("the
        # 11-year-old girl"); ages of people told apart by nothing are not compared
        return False
    if a.dim in ("money", "date", "count"):
        return a.unit == b.unit
    if a.dim == "percent":
        return (a.unit == "percentage point") == (b.unit == "percentage point")
    return True


def _bounds(a: Statement, b: Statement) -> tuple[float, float, float, float]:
    alo, ahi, blo, bhi = a.low, a.high, b.low, b.high
    if a.dim == "time" and (a.unit == "clock?" or b.unit == "clock?"):
        # "10:30" without a.m./p.m. may be either half of the day: compare within 12 hours
        alo, ahi, blo, bhi = alo % 720, ahi % 720, blo % 720, bhi % 720
    if a.unit != b.unit:
        # different units: allow each written number its rounding (60 mph = 97 km/h)
        alo, ahi, blo, bhi = alo - a.prec, ahi + a.prec, blo - b.prec, bhi + b.prec
    return alo, ahi, blo, bhi


#: a round figure ("600", "$1") stands for a precise one ("612", "$0.99") within its rounding
#: when they are at most this far apart (relative): "90 percent" is not "93.87 percent"
ROUNDING = 0.03


def disagree(a: Statement, b: Statement) -> bool:
    """The two intervals do not overlap: both values cannot be true of one thing (allowing a
    round figure its rounding, see ROUNDING)."""
    alo, ahi, blo, bhi = _bounds(a, b)
    eps = 1e-9 * max(1.0, abs(ahi), abs(bhi))
    if not (ahi < blo - eps or bhi < alo - eps):
        return False
    if a.dim in _RATIO_DIMS and a.value > 0 and b.value > 0 and abs(a.value - b.value) <= ROUNDING * max(a.value, b.value):
        return not _round_ok(a, b)
    return True


def agree(a: Statement, b: Statement) -> bool:
    return not disagree(a, b)


def _gap(a: Statement, b: Statement) -> float:
    """How far apart the values are (0 when they overlap), in "clearly different" units, <= 3."""
    alo, ahi, blo, bhi = _bounds(a, b)
    if ahi >= blo and bhi >= alo:
        return 0.0
    lo_hi, hi_lo = (ahi, blo) if ahi < blo else (bhi, alo)
    if a.dim in _RATIO_DIMS and lo_hi > 0:
        return min(3.0, math.log(hi_lo / lo_hi) / math.log(2.0))
    scale = _ADDITIVE_SCALE.get(a.dim, max(1.0, abs(hi_lo)))
    return min(3.0, (hi_lo - lo_hi) / scale)


def unit_slip(a: Statement, b: Statement) -> bool:
    """The same number in two units of one measure ("5,000 acres", "5,000 hectares"): the figure
    was copied and its unit changed, or the other way round."""
    return a.unit != b.unit and a.written == b.written and a.written != 0 and a.dim in _MEASURES


def digit_swap(a: Statement, b: Statement) -> bool:
    """The same digits in another order, in the same unit ("14" and "41", "1.2" and "2.1"): two
    digits swapped in typing, a slip however far apart the values are."""
    if a.unit != b.unit or a.written == b.written or not a.written or not b.written:
        return False
    x, y = f"{a.written:g}", f"{b.written:g}"
    return len(x) == len(y) >= 2 and "e" not in x and "e" not in y and sorted(x) == sorted(y)


def far_apart(a: Statement, b: Statement, within: bool = True) -> bool:
    """The values are too far apart to be one thing told two ways (see MAX_GAP, MAX_GAP_ACROSS);
    the same number in two units of one measure (a unit slip) never is."""
    return _gap(a, b) > (MAX_GAP if within else MAX_GAP_ACROSS) and not unit_slip(a, b)


def _round_ok(a: Statement, b: Statement) -> bool:
    """The values agree once each is read as rounded ("612" and "600")."""
    alo, ahi, blo, bhi = a.low - a.prec, a.high + a.prec, b.low - b.prec, b.high + b.prec
    return not (ahi < blo or bhi < alo)


# ---------------------------------------------------------------------------------------------
# Features


_SAME_NAME: dict[tuple[str, str], bool] = {}


def same_name(a: str, b: str) -> bool:
    """"Ana Ruiz" and "Ruiz" name one person; "" names nobody."""
    if not a or not b:
        return False
    if a == b:
        return True
    got = _SAME_NAME.get((a, b))
    if got is None:
        ta, tb = set(a.split()), set(b.split())
        got = ta <= tb or tb <= ta
        if len(_SAME_NAME) > 100_000:
            _SAME_NAME.clear()
        _SAME_NAME[(a, b)] = got
    return got


def _shared(x: dict[str, float], y: dict[str, float]) -> float:
    """The weight two weighted word sets share (x's weights)."""
    if len(x) > len(y):
        x, y = y, x
    return sum([w for k, w in x.items() if k in y]) if x else 0.0


def _wjacc(x: dict[str, float], xt: float, y: dict[str, float], yt: float) -> tuple[float, float]:
    """(weighted Jaccard, shared weight) of two weighted word sets with their total weights."""
    if not x or not y:
        return 0.0, 0.0
    shared = _shared(x, y)
    union = xt + yt - shared
    return (shared / union if union > 0 else 0.0), shared


_MATCHES: dict[tuple[tuple[str, ...], tuple[str, ...]], set[str]] = {}


def _matches(x: tuple[str, ...], y: tuple[str, ...]) -> set[str]:
    """The names of x that name someone of y (an exact name first, else by its words).

    Memoised by the two tuples of names: every pair of statements of two sentences asks about
    the same two tuples, and a pair asks both ways. The set returned is shared: read it, never
    change it."""
    key = (x, y)
    got = _MATCHES.get(key)
    if got is None:
        ys = set(y)
        got = {a for a in x if a in ys or any(same_name(a, b) for b in y)}
        if len(_MATCHES) > 100_000:
            _MATCHES.clear()
        _MATCHES[key] = got
    return got


def _ent_j(x: tuple[str, ...], y: tuple[str, ...]) -> float:
    if not x or not y:
        return 0.0
    common = len(_matches(x, y))
    return common / (len(x) + len(y) - common)


class NameWeights:
    """How much sharing a name says within a story (or an article): the name every part of it
    mentions (its subject) tells nothing apart; one that few mention does.
    ``counts``: in how many articles (sentences) each name occurs, out of ``n``."""

    __slots__ = ("counts", "memo", "n")

    def __init__(self, counts: dict[str, int], n: int):
        self.counts, self.n = counts, max(1, n)
        self.memo: dict[str, float] = {}

    def share(self, name: str) -> float:
        """The share of the story's articles (the article's sentences) that name it, by any of
        its forms ("Red Sox" is "Boston Red Sox")."""
        key = "\0" + name
        got = self.memo.get(key)
        if got is None:
            c = self.counts.get(name, 0)
            if len(self.counts) <= 400:
                c = max([c, *(v for m, v in self.counts.items() if same_name(name, m))])
            got = self.memo[key] = min(1.0, max(1, c) / self.n)
        return got

    def __call__(self, name: str) -> float:
        w = self.memo.get(name)
        if w is None:
            c = self.counts.get(name, 1)
            w = self.memo[name] = math.log(1.0 + self.n / max(1, c))
        return w


def _ent_weighted(x: tuple[str, ...], y: tuple[str, ...], nw: NameWeights) -> tuple[float, float]:
    """(weighted Jaccard of the two sentences' names, the smaller weight of the names only one
    side has): shared rare names say "same thing", rare names on both sides "different"."""
    if not x or not y:
        return 0.0, 0.0
    wx = {n: nw(n) for n in x}
    wy = {n: nw(n) for n in y}
    shared_x = _matches(x, y)
    shared_y = _matches(y, x)
    shared = sum(wx[n] for n in shared_x)
    only_x = sum(w for n, w in wx.items() if n not in shared_x)
    only_y = sum(w for n, w in wy.items() if n not in shared_y)
    total = shared + only_x + only_y
    return (shared / total if total else 0.0), min(only_x, only_y)


def _sib_agree(a: Statement, b: Statement) -> bool:
    """The other sentence also gives a value that agrees with this one ("404 yards ... 440
    yards" against "440 yards"): the disagreeing pair is the wrong pairing."""
    # most statements are alone of their dimension in their sentence: no generator for them
    return ((bool(b.siblings) and any(not (a.high < lo or hi < a.low) for lo, hi in b.siblings))
            or (bool(a.siblings) and any(not (b.high < lo or hi < b.low) for lo, hi in a.siblings)))


#: qualifiers that pick one instance out of several ("his first 17 passes", "the final two
#: games", "another 30 people"), by the instance they pick
_ORDER_OF = {"first": "first", "opening": "first", "initial": "first", "original": "first", "last": "last",
             "final": "last", "closing": "last", "latest": "last", "second": "second", "third": "third",
             "next": "next", "previous": "previous", "prior": "previous", "earlier": "previous", "later": "next",
             "another": "other", "other": "other", "additional": "other", "separate": "other", "extra": "other",
             "further": "other"}


def _mods_clash(a: Statement, b: Statement) -> bool:
    """Each clause has another quantity of one dimension, with different values and none alike
    ("the 11-inch model" / "the 13-inch model")."""
    if not (a.mods and b.mods) or a.mods & b.mods:
        return False
    dims_a = {m.split(":", 1)[0] for m in a.mods}
    return any(m.split(":", 1)[0] in dims_a for m in b.mods)


def _order(s: Statement) -> frozenset[str]:
    return _order_of(s.quals)


@lru_cache(maxsize=1024)
def _order_of(quals: frozenset[str]) -> frozenset[str]:
    """The instances the qualifiers pick (memoised: an article uses a handful of qualifier sets,
    and every pair of statements asks)."""
    return frozenset(_ORDER_OF[q] for q in quals if q in _ORDER_OF)


@lru_cache(maxsize=64)
def _dim_flags(dim: str) -> tuple[float, ...]:
    """The dimension's one-hot features (dim_count ... dim_magnitude), worked out once a dimension."""
    return (float(dim == "count"), float(dim == "age"), float(dim == "money"), float(dim == "percent"),
            float(dim == "duration"), float(dim in _MEASURES), float(dim in _CALENDAR), float(dim == "magnitude"))


def _scope_diff(a: Statement, b: Statement) -> bool:
    """The two figures cover different spans of time: both are scoped, differently ("this
    season", "since Week 11"), or one covers part of a period ("arrested three times since
    October") and the other does not say."""
    if a.scope == b.scope:
        return False
    if a.scope and b.scope:
        return True
    return any(not s.startswith(("this", "career")) for s in a.scope | b.scope)


def _contain(a: Statement, b: Statement) -> float:
    """How much of one statement's clause the other's sentence restates (the larger of the two
    shares): a headline figure restated in the lead ("Police find 3 bodies" / "... after three
    bodies were found in a home"), a clause copied with its number changed."""
    x = _shared(a.ctx, b.sent) / a.ctx_total if a.ctx_total else 0.0
    y = _shared(b.ctx, a.sent) / b.ctx_total if b.ctx_total else 0.0
    return min(1.0, max(x, y))


def _rival(a: Statement, b: Statement, names: NameWeights | None) -> float:
    """Each reported clause names a party the other sentence does not (its source aside): "the
    Red Sox offered ..." and "the Nationals offered ...", one player's yards and another's.
    Weighed by how much of the story (article) names each party: a party the story keeps
    naming is one of its actors; one named once is a passer-by. The smaller side's weight."""
    def own(x: Statement, y: Statement) -> float:
        w = 0.0
        for n in x.holders:
            if not any(same_name(n, m) for m in y.ents):
                # the party the figure belongs to (its clause's only party, or the closest)
                # counts fully; another party of the clause by how much the story names it
                mine = len(x.holders) == 1 or same_name(n, x.near)
                w = max(w, 1.0 if mine else names.share(n) if names is not None else 0.5)
        return w

    if not (a.holders and b.holders):
        return 0.0
    return min(own(a, b), own(b, a))


def features(a: Statement, b: Statement, within: bool, names: NameWeights | None = None,
             aligned: tuple[bool, bool] = (False, False), cheap_only: bool = False) -> list[float]:
    """The pair's feature vector, in the order of FEATURES; ``names`` weighs the names of the
    story (or article) the two come from; ``aligned``: see :func:`alignment`. ``cheap_only``:
    the overlaps of words and names (_DEAR) are left at 0."""
    same_head = bool(a.head) and a.head == b.head
    no_head = not a.head or not b.head
    head_cross = (not same_head) and bool((a.head and a.head in b.sent) or (b.head and b.head in a.sent))
    ctx_j = shared_ctx = local_j = shared_local = ent_w = ent_excl = sent_j = ent_j = contain = rival = 0.0
    cn_same = cn_diff = False
    near_same = same_name(a.near, b.near)
    near_diff = bool(a.near and b.near) and not near_same
    mods_same = bool(a.mods & b.mods)
    mods_diff = bool(a.mods and b.mods) and not mods_same
    subj_same = same_name(a.subj, b.subj)
    order_a = _order(a)
    dim = a.dim
    w = 1.0 if within else 0.0
    x = [
        float(same_head), float(no_head), float(head_cross), float(bool(a.left) and a.left == b.left),
        float(bool(a.right) and a.right == b.right), ctx_j, sent_j,
        min(1.0, shared_ctx / 15.0), local_j, min(1.0, shared_local / 10.0),
        float(subj_same), float(bool(a.subj and b.subj) and not subj_same),
        float(cn_same), float(cn_diff),
        float(near_same), float(near_diff), ent_j, ent_w, min(1.0, ent_excl / 3.0),
        float(_sib_agree(a, b)), float(mods_same), float(mods_diff),
        _gap(a, b), float(_round_ok(a, b)), float(bool(a.hedge or b.hedge)), float(a.update or b.update),
        float(bool(a.when and b.when) and not (a.when & b.when)), float(a.quals != b.quals),
        float(bool(a.source and b.source) and not same_name(a.source, b.source) and a.source != b.source),
        w, float(a.title or b.title), float(a.same_dim_in_sentence or b.same_dim_in_sentence),
        *_dim_flags(dim),
        float(same_head and near_same), float(dim == "age" and near_same), w * same_head, w * ctx_j,
        float(aligned[0]), float(aligned[1]),
        float(near_same and (a.party or b.party)), float(near_diff and a.party and b.party),
        float(unit_slip(a, b)),
        float(a.times != b.times), float(_scope_diff(a, b)), rival, contain,
        float(("part" in a.quals) != ("part" in b.quals)),
        float(bool(a.holders and b.holders) and bool(_matches(a.holders, b.holders))),
        float(order_a != _order(b) or "other" in order_a), float(_mods_clash(a, b)),
    ]
    if not cheap_only:
        fill_dear(x, a, b, within, names)
    return x


def fill_dear(x: list[float], a: Statement, b: Statement, within: bool, names: NameWeights | None) -> None:
    """Set the features that cost most (overlaps of words and names, _DEAR) in x."""
    ctx_j, shared_ctx = _wjacc(a.ctx, a.ctx_total, b.ctx, b.ctx_total)
    local_j, shared_local = _wjacc(a.local, a.local_total, b.local, b.local_total)
    ent_w, ent_excl = _ent_weighted(a.ents, b.ents, names or NameWeights({}, 1))
    cn = _ent_j(a.cnames, b.cnames)
    x[_F_CTX_J], x[_F_SENT_J], x[_F_CTX_SHARED] = ctx_j, _wjacc(a.sent, a.sent_total, b.sent, b.sent_total)[0], min(1.0, shared_ctx / 15.0)
    x[_F_LOCAL_J], x[_F_LOCAL_SHARED] = local_j, min(1.0, shared_local / 10.0)
    x[_F_ENT_J], x[_F_ENT_W], x[_F_ENT_EXCL] = _ent_j(a.ents, b.ents), ent_w, min(1.0, ent_excl / 3.0)
    x[_F_CN_SAME], x[_F_CN_DIFF] = float(cn > 0), float(bool(a.cnames and b.cnames) and cn == 0)
    x[_F_WITHIN_CTX] = ctx_j if within else 0.0
    x[_F_RIVAL], x[_F_CONTAIN] = _rival(a, b, names), _contain(a, b)


#: two clauses whose own parties, named this much of the story each, are told apart (see _rival)
RIVAL = 0.2
_RIVAL, _SCOPE, _PART, _ORDER, _MODS = (FEATURES.index(f) for f in ("rival", "scope_diff", "part_diff", "order_diff", "mods_clash"))


def keyed(a: Statement, b: Statement) -> int:
    """1 when one figure is bound to a party by a "respectively" list ("talks with Ana Ruiz and
    Piet Haagen lasted seven and three hours respectively") and the other is told of that
    party (its clause names Ana Ruiz; the two are of one kind, see :func:`compatible`): the text
    itself says whose the figure is; -1 when the other is told of parties without that one
    (Piet Haagen's talks); 0 when nothing is bound."""
    for x, y in ((a, b), (b, a)):
        if x.bound and x.near and y.holders and not y.bound:
            return 1 if any(same_name(x.near, h) for h in y.holders) else -1
    return 0


def told_apart(x: Sequence[float]) -> bool:
    """Cues that two figures measure different things, whatever else they share: each clause
    names its own actor of the story ("the Red Sox offered ..." / "the Nationals offered ..."),
    they cover different spans of time ("since October" / no scope), one is a part of a whole
    ("three of the seven bullets") and the other is not, they pick different instances ("his
    first 17 passes" / "34 passes"; "another study of 48 people" is never one told before), or another quantity of their clauses names different
    models ("the 11-inch model starts at $999" / "the 13-inch model starts at $1,199")."""
    return x[_RIVAL] >= RIVAL or x[_SCOPE] > 0 or x[_PART] > 0 or x[_ORDER] > 0 or x[_MODS] > 0


#: for :func:`restated`: how alike two statements must be told (the words nearest them shared,
#: or the words of their sentences), in [0, 1]
RESTATED_LIKE = 0.2
#: cues that two statements of one head noun are told of different things (a different subject,
#: party or source, another time, an update, a qualifier, a figure beside it that agrees, another
#: statement told more alike that agrees, a hedge): any one keeps :func:`restated` quiet
_RESTATED_APART = tuple(FEATURES.index(f) for f in (
    "subj_diff", "near_diff", "cnames_diff", "when_diff", "update", "source_diff", "sib_agree", "mods_diff",
    "better_agrees", "quals_diff", "time_diff", "hedged"))


def restated(a: Statement, b: Statement, names: NameWeights | None, aligned: tuple[bool, bool]) -> bool:
    """Within one article, the two read as one figure told twice, whatever a model fitted on a few
    topics says: the same measured thing (the same head noun; for an age, the same person), each
    the other's most alike statement of the article (and no statement told as alike agrees), told
    alike (RESTATED_LIKE), values at most about twice apart, and none of the cues that tell figures
    apart (:func:`told_apart`, _RESTATED_APART). A count of one is left out: "one neighbour" is
    mostly any one, not a figure restated."""
    if not aligned[0] or aligned[1] or a.dim != b.dim:
        return False
    if a.dim == "count" and min(a.value, b.value) < 2:
        return False
    if not ((a.head and a.head == b.head) or (a.dim == "age" and same_name(a.near, b.near))):
        return False
    if _gap(a, b) > 1.0 or keyed(a, b) < 0:
        return False
    x = _features_unless_apart(a, b, True, names, aligned, _RESTATED_APART)
    return x is not None and max(x[_F_LOCAL_SHARED], x[_F_SENT_J]) >= RESTATED_LIKE


def _features_unless_apart(a: Statement, b: Statement, within: bool, names: NameWeights | None,
                           aligned: tuple[bool, bool], cues: tuple[int, ...]) -> list[float] | None:
    """The pair's features, or None as soon as a cue tells the figures apart (:func:`told_apart`
    or one of ``cues``): the cheap features first, the dear ones only if none does."""
    x = features(a, b, within, names, aligned, cheap_only=True)
    if told_apart(x) or any(x[k] for k in cues):
        return None
    fill_dear(x, a, b, within, names)
    if told_apart(x) or any(x[k] for k in cues):
        return None
    return x


#: for :func:`restated_across`: how alike two articles' sentences must be (weighted Jaccard
#: of their words) for a figure to read as one fact told twice
RESTATED_ACROSS_LIKE = 0.3
#: the cues of :func:`restated` that tell two articles' figures apart: not a hedge (it is in the
#: values' intervals), another source (another figure for one fact is the conflict itself), nor
#: the names of the subject, clause or nearest party (paraphrases name them differently: the
#: sentences' names are compared whole instead), nor time cues that only one sentence gives
_RA_APART = tuple(k for k in _RESTATED_APART
                  if FEATURES[k] not in ("hedged", "source_diff", "subj_diff", "near_diff", "cnames_diff", "time_diff"))


_F_BETTER = FEATURES.index("better_agrees")


def restated_across(a: Statement, b: Statement, names: NameWeights | None, aligned: tuple[bool, bool]) -> bool:
    """Across two articles of a story, the two read as one fact told twice: each sentence the
    other's closest match, told much alike (RESTATED_ACROSS_LIKE), naming the same people and
    things (every name of either sentence in the other, but the source one of them quotes),
    values at most about twice apart (or the same digits swapped), not a year or a date, and
    none of the cues that tell figures apart. Two that agree need no test of a closer
    statement that agrees (they are it)."""
    agreeing = agree(a, b)
    if not aligned[0] or (aligned[1] and not agreeing) or a.dim != b.dim or a.dim in _CALENDAR:
        return False  # (years and dates in sentences told alike are mostly other events')
    if a.dim == "count" and min(a.value, b.value) < 2:
        return False
    if (_gap(a, b) > MAX_GAP_RESTATED and not digit_swap(a, b)) or keyed(a, b) < 0 or not a.ents or not b.ents:
        return False
    if a.times and b.times and a.times != b.times:
        return False  # each sentence gives a time, and not the same
    # the same names, but for the source one of them names ("..., Falk said")
    for one, other in ((a, b), (b, a)):
        if any(not _matches((n,), other.ents) and not (one.source and same_name(n, one.source)) for n in one.ents):
            return False
    apart = tuple(k for k in _RA_APART if not (agreeing and k == _F_BETTER))
    x = _features_unless_apart(a, b, False, names, aligned, apart)
    return x is not None and x[_F_SENT_J] >= RESTATED_ACROSS_LIKE


# ---------------------------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class Model:
    """Two logistic regressions over :data:`FEATURES` (pairs within one article, pairs across
    the articles of a story: what tells them apart differs) and their decision thresholds."""

    within: tuple[float, ...]  # bias, then one weight per feature
    across: tuple[float, ...]
    threshold_within: float
    threshold_across: float  # across articles: the evidence of the articles against a statement
    threshold_single: float = 0.5  # across articles: a pair that counts as evidence
    noisy_or: bool = True  # across articles: evidence adds up over articles (else: the best pair)
    threshold_series: float = 0.9  # within an article: told alike (a series has many values)
    max_per_story: int = 1000  # across articles: at most this many findings in one story
    threshold_two: float = 0.0  # across articles: the evidence needed when one article alone says otherwise
    threshold_pair: float = 0.0  # across articles: ... when two articles say otherwise

    def score(self, x: Sequence[float], within: bool) -> float:
        w = self.within if within else self.across
        z = w[0]
        for k, v in enumerate(x, 1):
            if v:
                z += w[k] * v
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def same(self, a: Statement, b: Statement, within: bool, names: NameWeights | None = None,
             aligned: tuple[bool, bool] = (False, False), bar: float = 0.0) -> float:
        """The probability that the two measure the same thing; 0 when a cue tells them apart
        beyond what a weight could outweigh (see :func:`told_apart`). Below ``bar`` the answer
        may be any value below it: the pair is then judged from its cheap features alone, the
        dearest (word and name overlaps) taken at their most favourable."""
        x = features(a, b, within, names, aligned, cheap_only=True)
        if told_apart(x):
            return 0.0
        k = keyed(a, b)
        w = self.within if within else self.across
        if not k and 0.0 < bar < 1.0:
            z = w[0] + (self._dear_max_w if within else self._dear_max_a)
            for i, v in enumerate(x, 1):
                if v:
                    z += w[i] * v
            if z < math.log(bar / (1.0 - bar)):
                return 0.0
        fill_dear(x, a, b, within, names)
        if told_apart(x):
            return 0.0
        if k:
            return 1.0 if k > 0 else 0.0
        return self.score(x, within)

    @cached_property
    def _dear_max_w(self) -> float:
        return sum(max(0.0, self.within[k + 1]) for k in _DEAR)

    @cached_property
    def _dear_max_a(self) -> float:
        return sum(max(0.0, self.across[k + 1]) for k in _DEAR)

    def threshold(self, within: bool) -> float:
        return self.threshold_within if within else self.threshold_across

    @classmethod
    def from_json(cls, d: dict) -> Model:
        names = d["features"]

        def vec(part: dict) -> tuple[float, ...]:
            w = dict(zip(names, part["weights"], strict=False))
            return (float(part["bias"]), *(float(w.get(f, 0.0)) for f in FEATURES))

        return cls(vec(d["within"]), vec(d["across"]), float(d["threshold_within"]),
                   float(d["threshold_across"]), float(d.get("threshold_single", 0.5)), bool(d.get("noisy_or", True)),
                   float(d.get("threshold_series", 0.9)), int(d.get("max_per_story", 1000)),
                   float(d.get("threshold_two", 0.0)), float(d.get("threshold_pair", 0.0)))


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model (``newslint/data/numbers_model.json``)."""
    text = resources.files("newslint").joinpath("data", "numbers_model.json").read_text(encoding="utf-8")
    return Model.from_json(json.loads(text))


# ---------------------------------------------------------------------------------------------
# Candidate pairs


def _dim_key(s: Statement) -> str:
    """The bucket of comparable statements: the kind the statements module reads."""
    return statement_kind(s.dim, s.unit)


def likeness(a: Statement, b: Statement) -> float:
    """A quick, fixed measure of how alike two statements are told (words around them, head
    noun, names): used only to rank each statement's partners for :func:`alignment`."""
    x = _wjacc(a.ctx, a.ctx_total, b.ctx, b.ctx_total)[0] + 0.5 * _wjacc(a.sent, a.sent_total, b.sent, b.sent_total)[0]
    if a.head and a.head == b.head:
        x += 0.5
    if same_name(a.near, b.near):
        x += 0.3
    return x


def alignment(items: Sequence[tuple[int, Statement]], pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], tuple[bool, bool, float]]:
    """For each candidate pair (i, j): (each is the other's most alike statement in the other's
    article, the other's article has a statement at least as alike to i, or to j, that agrees
    with it, their likeness). Two articles telling one fact tell it in corresponding sentences: a
    disagreeing pair that is not each other's best match is a mismatched pairing (the other
    article's matching statement agrees: "Manning's 364 yards" found, not "Garrard's 329").
    Linear in the pairs."""
    like = {(i, j): likeness(items[i][1], items[j][1]) for i, j in pairs}
    best: dict[tuple[int, int], float] = {}  # (statement, other article) -> best likeness
    agree_best: dict[tuple[int, int], float] = {}  # the same, among statements that agree
    for (i, j), x in like.items():
        same_values = agree(items[i][1], items[j][1])  # symmetric: asked once for both ways
        for u, v in ((i, j), (j, i)):
            key = (u, items[v][0])
            if x > best.get(key, -1.0):
                best[key] = x
            if same_values and x > agree_best.get(key, -1.0):
                agree_best[key] = x
    out = {}
    for (i, j), x in like.items():
        di, dj = items[i][0], items[j][0]
        mutual = x >= best[(i, dj)] and x >= best[(j, di)]
        better = agree_best.get((i, dj), -1.0) >= x or agree_best.get((j, di), -1.0) >= x
        out[(i, j)] = (mutual, better, x)
    return out


def scored_pairs(items: Sequence[tuple[int, Statement]], *, within: bool, restated_far: bool = False) -> list[tuple[int, int, tuple[bool, bool]]]:
    """The pairs the model scores: candidate pairs (see :func:`candidate_pairs`) whose values
    are not too far apart and that are told at least a little alike (MIN_LIKENESS), with their
    alignment (see :func:`alignment`). ``restated_far``: across articles, also the pairs too far
    apart for the model but not for a fact told twice in near-identical sentences
    (MAX_GAP_RESTATED; only :func:`restated_across` may call those the same thing)."""
    if restated_far and not within:
        pairs = [(i, j) for i, j in candidate_pairs(items, within=False)
                 if _gap(items[i][1], items[j][1]) <= MAX_GAP_RESTATED or digit_swap(items[i][1], items[j][1])]
    else:
        pairs = [(i, j) for i, j in candidate_pairs(items, within=within) if not far_apart(items[i][1], items[j][1], within)]
    aligned = alignment(items, pairs)
    floor = 0.0 if within else MIN_LIKENESS
    return [(i, j, (m, b)) for (i, j), (m, b, x) in aligned.items() if x >= floor]


def candidate_pairs(items: Sequence[tuple[int, Statement]], *, within: bool) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of ``items`` ((article, statement) in order) worth scoring: same
    dimension, compatible units, sharing a head noun, a name or a context word, and (within
    one article) in different sentences; across articles, from different articles.

    Each statement goes into a few buckets (its head noun, its name, the other quantities of
    its clause, its context words); in a bucket, statements are sorted by value and each is
    compared with its BUCKET_CAP neighbours (a slip is close in value to what it contradicts).
    Linear in len(items) for a fixed cap."""
    buckets: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, (_, s) in enumerate(items):
        dk = _dim_key(s)
        if s.head:
            buckets[(dk, "h", s.head)].append(i)
        if s.near:
            buckets[(dk, "n", s.near.split()[-1])].append(i)
        for m in s.mods:
            buckets[(dk, "m", m)].append(i)
        for w in s.ctx:
            buckets[(dk, "c", w)].append(i)
        buckets[(dk, "-", "")].append(i)  # the whole dimension, value-sorted: near misses
    seen: set[tuple[int, int]] = set()
    for (_, kind, _), ids in buckets.items():
        if len(ids) < 2:
            continue
        # the whole dimension: only near misses in value (a slip is close to what it contradicts)
        window = DIM_WINDOW if kind == "-" else BUCKET_CAP
        order = sorted(ids, key=lambda k: items[k][1].value) if len(ids) > window else ids
        for x, i in enumerate(order):
            di, si = items[i]
            for j in order[x + 1:x + 1 + window]:
                dj, sj = items[j]
                if within:
                    if di != dj or si.sentence == sj.sentence:
                        continue
                elif di == dj:
                    continue
                key = (i, j) if i < j else (j, i)
                if key in seen or not compatible(si, sj):
                    continue
                seen.add(key)
                yield key
