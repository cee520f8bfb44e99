"""Offline English spelling lexicon: "is this a known word?" and "what did the writer mean?".

Why a shipped word list: the typo rule calls ``known()`` for every lowercase token of every
article, so it must be a set lookup, and loading must be cheap (< 0.2 s). The list
``newslint/data/en_words.txt.gz`` is built once, offline, by ``python -m newslint.spelling
--build`` from two PyPI packages:

* ``pyspellchecker`` (MIT): its curated English frequency dictionary is the core list;
* ``wordfreq`` (code Apache-2.0, data CC BY-SA 4.0): adds frequent words the core list lacks
  (British spellings, modern and technical vocabulary) -- but only words with Zipf frequency
  >= 1.5 that are *not* a rare one-edit variant of a much more frequent core word, because raw
  web frequency lists also contain the common misspellings we want to catch ("untill",
  "beacuse"). Build-time only: not needed at run time.

The data file carries each word's Zipf frequency (for ranking suggestions) and a dialect tag
(``GB``/``US``) for pairs like colour/color found by spelling-variant rules, so ``dialect``
can narrow the accepted set. ``newslint/data/supplement.txt`` adds a few general words.
"""
from __future__ import annotations

import functools
import gzip
import math
import sys
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

__all__ = ["Lexicon", "load_lexicon", "COMBINING_PREFIXES", "DIALECTS"]

DIALECTS = ("both", "en_US", "en_GB")

#: Prefixes written with a hyphen that are not words on their own ("pre-packaged",
#: "co-founder"). The caller, which splits hyphenated compounds, may skip these parts.
COMBINING_PREFIXES = frozenset(
    "anti co counter cross de ex extra hyper inter intra macro mega micro mid mini mis multi "
    "nano neo non over para post pre pro pseudo re semi sub super trans tri ultra un under "
    "vice".split()
)

# Prefixes that glue onto a known word without a hyphen ("multiplanetary", "nanoinfluencers").
# Deliberately excludes short, typo-prone ones ("un", "re", "de", "in").
_GLUED_PREFIXES = (
    "astro", "bio", "cyber", "electro", "eco", "exo", "geo", "hyper", "macro", "mega", "micro",
    "multi", "nano", "neuro", "tele", "ultra",
)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})

_DATA = "en_words.txt.gz"
_SUPPLEMENT = "supplement.txt"


def _data_text(name: str) -> str:
    """Read a package data file (works from a wheel or an editable install)."""
    ref = resources.files("newslint").joinpath("data", name)
    raw = ref.read_bytes()
    return (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")


def _osa(a: str, b: str) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent transpositions)."""
    la, lb = len(a), len(b)
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ai = a[i - 1]
        for j in range(1, lb + 1):
            cost = 0 if ai == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        prev2, prev = prev, cur
    return prev[lb]


def _typo_cost(typo: str, word: str) -> float:
    """Weighted OSA distance from the intended ``word`` to the ``typo`` written.

    Weights follow what typists actually do: swapping two adjacent letters ("teh") and
    doubling or dropping a letter ("untill", "acomplished") are cheaper than substituting an
    arbitrary letter or inserting a stray one.
    """
    la, lb = len(word), len(typo)
    prev2: list[float] = []
    prev = [j * 1.0 for j in range(lb + 1)]
    for i in range(1, la + 1):
        cur = [i * 0.8] + [0.0] * lb
        wi = word[i - 1]
        for j in range(1, lb + 1):
            tj = typo[j - 1]
            sub = 0.0 if wi == tj else 1.0
            # letter of word missing from typo (omission)
            omit = prev[j] + (0.6 if i > 1 and word[i - 2] == wi else 0.8)
            # extra letter in typo (insertion); a doubled letter is a cheap slip
            extra = cur[j - 1] + (0.5 if (j > 1 and typo[j - 2] == tj) else 1.0)
            v = min(omit, extra, prev[j - 1] + sub)
            if i > 1 and j > 1 and wi == typo[j - 2] and word[i - 2] == tj:
                v = min(v, prev2[j - 2] + 0.6)
            cur[j] = v
        prev2, prev = prev, cur
    return prev[lb]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_INDEX_MIN_ZIPF = 3.0


def _edits1(word: str) -> set[str]:
    """All strings one deletion, transposition, substitution or insertion away (Norvig)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    out |= {a + c + b for a, b in splits for c in _LETTERS}
    return out


def _case_like(template: str, word: str) -> str:
    """Give ``word`` the capitalisation pattern of ``template`` (Title, UPPER or lower)."""
    letters = [c for c in template if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if letters and letters[0].isupper():
        return word[:1].upper() + word[1:]
    return word


class Lexicon:
    """A set of accepted lowercase English words with frequencies, for one dialect choice."""

    def __init__(self, words: Iterable[str], dialect: str = "both",
                 freq: dict[str, float] | None = None) -> None:
        if dialect not in DIALECTS:
            raise ValueError(f"dialect must be one of {DIALECTS}, not {dialect!r}")
        self.dialect = dialect
        # A fresh set from _words() is adopted as is: copying ~200k strings costs load time.
        self._words: set[str] = words if type(words) is set else set(words)
        # word -> Zipf frequency, only needed to rank suggestions: parsed on first use.
        self._freq_table = freq
        self._index: dict[str, list[str]] | None = None  # built on first suggest()

    @property
    def _freq(self) -> dict[str, float]:
        if self._freq_table is None:
            self._freq_table = _frequencies()
        return self._freq_table

    # -- membership -------------------------------------------------------------------------
    def add(self, words: Iterable[str]) -> None:
        """Accept extra words (the project's accept list); they are also offered as suggestions."""
        for w in words:
            w = w.strip().translate(_APOSTROPHES)
            if not w:
                continue
            self._words.add(w)
            if self._index is not None:
                self._index_word(w)

    def _has(self, w: str) -> bool:
        if w in self._words:
            return True
        low = w.lower()
        # Title-case or ALL-CAPS input may be a capitalised common word ("Colour", "NASA"-like
        # shouting aside); lowercase input must itself be a known lowercase word.
        if low != w and (w[0].isupper()) and low in self._words:
            return True
        for p in _GLUED_PREFIXES:
            if low.startswith(p) and len(low) - len(p) >= 4:
                rest = low[len(p):]
                if rest in self._words or (rest[0] == "-" and rest[1:] in self._words):
                    return True
        return False

    def known(self, word: str) -> bool:
        """True if ``word`` is an accepted spelling (possessives and contractions included).

        Hyphenated compounds are not split here ("e-mail" is in the list); the caller checks
        the parts of other compounds itself.
        """
        # Fast path: most article tokens are plain known words (a single set lookup).
        if word in self._words:
            return True
        if word[:1].isupper() and word.lower() in self._words:
            return True
        w = word.translate(_APOSTROPHES).strip("'")
        if not w:
            return False
        if self._has(w):
            return True
        # Possessives: "government's", "teachers'" (the trailing ' was stripped above).
        if w.lower().endswith("'s") and len(w) > 2 and self._has(w[:-2]):
            return True
        return False

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.known(word)

    def __len__(self) -> int:
        return len(self._words)

    def frequency(self, word: str) -> float:
        """Zipf frequency of a known word (0.0 if unknown or only from an accept list)."""
        return self._freq.get(word.lower(), 0.0)

    # -- suggestions ------------------------------------------------------------------------
    def _index_word(self, w: str) -> None:
        assert self._index is not None
        self._index.setdefault(w, []).append(w)
        for d in _deletes(w):
            self._index.setdefault(d, []).append(w)

    def _ensure_index(self) -> dict[str, list[str]]:
        """Symmetric-delete index (SymSpell's idea) over common words, built on first use.

        Only words with Zipf frequency >= ``_INDEX_MIN_ZIPF`` (about 28k, ~0.4 s to build) and
        added words are indexed: they are what two-edit typos in news copy are typos *of*.
        Rarer words are still found one edit away by ``_edits1``, which needs no index.
        """
        if self._index is None:
            freq = self._freq
            idx: defaultdict[str, list[str]] = defaultdict(list)
            for w in self._words:
                if "'" in w or not w.islower() or freq.get(w, _INDEX_MIN_ZIPF) < _INDEX_MIN_ZIPF:
                    continue
                idx[w].append(w)
                for d in _deletes(w):
                    idx[d].append(w)
            self._index = dict(idx)
        return self._index

    def suggest(self, word: str, limit: int = 5) -> list[str]:
        """Up to ``limit`` likely intended words, best first, in ``word``'s capitalisation.

        Candidates are words within two edits that share a one-deletion key with the input;
        they are ranked by edit distance first, then by how common the word is.
        """
        w = word.translate(_APOSTROPHES).strip("'")
        low = w.lower()
        if not low or limit <= 0:
            return []
        idx = self._ensure_index()
        cands: set[str] = set()
        keys = {low} | _deletes(low)
        if len(low) > 4:  # two stray letters ("politite"): also try the input's 2-deletes
            keys |= {d2 for d1 in _deletes(low) for d2 in _deletes(d1)}
        for key in keys:
            cands.update(idx.get(key, ()))
        cands.update(e for e in _edits1(low) if e in self._words)
        scored: list[tuple[float, str]] = []
        for c in cands:
            if c == low:
                continue
            d = _osa(low, c)
            if d > 2:
                continue
            f = self._freq.get(c, 0.0)
            # Fewer (and likelier) edits first; frequency breaks near-ties. A same first letter
            # is a mild bonus: writers rarely get the first letter wrong.
            score = _typo_cost(low, c) * 3.0 - f - (0.5 if c[0] == low[0] else 0.0)
            scored.append((score, c))
        scored.sort()
        return [_case_like(word, c) for _, c in scored[:limit]]


# -- loading ------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _body() -> str:
    text = _data_text(_DATA)
    if not text.startswith("#"):
        return text
    last = text.rindex("\n#") + 1 if "\n#" in text else 0
    return text[text.index("\n", last) + 1:]


def _words(dialect: str) -> set[str]:
    """The accepted words for ``dialect``, as fast as Python can build a set.

    The data file has one line per (frequency, dialect tag) bucket: ``<zipf*100>[GB|US]<TAB>
    words...``. Loading splits the whole body once and removes the bucket heads, so the cost is
    a couple of C-level calls (< 0.2 s for ~200k words), not a Python loop per word.
    """
    body = _body()
    heads: list[str] = []
    drop = {"en_US": "GB", "en_GB": "US"}.get(dialect)
    dropped: list[str] = []
    for line in body.splitlines():
        head, _, words = line.partition("\t")
        heads.append(head)
        if drop and head.endswith(drop):
            dropped.extend(words.split())
    words = set(body.split())
    words.difference_update(heads)
    words.difference_update(dropped)
    for line in _data_text(_SUPPLEMENT).splitlines():
        w = line.split("#", 1)[0].strip()
        if w:
            words.add(w)
    return words


@functools.lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """Zipf frequency of every listed word (shared by all dialects; read-only)."""
    freq: dict[str, float] = {}
    for line in _body().splitlines():
        head, _, words = line.partition("\t")
        z = int(head.rstrip("GBUS")) / 100
        freq.update(dict.fromkeys(words.split(), z))
    return freq


@functools.lru_cache(maxsize=None)
def load_lexicon(dialect: str = "both") -> Lexicon:
    """The lexicon for ``dialect`` ("both", "en_US" or "en_GB"), cached per dialect.

    Each call on the same dialect returns the same object, so words added with ``add()`` are
    shared by later callers in the process.
    """
    if dialect not in DIALECTS:
        raise ValueError(f"dialect must be one of {DIALECTS}, not {dialect!r}")
    return Lexicon(_words(dialect), dialect)


# -- build (maintainers only; needs pyspellchecker and wordfreq installed) ------------------
_MIN_ZIPF = 1.5        # wordfreq words rarer than this are not added
_NEAR_MISS_RATIO = 30  # ...nor those 30x rarer than a core word one edit away (a misspelling)
_GB_US_PAIRS = {
    "grey": "gray", "greys": "grays", "aluminium": "aluminum", "programme": "program",
    "programmes": "programs", "tyre": "tire", "tyres": "tires", "plough": "plow",
    "sceptic": "skeptic", "sceptical": "skeptical", "sulphur": "sulfur", "mould": "mold",
    "moult": "molt", "pyjamas": "pajamas", "jewellery": "jewelry", "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers", "storey": "story", "kerb": "curb", "cheque": "check",
    "artefact": "artifact", "artefacts": "artifacts", "paediatric": "pediatric",
    "anaemia": "anemia", "oestrogen": "estrogen", "foetus": "fetus", "draught": "draft",
}


def _us_forms(w: str) -> list[str]:
    """American spellings a British-looking word might correspond to (candidates only)."""
    out: list[str] = []
    if w in _GB_US_PAIRS:
        out.append(_GB_US_PAIRS[w])
    for gb, us in (("our", "or"), ("ours", "ors"), ("oured", "ored"), ("ouring", "oring"),
                   ("ourite", "orite"), ("ourites", "orites"), ("ourable", "orable"),
                   ("ourful", "orful"), ("ourless", "orless"), ("ourer", "orer")):
        if w.endswith(gb) and len(w) - len(gb) >= 3:
            out.append(w[: -len(gb)] + us)
    for gb, us in (("ise", "ize"), ("ised", "ized"), ("ises", "izes"), ("ising", "izing"),
                   ("iser", "izer"), ("isers", "izers"), ("isation", "ization"),
                   ("isations", "izations"), ("yse", "yze"), ("ysed", "yzed"),
                   ("yses", "yzes"), ("ysing", "yzing"), ("tre", "ter"), ("tres", "ters"),
                   ("ogue", "og"), ("ogues", "ogs"), ("ence", "ense"), ("ences", "enses")):
        if w.endswith(gb) and len(w) - len(gb) >= 3:
            out.append(w[: -len(gb)] + us)
    for gb in ("lled", "lling", "ller", "llers"):
        if w.endswith(gb) and len(w) - len(gb) >= 3 and w[-len(gb) - 1] in "aeiou":
            out.append(w[: -len(gb)] + gb[1:])
    return out


def build(out_dir: Path | None = None) -> Path:
    """Regenerate ``data/en_words.txt.gz`` from the installed pyspellchecker and wordfreq."""
    import json
    from importlib.metadata import version

    import spellchecker  # type: ignore[import-untyped]
    import wordfreq  # type: ignore[import-untyped]

    core_path = Path(spellchecker.__file__).parent / "resources" / "en.json.gz"
    core_raw: dict[str, int] = json.loads(gzip.decompress(core_path.read_bytes()))

    def ok(w: str) -> bool:
        return w.replace("'", "").replace("-", "").isalpha() and w.islower() and w.isascii()

    zipf = functools.partial(wordfreq.zipf_frequency, lang="en")
    freq: dict[str, float] = {w: zipf(w) for w in core_raw if ok(w)}
    core = set(freq)
    index: defaultdict[str, list[str]] = defaultdict(list)
    for w in core:
        index[w].append(w)
        for d in _deletes(w):
            index[d].append(w)
    for w in wordfreq.iter_wordlist("en", "large"):
        z = zipf(w)
        if z < _MIN_ZIPF:
            break
        if w in freq or not ok(w) or "'" in w:
            continue
        if w.replace("'", "") != w or (len(w) <= 3 and z < 3.0):
            continue
        near = {n for k in {w} | _deletes(w) for n in index.get(k, ()) if _osa(w, n) <= 1}
        best = max((freq[n] for n in near), default=0.0)
        if best - z >= math.log10(_NEAR_MISS_RATIO) and not (z >= 3.0 and len(w) >= 4):
            continue
        freq[w] = z
    # Apostrophe-less contractions ("dont", "youre") are misspellings, not words -- unless
    # the core list has them as words in their own right ("were", "well", "cant").
    for w in [w for w in freq if "'" in w]:
        bare = w.replace("'", "")
        if bare not in core and (w.endswith(("n't", "'re", "'ve", "'ll", "'m", "'d"))
                                 or w in ("that's", "what's", "there's", "here's", "who's")):
            freq.pop(bare, None)
    tags: dict[str, str] = {}
    for w in freq:
        for us in _us_forms(w):
            if us in freq and us != w and freq[us] >= freq[w] - 0.5:
                tags[w] = "GB"
                tags.setdefault(us, "US")
    out_dir = out_dir or Path(__file__).parent / "data"
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = [
        "# newslint English word list. Each line: Zipf frequency x100, an optional dialect tag",
        "# (GB or US: one side of a colour/color pair), a TAB, then the words, space-separated.",
        f"# Built by `python -m newslint.spelling --build` from pyspellchecker "
        f"{version('pyspellchecker')} (MIT) and wordfreq {version('wordfreq')}",
        "# (code Apache-2.0; word frequencies CC BY-SA 4.0, (c) Robyn Speer / Luminoso, "
        "https://github.com/rspeer/wordfreq). This file is distributed under CC BY-SA 4.0.",
    ]
    buckets: defaultdict[tuple[int, str], list[str]] = defaultdict(list)
    for w in freq:
        buckets[(round(freq[w] * 100), tags.get(w, ""))].append(w)
    for (z, tag), words in sorted(buckets.items(), key=lambda kv: (-kv[0][0], kv[0][1])):
        lines.append(f"{z}{tag}\t{' '.join(sorted(words))}")
    path = out_dir / _DATA
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    return path


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    if sys.argv[1:] == ["--build"]:
        print(build())
    else:
        print("usage: python -m newslint.spelling --build", file=sys.stderr)
        raise SystemExit(2)
