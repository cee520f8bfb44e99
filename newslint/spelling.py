"""Offline English spelling lexicon: "is this a known word?" and "what did the writer mean?".

Why a shipped word list: the typo rule looks up every distinct token of every article, so a
lookup must cost microseconds, and loading must be cheap: the words are searched where they
lie in the file (``_WordStore``) until enough lookups make a set worth building. The list
``newslint/data/en_words.txt`` is built once, offline, by ``python -m newslint.spelling
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

import bisect
import functools
import re
import sys
import threading
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newslint.index import PROSE_LOWER, WORD_LOWS, WORD_TEXTS

if TYPE_CHECKING:
    from newslint.document import Document, Token

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

_DATA = "en_words.txt"  # plain text: gunzip on every start cost ~10 ms (the wheel zips it anyway)
_SUPPLEMENT = "supplement.txt"


def _data_text(name: str) -> str:
    """Read a package data file: beside this module (a wheel or an editable install), else
    through importlib.resources (a zipped package), which costs more to import."""
    path = Path(__file__).resolve().parent / "data" / name
    if path.is_file():
        return path.read_bytes().decode("utf-8")
    from importlib import resources

    return resources.files("newslint").joinpath("data", name).read_bytes().decode("utf-8")


_DENY = "deny_review.txt"


@functools.lru_cache(maxsize=1)
def denied() -> dict[str, tuple[str, ...]]:
    """Misspelling -> its corrections: the ``deny`` rows of ``data/deny_review.txt``, common
    misspellings that are not words although web text uses them ("alot", "tommorow")."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _data_text(_DENY).splitlines():
        if line.startswith("#") or not line.strip():
            continue
        word, verdict, fixes = [*line.split("\t"), "", ""][:3]
        if verdict == "deny":
            out[word] = tuple(f.strip() for f in fixes.split(",") if f.strip())
    return out


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
_VOWELS = "aeiouy"


def _edits1(word: str) -> set[str]:
    """All strings one deletion, transposition, substitution or insertion away (Norvig)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    out |= {a + c + b for a, b in splits for c in _LETTERS}
    return out


def _swaps(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}


def _edits1_inserts(word: str) -> set[str]:
    """A doubled letter or an added vowel (the inserts of ``_edits1`` typists need most)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[0] + b for a, b in splits if b}
    out |= {a + c + b for a, b in splits for c in _VOWELS}
    return out


def _vowel_slips(word: str) -> set[str]:
    """A vowel replaced by another vowel, a doubled letter undoubled or doubled."""
    out = {word[:i] + c + word[i + 1:] for i, ch in enumerate(word) if ch in _VOWELS
           for c in _VOWELS if c != ch}
    out |= {word[:i] + word[i] + word[i:] for i in range(len(word))}
    out |= {word[:i] + word[i + 1:] for i in range(len(word) - 1) if word[i] == word[i + 1]}
    return out


_NEGATING = ("non", "dis", "un", "in", "im", "il", "ir", "a")


def _inflection_bases(w: str) -> list[tuple[str, str]]:
    """(suffix, base) pairs that English spelling rules allow for ``w``."""
    out: list[tuple[str, str]] = []
    if w.endswith("ies") and len(w) > 4 and w[-4] not in _VOWELS:
        out.append(("s", w[:-3] + "y"))
    elif w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh", "o")):
        out.append(("s", w[:-2]))
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and not w[:-1].endswith(("x", "z", "ch", "sh")):
        out.append(("s", w[:-1]))
    for suf in ("ings", "ing"):
        if w.endswith(suf):
            stem = w[: -len(suf)]
            out.append((suf, stem))
            if not stem.endswith(("e", "y")):
                out.append((suf, stem + "e"))
    for suf in ("ers", "er", "ed"):
        if w.endswith(suf):
            stem = w[: -len(suf)]
            if stem.endswith("i") and len(stem) > 2 and stem[-2] not in _VOWELS:
                out.append((suf, stem[:-1] + "y"))
            elif not stem.endswith(("e", "y")) or stem.endswith(("ey", "ay", "oy")):
                out.append((suf, stem))
                out.append((suf, stem + "e"))
    return [(s, b) for s, b in out if not (s != "s" and b.endswith("e") and b + s[1:] != w and b[:-1] + s != w)]


def _negation(w: str) -> str:
    """The negating prefix ``w`` may start with ("un" of "unevidenced"), or ""; compared
    between a word and a suggestion, so "unevidenced" -> "evidenced" (prefix dropped) and
    "legal" -> "illegal" (prefix added) are both refused, while "unecessary" ->
    "unnecessary" keeps its "un"."""
    for p in _NEGATING:
        if w.startswith(p) and len(w) > len(p) + 2:
            return p
    return ""


def _variant_forms(w: str) -> list[str]:
    """American forms of a British-looking word, for accepting it at run time: the build's
    rules less "-ence" -> "-ense" (only a few pairs: "dispence" is a slip, not British), plus
    the British doubled consonant of a word of two syllables or more ("targetting",
    "benefitted", "focussed"; not "comming", whose stem has one)."""
    if w.endswith(("ence", "ences")):
        return []
    out = _us_forms(w)
    for suf in ("ing", "ed", "er", "ers"):
        if w.endswith(suf) and len(w) > len(suf) + 4:
            stem = w[: -len(suf)]
            if stem[-1] == stem[-2] and stem[-1] in "tslp" and len(_VOWEL_GROUPS.findall(stem[:-1])) >= 2:
                out.append(stem[:-1] + suf)
    return out


_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def _looks_british(w: str) -> bool:
    return any(g in w for g in ("is", "ys", "our", "tre", "ae", "oe", "ll", "ogue"))


def _us_forms_of_known(lex: Lexicon, c: str) -> set[str]:
    """{c} when ``c`` is an American form of a known British word ("realize" of "realise")."""
    for gb, us in (("is", "iz"), ("ys", "yz"), ("our", "or"), ("tre", "ter")):
        k = c.rfind(us)
        if k >= 0 and c[:k] + gb + c[k + len(us):] in lex._words:
            return {c}
    return set()


def _case_like(template: str, word: str) -> str:
    """Give ``word`` the capitalisation pattern of ``template`` (Title, UPPER or lower)."""
    letters = [c for c in template if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if letters and letters[0].isupper():
        return word[:1].upper() + word[1:]
    return word


_MEMO_MAX = 4096
#: Longer tokens are not words to spell-check (a run of letters from a broken page, a hash):
#: the rule skips them, which also bounds its per-token work.
_MAX_WORD = 45

_CONTRACTION = re.compile(r"([a-z]+)('ve|'ll|'d|'re|'m|n't)")
# Prefixes that make new words from known ones ("reholstered", "unevidenced", "demerge"),
# longest first. Not "in"/"im"/"il"/"ir"/"a": too close to common slips ("infact", "alot").
_DERIVE_PREFIXES = tuple(sorted(
    "re un co de pre non dis mis over under out sub inter anti counter semi post multi super mid "
    "trans cross fore hyper mega micro mini ultra bio eco geo tele auto neo pro extra intra infra "
    "up down off".split(), key=len, reverse=True))
_SUFFIXES = frozenset("able ible ness less ment ments ship ships hood ward wards wise some ally ings ance ence".split())
_BOUND_PREFIXES = frozenset("con com col cor per pre pro dis mis sub sup sur ter uni tri bis".split())
_DOUBLING = frozenset("bdfgklmnprtvz")
# Words that make a run-together pair a slip, not a compound ("alot", "infront", "eachother").
_FUNCTION_WORDS = frozenset(
    "a an the and or but nor so yet for of in on at to by up as is it its be are was were am "
    "this that these those there their they them then than thus though although each every "
    "other another any some all both either neither no not none one ones own such what which "
    "who whom whose when where why how with within without from into onto upon about above "
    "after again against along among around before behind below beneath beside between beyond "
    "during except inside near off out outside over past since through throughout till toward "
    "towards under underneath until unto via while whilst he she we you i me him her us my our "
    "your his hers ours yours mine do does did done have has had having can could may might "
    "must shall should will would ever even more most much many very too also just only".split())


class Lexicon:
    """A set of accepted lowercase English words with frequencies, for one dialect choice.

    Frequencies come for free from the data file: its words are stored sorted, with a parallel
    string of one character per word giving the word's Zipf frequency, so ``frequency()`` is
    the word's position in the sorted words -- no table to build, and the first ``suggest()``
    in a process costs what every other one costs (a few milliseconds).
    """

    def __init__(self, words: Iterable[str] | _WordStore, dialect: str = "both",
                 freq: dict[str, float] | None = None) -> None:
        if dialect not in DIALECTS:
            raise ValueError(f"dialect must be one of {DIALECTS}, not {dialect!r}")
        self.dialect = dialect
        # The data file's words start as a _WordStore, searched in place; they become a set
        # (and a sorted list for frequencies) once the store has answered enough lookups
        # for the set to pay for itself -- a one-article run never builds it.
        self._store: _WordStore | None
        self._set: set[str] | None
        if isinstance(words, _WordStore):
            self._store, self._set = words, None
        else:
            self._store, self._set = None, set(words)
        self._index_lock = threading.Lock()
        self._freq_table = freq  # explicit word -> Zipf table (tests, custom lexicons)
        # (sorted word list, one chr(_Z0 + round(zipf * 20)) per word) once the set is built
        self._ranked: tuple[list[str], str] | None = None
        # word -> suggestions (and the spelling rule's per-word results): an editor checks
        # the same article again on every change. Emptied by add() and when it grows large.
        # ("suggest", word, limit) -> ranked suggestions; ("derived", word), ("slip", word, start) -> bool
        self._memo: dict[tuple[Any, ...], Any] = {}

    # -- membership -------------------------------------------------------------------------
    @property
    def _words(self) -> set[str] | _WordStore:
        """The accepted words: a set, or the store while it has answered few lookups. Both
        answer ``in``, ``texts - words`` and ``candidates & words``."""
        words = self._set
        if words is not None:
            return words
        store = self._store
        assert store is not None
        if store.lookups < _INDEX_AFTER:
            return store
        return self._build_set()

    def _build_set(self) -> set[str]:
        """Swap the store for a set of its words (~30 ms for ~200k words), once."""
        with self._index_lock:
            if self._set is None:
                store = self._store
                assert store is not None
                lst = store.block.split()
                words = set(lst)
                words.difference_update(store.drop)
                words.update(store.extra)
                self._ranked = (lst, store.zipf)
                self._set = words
        return self._set

    def add(self, words: Iterable[str]) -> None:
        """Accept extra words (the project's accept list); they are also offered as suggestions."""
        for given in words:
            w = given.strip().translate(_APOSTROPHES)
            if w:
                self._words.add(w)
        self._memo.clear()

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
        return w.lower().endswith("'s") and len(w) > 2 and self._has(w[:-2])

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.known(word)

    def __len__(self) -> int:
        return len(self._words)

    def frequency(self, word: str) -> float:
        """Zipf frequency of a known word (0.0 if unknown or only from an accept list)."""
        low = word.lower()
        if self._freq_table is not None:
            return self._freq_table.get(low, 0.0)
        words = self._words
        if low not in words:
            return 0.0  # unknown in this dialect (the data file serves all three)
        if self._ranked is None:
            if self._store is None:
                return 0.0
            i = self._store.index(low)
            return (ord(self._store.zipf[i]) - _Z0) / 20 if i >= 0 else 0.0
        lst, zipf = self._ranked
        i = bisect.bisect_left(lst, low)
        if i < len(lst) and lst[i] == low:
            return (ord(zipf[i]) - _Z0) / 20
        return 0.0

    # -- suggestions ------------------------------------------------------------------------
    def _candidates(self, low: str) -> dict[str, int]:
        """Known words one edit from ``low`` (value 1) and, when none of those is common,
        likely two-edit ones (value 2). Pure set algebra against the word set -- no index to
        build, so a cold first call costs what every call costs (~1 ms; ~5 ms with two edits).

        Two edits: any edit after deleting a letter of the input (it had a stray letter), two
        transpositions or a transposition and a deletion, or two vowel slips ("definately").
        """
        words = self._words
        out = dict.fromkeys(_edits1(low) & words, 1)
        if len(low) > 12 or any(self.frequency(w) >= 3.0 for w in out):
            return out
        splits = [(low[:i], low[i:]) for i in range(len(low) + 1)]
        dels = {a + b[1:] for a, b in splits if b}
        swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        far: set[str] = set()
        for s in dels:
            far |= _edits1(s) & words
        for s in swaps:
            far |= (_deletes(s) | _swaps(s) | _edits1_inserts(s)) & words
        for s in _vowel_slips(low):
            far |= _vowel_slips(s) & words
        far.discard(low)
        for w in far:
            out.setdefault(w, 2)
        return out

    def suggest_ranked(self, word: str, limit: int = 5) -> list[tuple[str, int, float]]:
        """Like :meth:`suggest`, with each suggestion's edit distance and Zipf frequency."""
        key = ("suggest", word, limit)
        memo = self._memo
        got = memo.get(key)
        if got is None:
            got = self._suggest_ranked(word, limit)
            if len(memo) >= _MEMO_MAX:
                memo.clear()
            memo[key] = got
        return list(got)

    def _suggest_ranked(self, word: str, limit: int) -> list[tuple[str, int, float]]:
        w = word.translate(_APOSTROPHES).strip("'")
        low = w.lower()
        if not low or limit <= 0:
            return []
        scored: list[tuple[float, str, int, float]] = []
        # a reviewed common misspelling: its corrections first ("alot" -> "a lot")
        for k, c in enumerate(denied().get(low, ())):
            scored.append((-100.0 + k, c, 1, self.frequency(c)))
        negation = _negation(low)
        british = self.dialect != "en_US" and _looks_british(low)
        for c in self._candidates(low):
            d = _osa(low, c)
            if d > 2 or d == 0:
                continue
            if _negation(c) != negation:
                continue  # never add or remove a negating prefix: "unevidenced" is not "evidenced"
            if british and c in _us_forms_of_known(self, c):
                continue  # a British form is never "corrected" to an American one
            f = self.frequency(c)
            # Fewer (and likelier) edits first; frequency breaks near-ties. A same first letter
            # is a mild bonus: writers rarely get the first letter wrong.
            score = _typo_cost(low, c) * 3.0 - f - (0.5 if c[0] == low[0] else 0.0)
            scored.append((score, c, d, f))
        scored.sort()
        out: list[tuple[str, int, float]] = []
        seen: set[str] = set()
        for _, c, d, f in scored:
            if c not in seen:
                seen.add(c)
                out.append((c, d, f))
                if len(out) == limit:
                    break
        return [(_case_like(word, c), d, f) for c, d, f in out]

    # -- regular formations --------------------------------------------------------------------
    def derived(self, word: str) -> bool:
        """Is ``word`` (lowercase, unknown to the list) a regular formation from known words?

        A word list never holds every formation a newsroom writes; these rules accept them
        instead of listing them (each a known word or two, put together the regular way):

        * a contraction of a known word ("could've");
        * a British spelling whose American form is known ("epicentres"), unless the dialect
          is ``en_US``;
        * an inflection of a known word ("murrelets", "helming", "partier"): no doubled final
          consonant a known form would need ("begining" is not "begin" + "ing");
        * a prefix glued to a known word ("reholstered", "unevidenced", "demerge");
        * two content words run together ("mudbrick", "carmaking", "chipmakers").

        Never for a word on the reviewed deny-list ("alot", "noone"), nor for one a typist's
        slip (a swapped, doubled or dropped doubled letter) away from a common word
        ("untill" is "until" with a doubled letter, not "un" + "till").
        """
        key = ("derived", word)
        memo = self._memo
        got = memo.get(key)
        if got is None:
            w = word.translate(_APOSTROPHES).lower()
            # a spelling of the other dialect is not a formation ("de" + "fence" is "defence")
            other = self._store.drop if self._store is not None else ()
            got = (w not in denied() and w not in other and len(w) <= _MAX_WORD
                   and (self._variant(w) or (self._formation(w) and not self._slip_of_common(w))))
            if len(memo) >= _MEMO_MAX:
                memo.clear()
            memo[key] = got
        return bool(got)

    def _formation(self, w: str) -> bool:
        m = _CONTRACTION.fullmatch(w)
        if m:
            return self._base_known(m.group(1))
        if self._inflection(w):
            return True
        for p in _DERIVE_PREFIXES:
            if w.startswith(p) and len(w) - len(p) >= 4:
                rest = w[len(p):].lstrip("-")
                if self._stem_known(rest, 2.0) or (self.dialect != "en_US" and any(
                        self._stem_known(us, 2.0) for us in _variant_forms(rest))):
                    return True
        return self._compound(w)

    def _variant(self, w: str) -> bool:
        """A British spelling whose American form is known (a variant is one slip from its
        American form by design, so no slip test applies)."""
        return self.dialect != "en_US" and any(self._base_known(us) for us in _variant_forms(w))

    def _base_known(self, w: str) -> bool:
        return w not in denied() and w in self._words

    def _stem_known(self, w: str, min_zipf: float) -> bool:
        """``w`` is known (or a regular inflection of a known word) and at least this common."""
        if w in denied():
            return False
        if w in self._words:
            return self.frequency(w) >= min_zipf
        return self._inflection(w, 3.0)

    def _inflection(self, w: str, min_zipf: float = 2.5) -> bool:
        """A regular plural, -ing, -ed, -er or -ers form of a known word of some currency,
        spelled by the rules: "-es" after a sibilant or "o", a final "e" dropped before
        "-ing"/"-ed"/"-er", "y" to "i" after a consonant, no doubled final consonant a known
        form would need ("begining" is not "begin" + "ing")."""
        for suf, base in _inflection_bases(w):
            if len(base) < 3 or base in denied() or base not in self._words:
                continue
            need = 1.0 if suf == "s" else (3.5 if suf in ("er", "ers") else 3.0)
            if self.frequency(base) < max(need, min_zipf if suf != "s" or min_zipf >= 3.0 else 0.0):
                continue
            last = base[-1]
            if (suf in ("ing", "ings", "ed", "er", "ers") and len(base) >= 3 and last in _DOUBLING
                    and base[-2] in _VOWELS and base[-3] not in _VOWELS
                    and base + last + suf in self._words):
                continue
            return True
        return False

    def _compound(self, w: str) -> bool:
        """Two content words run together: a left part of 3+ letters (a 3-letter one common),
        a right part of 4+ letters (or a regular inflection of one), neither a function word."""
        if len(w) < 7:
            return False
        for i in range(3, len(w) - 3):
            left, right = w[:i], w[i:]
            if left in _FUNCTION_WORDS or right in _FUNCTION_WORDS or left in denied() or right in _SUFFIXES:
                continue
            if i == 3 and left in _BOUND_PREFIXES:
                continue  # "con" + "toll": a Latin prefix, so a misspelled "con..." word
            if left not in self._words or self.frequency(left) < (4.0 if i == 3 else 3.5):
                continue
            if right in self._words and right not in denied():
                if self.frequency(right) >= 3.5:
                    return True
            elif self._inflection(right, 3.5):
                return True
        return False

    def _slip_of_common(self, w: str) -> bool:
        """A common word (Zipf >= 3) one slip away: two letters swapped, a letter dropped or
        added, or one vowel written for another ("seperate") -- then ``w`` is that word
        misspelled ("backround", "cofigure"), not a formation."""
        words = self._words
        # not at the first letter: writers rarely get it wrong ("demerge" is not "emerge");
        # nor the last letter dropped: that is the formation's own ending ("mitigations")
        cands = _swaps(w) | {w[:i] + w[i + 1:] for i in range(1, len(w) - 1)}
        cands |= {w[:i] + c + w[i:] for i in range(1, len(w) + 1) for c in _LETTERS}
        cands |= {w[:i] + c + w[i + 1:] for i, ch in enumerate(w) if ch in _VOWELS
                  for c in _VOWELS if c != ch}
        cands.discard(w)
        return any(c in words and self.frequency(c) >= 2.5 for c in cands)

    def suggest(self, word: str, limit: int = 5) -> list[str]:
        """Up to ``limit`` likely intended words, best first, in ``word``'s capitalisation.

        Candidates are known words within two edits (see ``_candidates``), ranked by a
        typist's edit cost first, then by how common the word is.
        """
        return [c for c, _, _ in self.suggest_ranked(word, limit)]


# -- loading ------------------------------------------------------------------------------
_Z0 = 48  # chr(_Z0 + round(zipf * 20)) encodes a word's frequency in the data file
_WORDS_MARK = "\n@WORDS\n"


#: Lookups a _WordStore answers before its Lexicon builds a set: the store costs ~2 us a
#: lookup, the set ~30 ms to build, so past this many the set is cheaper.
_INDEX_AFTER = 20_000


class _WordStore:
    """The data file's sorted word block, searched where it lies.

    ``block`` is ``"\\nword\\nword\\n...\\n"``; ``buckets`` maps a word's first three (or
    two) letters to (start, end, index of its first word) in it, from the file's ``@INDEX``
    line. A lookup is one ``str.find`` of ``"\\nword\\n"`` in a bucket of a few kilobytes (C
    speed), so a process that checks one article does not build a set of ~200k strings first.
    ``drop``: words of the other dialect; ``extra``: the supplement and words added at run time.
    """

    def __init__(self, block: str, buckets: dict[str, tuple[int, int, int]], zipf: str,
                 drop: frozenset[str], extra: set[str]) -> None:
        self.block, self.buckets, self.zipf = block, buckets, zipf
        self.drop, self.extra = drop, extra
        self.lookups = 0

    def _find(self, w: str) -> tuple[int, tuple[int, int, int] | None]:
        """(offset of ``"\\nw\\n"`` in the block or -1, its bucket)."""
        b = self.buckets.get(w[:3]) or self.buckets.get(w[:2])
        if b is None or "\n" in w:
            return -1, None
        return self.block.find("\n" + w + "\n", b[0], b[1]), b

    def index(self, w: str) -> int:
        """``w``'s position in the sorted list (its frequency's index), -1 when absent."""
        pos, b = self._find(w)
        return -1 if pos < 0 or b is None else b[2] + self.block.count("\n", b[0], pos)

    def __contains__(self, w: object) -> bool:
        self.lookups += 1
        if not isinstance(w, str) or not w:
            return False
        return w in self.extra or (self._find(w)[0] >= 0 and w not in self.drop)

    def __rsub__(self, other: set[str]) -> set[str]:  # texts - words
        return {w for w in other if w not in self}

    def __rand__(self, other: set[str]) -> set[str]:  # candidates & words
        return {w for w in other if w in self}

    __and__ = __rand__

    def __len__(self) -> int:
        return len(self.zipf) - len(self.drop) + sum(1 for w in self.extra if self.index(w) < 0 or w in self.drop)

    def add(self, w: str) -> None:
        self.extra.add(w)


_BUCKET_SPLIT = 8000  # a two-letter bucket larger than this (characters) is split by three


def _bucket_index(words: list[str]) -> str:
    """The ``@INDEX`` line's value for sorted ``words``: ``key:start:first`` per bucket, where
    ``start`` is the offset of the newline before the bucket's first word in the word block.
    A bucket holds the words sharing their first two letters, or three where two-letter
    buckets would be large ("co", "re", "in"), so every lookup searches a few kilobytes."""
    size: dict[str, int] = defaultdict(int)
    for w in words:
        size[w[:2]] += len(w) + 1
    split = {k for k, n in size.items() if n > _BUCKET_SPLIT}
    out: list[str] = []
    offset, key = 0, None
    for i, w in enumerate(words):
        k = w[:3] if w[:2] in split else w[:2]
        if k != key:
            key = k
            out.append(f"{key}:{offset}:{i}")
        offset += len(w) + 1
    return " ".join(out)


@functools.cache
def _parsed() -> tuple[str, dict[str, tuple[int, int, int]], str, dict[str, list[str]]]:
    """(word block, buckets, frequency string, dialect tag -> words) from the data file.

    Layout after the ``#`` header: ``@GB<TAB>words``, ``@US<TAB>words`` (one side of each
    colour/color pair), ``@ZIPF<TAB>`` one character per word, ``@INDEX<TAB>`` the buckets
    (see ``_bucket_index``), then ``@WORDS`` and the words, sorted, one a line. Loading
    splits nothing but the short header lines.
    """
    text = _data_text(_DATA)
    cut = text.index(_WORDS_MARK)
    tags: dict[str, list[str]] = {}
    zipf, index = "", ""
    for line in text[:cut].split("\n"):  # not splitlines(): @ZIPF holds \x85
        if line.startswith("@"):
            head, _, rest = line.partition("\t")
            if head == "@ZIPF":
                zipf = rest
            elif head == "@INDEX":
                index = rest
            else:
                tags[head[1:]] = rest.split()
    block = text[cut + len(_WORDS_MARK) - 1:]  # from the newline before the first word
    if not index:  # a file written before @INDEX existed
        index = _bucket_index(block.split())
    starts = [(key, int(start), int(first)) for key, start, first in (e.split(":") for e in index.split())]
    buckets = {key: (start, starts[k + 1][1] + 1 if k + 1 < len(starts) else len(block), first)
               for k, (key, start, first) in enumerate(starts)}
    if not block.endswith("\n") or block.count("\n") - 1 != len(zipf):
        raise RuntimeError(f"corrupt {_DATA}: {block.count(chr(10)) - 1} words, {len(zipf)} frequencies")
    return block, buckets, zipf, tags


def _store(dialect: str) -> _WordStore:
    """The accepted words for ``dialect``, searched in place (see _WordStore)."""
    block, buckets, zipf, tags = _parsed()
    drop = {"en_US": "GB", "en_GB": "US"}.get(dialect)
    extra: set[str] = set()
    for line in _data_text(_SUPPLEMENT).splitlines():
        w = line.split("#", 1)[0].strip()
        if w:
            extra.add(w)
    return _WordStore(block, buckets, zipf, frozenset(tags.get(drop, ())) if drop else frozenset(), extra)


@functools.cache
def load_lexicon(dialect: str = "both") -> Lexicon:
    """The lexicon for ``dialect`` ("both", "en_US" or "en_GB"), cached per dialect.

    Each call on the same dialect returns the same object, so words added with ``add()`` are
    shared by later callers in the process.
    """
    if dialect not in DIALECTS:
        raise ValueError(f"dialect must be one of {DIALECTS}, not {dialect!r}")
    return Lexicon(_store(dialect), dialect)


def _write_data(freq: dict[str, float], tags: dict[str, str], header: list[str],
                out_dir: Path) -> Path:
    """Write the data file (see ``_parsed`` for the layout)."""
    words = sorted(freq)
    lines = [*header]
    lines.extend(f"@{tag}\t" + " ".join(w for w in words if tags.get(w) == tag) for tag in ("GB", "US"))
    lines.append("@ZIPF\t" + "".join(chr(_Z0 + max(0, round(freq[w] * 20))) for w in words))
    lines.append("@INDEX\t" + _bucket_index(words))
    lines.append("@WORDS")
    lines.extend(words)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / _DATA
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


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
    out.extend(w[: -len(gb)] + gb[1:] for gb in ("lled", "lling", "ller", "llers")
               if w.endswith(gb) and len(w) - len(gb) >= 3 and w[-len(gb) - 1] in "aeiou")
    return out


def build(out_dir: Path | None = None) -> Path:
    """Regenerate ``data/en_words.txt`` from the installed pyspellchecker and wordfreq."""
    import gzip
    import json
    import math
    from importlib.metadata import version

    import spellchecker
    import wordfreq

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
    # The reviewed deny-list: common misspellings web text uses often enough to pass the
    # filters above ("alot", "tommorow") come out; so do those a regular formation would accept.
    review = _deny_review()
    for w, verdict in review.items():
        if verdict == "deny":
            freq.pop(w, None)
    unreviewed = _unreviewed(freq, review)
    if unreviewed:
        raise RuntimeError(f"{_DENY}: {len(unreviewed)} codespell entries newslint would accept are not reviewed: "
                           + ", ".join(sorted(unreviewed)[:50]))
    tags: dict[str, str] = {}
    for w, w_zipf in freq.items():
        for us in _us_forms(w):
            if us in freq and us != w and freq[us] >= w_zipf - 0.5:
                tags[w] = "GB"
                tags.setdefault(us, "US")
    header = [
        "# newslint English word list: the words sorted, one a line, after @WORDS; @ZIPF holds",
        "# one character per word, chr(48 + round(Zipf frequency x 20)); @GB/@US list one side of",
        "# each colour/color pair (for the dialect setting).",
        f"# Built by `python -m newslint.spelling --build` from pyspellchecker "
        f"{version('pyspellchecker')} (MIT) and wordfreq {version('wordfreq')}, less the deny rows of {_DENY}",
        f"# (reviewed from codespell {version('codespell')}'s dictionary, CC BY-SA 3.0)",
        "# (code Apache-2.0; word frequencies CC BY-SA 4.0, (c) Robyn Speer / Luminoso, "
        "https://github.com/rspeer/wordfreq). This file is distributed under CC BY-SA 4.0.",
    ]
    return _write_data(freq, tags, header, out_dir or Path(__file__).parent / "data")


def _deny_review() -> dict[str, str]:
    """word -> verdict ("deny", "keep-name", "keep-word") from data/deny_review.txt."""
    out: dict[str, str] = {}
    for line in _data_text(_DENY).splitlines():
        if line.strip() and not line.startswith("#"):
            parts = line.split("\t")
            out[parts[0]] = parts[1] if len(parts) > 1 else ""
    return out


def _unreviewed(freq: dict[str, float], review: dict[str, str]) -> set[str]:
    """codespell's misspellings that the new list, or a formation from it, would accept and
    that data/deny_review.txt does not judge (needs codespell installed)."""
    import codespell_lib

    path = Path(codespell_lib.__file__).parent / "data" / "dictionary.txt"
    lex = Lexicon(freq, "both", freq=freq)
    out: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        mis = line.partition("->")[0]
        if mis in review or not mis.replace("'", "").isalpha() or not mis.islower():
            continue
        if mis in freq or lex.derived(mis):
            out.add(mis)
    return out


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    if sys.argv[1:] == ["--build"]:
        print(build())
    else:
        print("usage: python -m newslint.spelling --build", file=sys.stderr)
        raise SystemExit(2)


# ---- the words of a document, without Token objects ---------------------------------------------
_WORD_CHAR = re.compile(r"[^\W_]")


def word_texts(doc: Document) -> list[str]:
    """The texts of the document's tokens, in order (the shared view ``WORD_TEXTS``)."""
    return doc.index[WORD_TEXTS]


def word_lows(doc: Document) -> list[str]:
    """``word_texts(doc)`` lowercased (the shared view ``WORD_LOWS``)."""
    return doc.index[WORD_LOWS]


_SCANS_BEFORE_TABLE = 16  # words looked up by a scan of the texts before one table of all of them


class TokenView:
    """``doc.tokens[i]`` for the few indices a rule asks for, without building every Token:
    token ``i`` is occurrence k of ``texts[i]`` (k = its count before ``i``), found by a
    literal search with the tokenizer's boundaries. A neighbour of a token already found is
    found next to it (one regex search after it, or one ``rfind`` before it). Any
    disagreement in counts falls back to ``doc.tokens``."""

    def __init__(self, doc: Document, texts: list[str]) -> None:
        self.doc, self.texts = doc, texts
        self._occ: dict[str, tuple[list[int], list[Token]]] = {}  # text -> (its indices, its tokens)
        self._at: dict[int, Token] = {}
        self._pos: dict[str, list[int]] = {}
        self._scans, self._table = 0, False
        self._full = doc.tokens_if_built

    def __len__(self) -> int:
        return len(self.texts)

    def positions(self, w: str) -> list[int]:
        """The indices of the tokens whose text is ``w``, ascending (list.index scans at C
        speed; kept for the next caller)."""
        where = self._pos.get(w)
        if where is None:
            if self._scans >= _SCANS_BEFORE_TABLE:
                # many words asked for (a long text): one pass for all of them, or the
                # scans grow with the square of the text
                if not self._table:
                    table: dict[str, list[int]] = {}
                    for j, t in enumerate(self.texts):
                        table.setdefault(t, []).append(j)
                    self._pos, self._table = table, True
                return self._pos.setdefault(w, [])
            self._scans += 1
            where = self._pos[w] = []
            texts, j = self.texts, -1
            try:
                while True:
                    j = texts.index(w, j + 1)
                    where.append(j)
            except ValueError:
                pass
        return where

    def __getitem__(self, i: int) -> Token:
        if self._full is not None:
            return self._full[i]
        texts = self.texts
        if i < 0:
            i += len(texts)
        at = self._at
        tok = at.get(i)
        if tok is not None:
            return tok
        if not 0 <= i < len(texts):
            raise IndexError(i)
        from newslint.document import WORD as _WORD
        from newslint.document import Token

        w = texts[i]
        prose = self.doc.prose
        prev = at.get(i - 1)
        if prev is not None:
            # the next findall match after token i-1 is the next search match from its end
            m = _WORD.search(prose, prev.end)
            if m is not None and m.group() == w:
                tok = at[i] = Token(m.start(), m.end(), w)
                return tok
        nxt = at.get(i + 1)
        if nxt is not None:
            # the last occurrence before token i+1 with no word character in between
            c = prose.rfind(w, 0, nxt.start)
            if c >= 0 and _WORD_CHAR.search(prose, c + len(w), nxt.start) is None:
                tok = at[i] = Token(c, c + len(w), w)
                return tok
        occ = self._occ.get(w)
        if occ is None:
            where = self.positions(w)
            toks: list[Token] = []
            p, n, k, find, joiners = prose, len(prose), len(w), prose.find, "'’-"
            s = find(w)
            while s >= 0:
                e = s + k
                # a whole token: no word character, and no joiner after one, on either side
                if ((s == 0 or not (p[s - 1].isalnum() or (p[s - 1] in joiners and s >= 2 and p[s - 2].isalnum())))
                        and (e == n or not (p[e].isalnum() or (p[e] in joiners and e + 1 < n and p[e + 1].isalnum())))):
                    toks.append(Token(s, e, w))
                s = find(w, s + 1)
            if len(toks) != len(where):
                self._full = self.doc.tokens
                return self._full[i]
            occ = self._occ[w] = (where, toks)
        where, found = occ
        tok = at[i] = found[bisect.bisect_left(where, i)]
        return tok


def token_starts(doc: Document, w: str, lows: list[str]) -> list[int] | None:
    """Start offsets of the tokens of ``doc`` whose lowercase is ``w`` (ascending), found by
    a literal search of the lowercased prose; None when that cannot be trusted (the count
    disagrees with ``lows``, or lowercasing changed the length)."""
    p = doc.prose
    low = doc.index[PROSE_LOWER]
    if len(low) != len(p):
        return None
    out: list[int] = []
    n, k, find, joiners = len(p), len(w), low.find, "'’-"
    s = find(w)
    while s >= 0:
        e = s + k
        if ((s == 0 or not (p[s - 1].isalnum() or (p[s - 1] in joiners and s >= 2 and p[s - 2].isalnum())))
                and (e == n or not (p[e].isalnum() or (p[e] in joiners and e + 1 < n and p[e + 1].isalnum())))):
            out.append(s)
        s = find(w, s + 1)
    return out if len(out) == lows.count(w) else None
