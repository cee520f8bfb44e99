"""Spelling (NL201): unknown words, checked offline against ``newslint.spelling``'s lexicon.

The rule is built for news copy, where every other capitalised word is a name nobody's
dictionary has. What it flags:

* lowercase words the lexicon does not know (the main target: "politite");
* parts of hyphenated compounds ("well-knwon"), combining prefixes ("co-", "pre-") aside;
* a capitalised word only when it is unknown, written once in the article (names recur), not
  next to another unknown capitalised word (a full name), at least five letters long, and one
  typist's slip from a *common* word: a swapped, doubled or dropped letter ("Goverment",
  "Assoicated Press"; any dropped letter at a sentence start, any one edit from eight letters)
  -- so "Anker", "Cheuk" or "Cristian Garin" stay quiet;
* words on the project's reject list, known or not.

What it leaves alone, without anyone listing it: capitalised words elsewhere (names), ALL-CAPS
and mixedCase tokens (acronyms, brands), tokens with digits, URLs, e-mail addresses, @handles
and #hashtags, domain names, code and front matter (blanked in ``Document.prose``), non-Latin
scripts and accented foreign words, single letters, a short unit after a number ("176 hp",
"500 ml"), the species of a Latin binomial ("Tritrichomonas muris"), short lowercase name
particles between names ("Jakob von Moltke"), a word marked "[sic]", and a word the article
itself writes capitalised mid-sentence at least twice (a name written in lowercase once).

Vocabularies: the accept lists (``accept`` files, the project's ``.newslint/accept.txt``, the
editor's ``accept_words``, and ``[vocabulary] accept`` tables of rule packs) -- one word or
pattern a line, a line with regex metacharacters being a pattern matched fully and
case-insensitively -- and the reject lists (``reject`` files and packs' ``[vocabulary] reject``).
"""
from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Container, Iterable
from pathlib import Path

import regex

from newslint.config import Config, ConfigError, read_word_list
from newslint.document import Document, Token
from newslint.finding import Edit, Fix, Hit
from newslint.index import WORD_TEXTS
from newslint.packs import REGEX_TIMEOUT, builtin_packs_dir, read_toml
from newslint.rules.base import Rule, RuleContext
from newslint.rules.entities import entity_spans
from newslint.spelling import (
    _MAX_WORD,
    _MEMO_MAX,
    COMBINING_PREFIXES,
    Lexicon,
    TokenView,
    _edits1,
    _osa,
    _typo_cost,
    load_lexicon,
    word_texts,
)

__all__ = ["Spelling", "Vocabulary", "vocabulary_for", "append_accepted_word", "RULES"]

_META = frozenset(".^$*+?{}[]\\|()")
_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
# Suffix-like parts of hyphenated coinages ("veggie-fy", "Kafka-esque", "bird-like").
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_COMBINING_SUFFIXES = frozenset(
    "fy ify esque ish like style wise type ism ist ite ology ese thon athon fest gate ville verse mania "
    "phobe phile holic aholic oholic tastic".split())
# A letter written four times or more: expressive ("drrrrums", "whuuuuhhh"), not a misspelling
# (three times is a slip: "threee").
_ELONGATED = regex.compile(r"(\p{L})\1\1\1")
_SPACED_HINT = regex.compile(r"(?i:\s?\.\s?(?:com|org|net|gov|edu|ly|exe|dll|html?)\b)")
# A web address or file name broken by spaces: "www. example. com", "bit. ly / x", "setup. exe".
_SPACED_ADDRESS = regex.compile(
    r"(?i:(?:https?\s*:\s*/\s*/\s*)?(?:[a-z0-9\-]+\s?\.\s?){1,4}"
    r"(?:com|org|net|gov|edu|info|biz|co|uk|us|de|fr|ly|io|tv|me|exe|dll|html?|php|aspx?|pdf|jpe?g|png)\b"
    r"(?:\s?/\s?[\w.\-]+)*)")
# A Latin species epithet's endings (the second word of "Homo sapiens", "Tritrichomonas muris").
_LATIN_END = regex.compile(r"(?:us|um|a|ae|i|ii|is|es|ens|ensis|oides|orum|arum|ica|ata|atus|ium|ei)$")
_NUMBER_BEFORE = regex.compile(r"\d[\d.,/½¼¾]*[ \u00a0\u202f]?$")
_AMOUNT_BEFORE = regex.compile(r"\d[\d.,]*(?:[ \u00a0](?:thousand|million|billion|trillion|m|bn|k))?[ \u00a0]$")
_SIC_AFTER = regex.compile(r"[\"'”’]?\s*[\[(]\s*sic\.?\s*[\])]", regex.I)
_DIGIT = regex.compile(r"\d")
_DIRECTIVE = regex.compile(r"\[newslint-[a-z-]+[^\]\n]*\]|newslint-(?:disable|enable)[\w-]*")
_NON_LATIN = regex.compile(r"[^\p{Latin}\p{M}'’\-]")
# French and Italian elided articles and pronouns before a vowel or h: "d'etat", "l'arte".
_ELISION = regex.compile(r"(?:d|l|qu|j|dell|all|nell|sull|dall)'[aeiouh]")


# ---- vocabularies ----------------------------------------------------------------------------
class Vocabulary:
    """Accepted and rejected words and patterns for one configuration.

    A line is a literal word unless it holds a regex metacharacter that no backslash
    escapes: then it is a pattern, matched against the whole word, ignoring case, under the
    same time limit as rule-pack patterns (``REGEX_TIMEOUT``). A pattern that exceeds it
    ("(a|aa)+" on a long word) is skipped from then on and listed in ``timed_out`` (the rule
    reports it once). ``append_accepted_word`` writes words escaped, so "C++" or "Yahoo!"
    added from the editor read back as those words.
    """

    def __init__(self, accept: Iterable[str] = (), reject: Iterable[str] = ()) -> None:
        self.accept_words: set[str] = set()
        self.reject_words: set[str] = set()
        self._accept_pats: list[regex.Pattern] = []
        self._reject_pats: list[regex.Pattern] = []
        self.timed_out: list[str] = []
        for entries, words, pats in ((accept, self.accept_words, self._accept_pats),
                                     (reject, self.reject_words, self._reject_pats)):
            for raw in entries:
                w = raw.strip().translate(_APOS)
                if not w or w.startswith("#"):
                    continue
                literal = _literal(w)
                if literal is not None:
                    words.add(literal.lower())
                    continue
                try:
                    pats.append(regex.compile(w, regex.I))
                except regex.error:
                    words.add(w.lower())  # not a valid pattern: take it literally

    @staticmethod
    def _forms(word: str) -> tuple[str, ...]:
        w = word.translate(_APOS).lower()
        if w.endswith("'s") and len(w) > 2:
            return (w, w[:-2])
        return (w,)

    def _fullmatch(self, pats: list[regex.Pattern], w: str) -> bool:
        for pat in list(pats):
            try:
                if pat.fullmatch(w, timeout=REGEX_TIMEOUT):
                    return True
            except TimeoutError:
                pats.remove(pat)  # skipped from now on; the rule says so once
                self.timed_out.append(pat.pattern)
        return False

    def accepts(self, word: str) -> bool:
        for w in self._forms(word):
            if w in self.accept_words or (self._accept_pats and self._fullmatch(self._accept_pats, w)):
                return True
        return False

    def rejects(self, word: str) -> bool:
        for w in self._forms(word):
            if w in self.reject_words or (self._reject_pats and self._fullmatch(self._reject_pats, w)):
                return True
        return False

    @property
    def has_rejects(self) -> bool:
        return bool(self.reject_words) or bool(self._reject_pats)


def _literal(line: str) -> str | None:
    """The word a line stands for when it is no pattern: no metacharacter, or each one
    escaped with a backslash ("C\\+\\+", "Yahoo\\!"); None for a pattern."""
    if not _META.intersection(line):
        return line
    out: list[str] = []
    i = 0
    while i < len(line):
        c = line[i]
        if c == "\\" and i + 1 < len(line) and not line[i + 1].isalnum():
            out.append(line[i + 1])
            i += 2
            continue
        if c in _META:
            return None
        out.append(c)
        i += 1
    return "".join(out)


def append_accepted_word(path: Path, word: str) -> bool:
    """Add ``word`` to the accept list at ``path`` so that it is read back as that literal
    word, not a pattern ("C++" is written "C\\+\\+"; a leading "#" is escaped too). Creates
    the file and its folder. False, writing nothing, when the word is empty, spans lines, or
    is already a literal entry of the file."""
    w = word.strip()
    if not w or "\n" in w or "\r" in w:
        return False
    line = regex.escape(w, special_only=True, literal_spaces=True)
    if line.startswith("#"):
        line = "\\" + line
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    for raw in existing.splitlines():
        old = raw.strip()
        if old and not old.startswith("#") and _literal(old) == w:
            return False
    with open(path, "a", encoding="utf-8") as fh:
        if existing and not existing.endswith(("\n", "\r")):
            fh.write("\n")
        fh.write(line + "\n")
    return True


Stamp = tuple[int, int] | int  # (mtime, size) of a word list, 0 when it is missing


def _stamp(p: Path) -> Stamp:
    """The file's (mtime, size), 0 if missing: a changed word list is read again (the
    editor's "add to dictionary" takes effect on the next check, even when two words are
    added within one tick of the file system's clock: the size changes)."""
    try:
        st = p.stat()
    except OSError:
        return 0
    return (st.st_mtime_ns, st.st_size)


def _pack_files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(p.glob("*.toml")))
        elif p.is_file():
            out.append(p)
    return out


@functools.lru_cache(maxsize=1)
def _builtin_pack_stamps() -> tuple[tuple[Path, Stamp], ...]:
    """The built-in packs ship with newslint: looked at once per process."""
    try:
        return tuple((p, _stamp(p)) for p in _pack_files([builtin_packs_dir()]))
    except FileNotFoundError:
        return ()


@functools.lru_cache(maxsize=64)
def _vocabulary(accept_files: tuple[tuple[Path, Stamp], ...], reject_files: tuple[tuple[Path, Stamp], ...],
                pack_files: tuple[tuple[Path, Stamp], ...], accept_words: tuple[str, ...]) -> Vocabulary:
    accept: list[str] = list(accept_words)
    reject: list[str] = []
    for p, _ in accept_files:
        try:
            accept.extend(read_word_list(p))
        except (OSError, UnicodeDecodeError):
            pass
    for p, _ in reject_files:
        try:
            reject.extend(read_word_list(p))
        except (OSError, UnicodeDecodeError):
            pass
    for p, _ in pack_files:
        try:
            table = read_toml(p).get("vocabulary", {})
        except ConfigError:
            continue  # the pack loader reports broken packs
        if isinstance(table, dict):
            for key, dest in (("accept", accept), ("reject", reject)):
                vals = table.get(key, [])
                if isinstance(vals, list):
                    dest.extend(v for v in vals if isinstance(v, str))
    return Vocabulary(accept, reject)


def vocabulary_for(config: Config) -> Vocabulary:
    """The accept/reject vocabulary of ``config`` (cached while the files are unchanged)."""
    implicit = config.project_accept_file
    accept = config.accept if implicit in config.accept else (*config.accept, implicit)
    packs = _builtin_pack_stamps()
    if config.packs:
        packs += tuple((p, _stamp(p)) for p in _pack_files(config.packs))
    return _vocabulary(
        tuple((p, st) for p in accept if (st := _stamp(p)) or p in config.accept),
        tuple((p, _stamp(p)) for p in config.reject),
        packs,
        tuple(config.accept_words),
    )


# ---- the rule ----------------------------------------------------------------------------------
class Spelling(Rule):
    reads = (WORD_TEXTS,)
    code = "NL201"
    name = "spelling"
    category = "typo"
    severity = "warning"
    summary = "A word that is not in the dictionary (names, acronyms and British spellings are fine)."
    explanation = """
## What it does
Flags words that are not in newslint's offline English lexicon (about 210,000 words, American
and British spellings both accepted unless `dialect` says otherwise) and offers the likeliest
intended words. Lowercase words are checked; a capitalised word only when the article uses it
once, it is not part of a run of names (nor next to an initial), and it is one slip (a
swapped, doubled or dropped letter) from a common word *with the same first letter*:
"Goverment", not "Anker", and not a name such as "Baradise" one letter from "Paradise".

Accepted without a list entry, as regular formations of known words: contractions
("could've"), plurals and -ing/-ed/-er forms ("murrelets", "helming"), a prefix on a known
word ("reholstered", "demerge"), two content words run together ("carmaking", "mudbrick"),
and under `dialect = "both"` or `"en_GB"` a British form whose American form is known
("renationalise", "epicentres", "targetting") -- a British form is never given an American
suggestion. A formation one slip from a common word is still a misspelling ("untill",
"begining"), and so is a word on the reviewed deny-list of common misspellings the web uses
("alot", "noone", "tommorow"; from codespell's dictionary, CC BY-SA 3.0), whose corrections
come first. Hyphenated words are checked whole before their halves ("wi-fi", "pre-empt",
"add-ons" are fine; "well-knwon" is not).

Left alone: names, acronyms, tokens with digits, URLs (also broken by spaces: "www. example.
com", "setup. exe"), e-mail addresses, handles, hashtags, code, front matter, foreign scripts,
accented and elided foreign words ("coup d'etat"), a unit or currency after an amount ("200
million reais"; a slip after an amount still fires), a word split by the layout ("W hile",
"gon na"), exclamations ("bam!"), elongations ("sooooo"), a dropped g marked with an
apostrophe ("singin'"), words followed by "[sic]" or "(sic.)", pieces of HTML entities (NL128),
and tokens of more than 45 characters. Words on the project's reject list are always flagged.

Add words to the project's accept list (`.newslint/accept.txt`, or the files named by `accept`),
or to a rule pack's `[vocabulary] accept = [...]`. An accept (or reject) line is read as a
literal word unless it holds a regex metacharacter that no backslash escapes: then it is a
pattern matched against the whole word, ignoring case, with the same time limit as rule-pack
patterns (a pattern that takes longer is reported once and skipped). The editor's "add to
dictionary" writes words escaped ("C\\+\\+"), so they read back as the words they are.

## Why is this bad?
A misspelling in a published story costs the reader's trust in everything around it.

## Example
    The minister was politite but firm.

## Use instead
    The minister was polite but firm.

## Fix safety
Never safe: the fix replaces the word with the first suggestion and needs `--unsafe-fixes`
or a click in the editor, since an unknown word may be right (a name, a coinage) and the
likeliest correction may be wrong. Suggestions never add or drop a negating prefix
("unevidenced" is not offered "evidenced"). The finding carries each replacement once: the
fix holds the first, `suggestions` the others.
"""
    examples_bad = (
        "The minister was politite but firm.",
        "Officials said the goverment would respond on Monday.",
        "The well-knwon author spoke on Tuesday.",
    )
    examples_good = (
        "Chancellor Ines Marlow met Premier Ana Kolar and Tomasz Zielińska in Veldt.",
        "The endeavour was emphasised in the defence review, officials said, at 4 per cent.",
        "Write to press@example.com or follow @newsdesk and #election2024 for updates.",
        "The co-founder's pre-packaged meals won't sell, they're sure.",
        "The sign read 'recieve' [sic] in large letters.",
        "Add 1 tsp cinnamon and 500 ml water; the 176 hp engine is NATO-grade.",
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        config = ctx.config
        lex = load_lexicon(config.dialect)
        vocab = vocabulary_for(config)
        words = lex._words
        # Distinct token texts the word set does not hold, in one C-level set difference:
        # most of an article never reaches Python code below. The texts come from one
        # findall (no Token objects); offsets (doc.tokens) only once there is a word to report.
        texts_list = word_texts(doc)
        texts = set(texts_list)
        unknown = texts - words
        timed_out = len(vocab.timed_out)
        try:
            return self._check(doc, ctx, lex, vocab, texts_list, texts, unknown, words)
        finally:
            for pat in vocab.timed_out[timed_out:]:
                ctx.notice(f"accept/reject pattern '{pat}' took longer than {REGEX_TIMEOUT}s on a word; "
                           "it is skipped (write words, or simplify the pattern)")

    def _check(self, doc: Document, ctx: RuleContext, lex: Lexicon, vocab: Vocabulary, texts_list: list[str],
               texts: set[str], unknown: set[str], words: Container[str]) -> list[Hit] | tuple[()]:
        prose = doc.prose
        rejected = {t for t in texts if vocab.rejects(t)} if vocab.has_rejects else set()
        if not unknown and not rejected:
            return ()
        state = _DocState(doc, lex, vocab, texts_list)
        counts = state._exact = Counter(texts_list)
        verdicts: dict[str, list[tuple[int, int, str]]] = {}
        for w in unknown:
            # Skip here, without a method call, what word_verdict would pass anyway (it
            # repeats these checks): most unknown tokens are names -- short, recurring, or not
            # Title-case -- or a capitalised common word ("Friday", "Analysts"); numbers; and
            # known words written with a curly apostrophe or joined by hyphens.
            c = w[0]
            if c.isupper():
                if "-" not in w and (len(w) < 5 or counts[w] > 1 or not w[1:].islower() or w.lower() in words):
                    continue
            elif c.isdecimal():
                continue
            else:
                n = w.translate(_APOS)
                if n in words or ("-" in n and all(part in words for part in n.split("-"))):
                    continue
            v = state.word_verdict(w)
            if v:
                verdicts[w] = v
        if not verdicts and not rejected:
            return ()
        flagged = rejected.union(verdicts)
        toks = state.toks = TokenView(doc, texts_list)
        hits: list[Hit] = []
        where: list[int] = []
        for w in flagged:  # few words: list.index scans at C speed
            where += toks.positions(w)
        directives = ([m.span() for m in _DIRECTIVE.finditer(prose)] if "newslint-" in prose else [])
        for i in sorted(where):
            tok = toks[i]
            if directives and any(a <= tok.start < b for a, b in directives):
                continue  # "[newslint-disable-next-line NL102]" in plain text
            t = tok.text
            if t in rejected:
                hits.append(Hit(tok.start, tok.end, f"'{t}' is on the project's reject list",
                                data={"suggestions": [], "word": t, "rejected": True}))
                continue
            if not state.context_ok(i, tok, prose):
                continue
            for a, b, kind in verdicts[t]:
                word = t[a:b]
                if kind == "cap" and not state.capital_ok(i, tok, word):
                    continue
                hit = state.hit(tok.start + a, tok.start + b, word, capital=(kind == "cap"))
                if hit is not None:
                    hits.append(hit)
        return hits


class _DocState:
    """Per-document memo of the spelling rule."""

    def __init__(self, doc: Document, lex: Lexicon, vocab: Vocabulary, texts: list[str]) -> None:
        self.doc, self.lex, self.vocab = doc, lex, vocab
        self._texts = texts
        self._exact: Counter[str] | None = None
        self._start = False  # the capitalised word being checked opens a sentence
        self._particles: set[str] | None = None
        self.toks: TokenView | list[Token] | None = doc.tokens_if_built  # set by check
        self._entities: list[tuple[int, int]] | None = None

    def _in_entity(self, s: int, e: int) -> bool:
        """Does the token at s:e touch an HTML entity (found once per document, on first ask)?"""
        if self._entities is None:
            prose = self.doc.prose
            self._entities = entity_spans(prose) if "&" in prose else []
        return any(a <= e and s <= b for a, b in self._entities)

    def _in_spaced_address(self, s: int, e: int) -> bool:
        """Is the token at s:e part of a web address or file name broken by spaces? Read in a
        window around the token only: few tokens get this far."""
        prose = self.doc.prose
        a, b = max(0, s - 60), min(len(prose), e + 60)
        if not _SPACED_HINT.search(prose, a, b):
            return False
        return any(m.start() <= s and e <= m.end() and " " in m.group()
                   for m in _SPACED_ADDRESS.finditer(prose, a, b))

    def _joins(self, w: str) -> bool:
        """Is ``w`` (two tokens run together) a known word of some currency?"""
        low = w.lower()
        return len(low) >= 4 and low in self.lex._words and self.lex.frequency(low) >= 3.0

    def _slip(self, w: str) -> bool:
        """Is ``w`` a typist's slip (swapped, doubled or dropped letter) of a common word?"""
        ranked = self.lex.suggest_ranked(w, 5)[:3]  # the first 3 of the 5 a finding shows: one search
        return any(d == 1 and f >= 3.0 and _typo_cost(w.lower(), c.lower()) <= 0.6 for c, d, f in ranked)

    # -- word-level verdicts (context free) --------------------------------------------------
    def _known(self, w: str) -> bool:
        return self.lex.known(w) or self.vocab.accepts(w)

    def word_verdict(self, t: str) -> list[tuple[int, int, str]] | None:
        """Spans (start, end, kind) of ``t`` to report, kind "low" or "cap"; None when clean."""
        if len(t) > _MAX_WORD:
            return None  # not a word (and no per-token work grows with its length)
        if t[0].isupper() and "-" not in t:
            # the common case by far: a name. Cheap looks first.
            if len(t) < 5 or not t[1:].islower():
                return None  # short names ("Tre", "Kym"), ALL-CAPS, mixedCase
            if not t.isalpha():
                base = t[:-2] if t.endswith(("'s", "\u2019s")) else ""
                if not base.isalpha():
                    return None  # digits, other apostrophes
            if self._count(t) > 1 or t.lower() in self.lex._words:
                return None  # used again in the article (a name), or a capitalised word
            return [(0, len(t), "cap")]  # lexicon, accept list and formations: see capital_ok
        if (not t.isalpha() and _DIGIT.search(t)) or self.vocab.accepts(t):
            return None
        norm = t.translate(_APOS)
        if not norm.isascii():
            if _NON_LATIN.search(norm):
                return None  # another script
            if norm[:1].islower():
                # lowercase accented word: known without its accents ("cafe"), else foreign
                return None
        if self.lex.known(norm):
            return None
        if norm.lower() in ("www", "http", "https"):
            return None  # an address broken by spaces ("www. example. org")
        if _ELONGATED.search(norm):
            return None  # "drrrrums", "sooooo": expressive spelling
        if _ELISION.match(norm):
            return None  # a Romance elided article: "coup d'etat", "l'amour"
        if "-" in norm:
            out: list[tuple[int, int, str]] = []
            pos = 0
            parts = norm.split("-")
            joined = "".join(parts)
            if self.lex.known(joined) or self._known(joined) or self.lex.derived(joined.lower()):
                return None  # "wi-fi", "pre-empt", "add-ons": the compound written solid is a word
            name_like = self._case_kind(parts[0]) == "cap"
            for part in parts:
                a, b = pos, pos + len(part)
                pos = b + 1
                low = part.lower()
                if (len(part) < 2 or low in COMBINING_PREFIXES or low in _COMBINING_SUFFIXES
                        or self._known(part) or self.lex.derived(low)):
                    continue
                kind = self._case_kind(part)
                if name_like and len(part) <= 4:
                    continue  # a given name: "Liu Fu-kuo", "Kim Dae-jung"
                if kind == "low":
                    out.append((a, b, kind))
                # capitalised parts of compounds ("Xi-led", "Biden-Harris") are names
            return out or None
        if len(norm.rstrip("'")) < 2:
            return None
        kind = self._case_kind(norm)
        if kind is None:
            return None
        if self._derived(norm.lower()) or self.lex.derived(norm.lower()):
            return None  # a regular formation: "reholstered", "carmaking", "epicentres"
        return [(0, len(t), kind)]

    @staticmethod
    def _case_kind(w: str) -> str | None:
        letters = w.replace("'", "")
        if letters.islower():
            return "low"
        if letters[:1].isupper() and letters[1:].islower():
            return "cap"
        return None  # ALL-CAPS acronym, mixedCase brand ("iPhone", "McDonald")

    def _derived(self, w: str) -> bool:
        """A regular formation from known words: a singular whose plural is listed
        ("influencer"), an agent noun of a listed verb ("stuffers"), or two common words run
        together ("backglass")."""
        lex = self.lex
        base = w[:-2] if w.endswith("'s") else w
        if len(base) >= 5 and lex.frequency(base + "s") >= 2.5:
            return True
        for suf in ("ers", "er"):
            if base.endswith(suf) and len(base) - len(suf) >= 4 and lex.frequency(base[: -len(suf)]) >= 3.5:
                return True
        if len(base) >= 8:
            # two content words run together ("backglass", "facepalming", "smallsat"); a
            # function word at the end ("sandwhich" = sand + which) or a short suffix-like
            # part ("convert" + "ion") is more likely a misspelling
            for i in range(4, len(base) - 2):
                left, right = base[:i], base[i:]
                fl = lex.frequency(left)
                if fl < 3.5:
                    continue
                fr = max([lex.frequency(right), *(lex.frequency(st) for st in _stems(right))])
                if len(right) == 3 and (len(left) < 5 or fr < 4.5):
                    continue
                if 3.5 <= fr < 6.0:
                    return True
        return False

    # -- context ------------------------------------------------------------------------------
    def context_ok(self, i: int, tok: Token, prose: str) -> bool:
        """False when the token's surroundings say it is not a word to check."""
        s, e = tok.start, tok.end
        before = prose[s - 1] if s > 0 else " "
        after = prose[e] if e < len(prose) else " "
        if before in "@#$/\\_" or after in "@_/\\" :
            return False  # handle, hashtag, path, snake_case
        if after == "." and e + 1 < len(prose) and prose[e + 1].isalnum():
            return False  # domain or file name: "example.com", "setup.py"
        if before == "." and s > 1 and prose[s - 2].isalnum():
            return False
        if after == "*" or before == "*":
            return False  # censored: "Dia****"
        if _SIC_AFTER.match(prose, e, min(len(prose), e + 12)):
            return False
        if (before in "&#;" or after in "&;") and self._in_entity(s, e):
            return False  # a piece of an HTML entity, or a word it cuts ("caf&#233;"): NL128 reports it
        if (before in ". /" or after in ". /") and self._in_spaced_address(s, e):
            return False  # a piece of a web address or file name broken by spaces
        if prose.startswith(" @ ", e) or prose.startswith("@", e):
            return False  # an e-mail address written with spaces: "jane @ example.com"
        toks = self.toks
        assert toks is not None, "check sets the tokens before it judges a word"
        text = tok.text
        if text[:1].islower() and after == "!" and len(text) <= 5:
            return False  # an exclamation ("bam!", "ugh!"): speech, not a misspelling
        if len(text) <= 3 and _NUMBER_BEFORE.search(prose, max(0, s - 12), s):
            return False  # a unit after a number: "176 hp", "500 ml", "1 tsp"
        if text[:1].islower() and _AMOUNT_BEFORE.search(prose, max(0, s - 24), s) and not self._slip(text):
            return False  # a unit or currency after an amount: "200 million reais"
        if i > 0:
            prev = toks[i - 1]
            if (prose[prev.end:s] == " " and prev.text.isalpha() and (len(prev.text) == 1 or text[:1].islower())
                    and self._joins(prev.text + text)):
                return False  # a word split by the layout: "W hile", "gim me"
        if i + 1 < len(toks) and text[:1].islower():
            nxt = toks[i + 1]
            if prose[e:nxt.start] == " " and nxt.text.islower() and self._joins(text + nxt.text):
                return False  # "gon na", "wan na": one word split by a tokenizer
        if text.endswith("in") and (after in "'’" or prose[e:e + 2] in (" '", " ’")) and self.lex.known(text + "g"):
            return False  # "singin'": a dropped g, marked
        if text[:1].islower():
            if len(text) == 2 and not any(c in "aeiouy" for c in text):
                return False  # "vp", "nn": an abbreviation or initials, not a word
            left = toks[i - 1] if i > 0 else None
            right = toks[i + 1] if i + 1 < len(toks) else None
            if left is not None:
                p = left.text
                gap = prose[left.end:s]
                if gap == " " and len(p) == 1 and p.islower() and p not in "ai":
                    return False  # a word broken by layout: "Arte mis m oon"
                # the species of a Latin binomial: an unknown capitalised genus before it
                # ("Tritrichomonas muris") or its abbreviation ("T. muris")
                if _LATIN_END.search(text) and (
                        (gap == " " and p[:1].isupper() and p[1:].islower() and not self.lex.known(p.lower()))
                        or (gap == ". " and len(p) == 1 and p.isupper())):
                    return False
            # a short name particle: "Jakob von Moltke", then "Locksley and von Moltke"
            if (len(text) <= 3 and right is not None and prose[e:right.start] == " " and right.text[:1].isupper()
                    and text in self._name_particles()):
                return False
            if self._name_elsewhere(text):
                return False
        return True

    def _name_particles(self) -> set[str]:
        """Short lowercase words the article puts between two capitalised words."""
        if self._particles is None:
            found: set[str] = set()
            texts, prose = self._texts, self.doc.prose
            toks = self.toks if self.toks is not None else self.doc.tokens
            # the texts first (no offsets); the gaps only for the few candidates
            for j in range(1, len(texts) - 1):
                t = texts[j]
                if (len(t) <= 3 and t.islower() and texts[j - 1][:1].isupper()
                        and texts[j + 1][:1].isupper() and t not in found
                        and prose[toks[j - 1].end:toks[j].start] == " "
                        and prose[toks[j].end:toks[j + 1].start] == " " and not self.lex.known(t)):
                    found.add(t)
            self._particles = found
        return self._particles

    def _count(self, w: str) -> int:
        """How often the article writes ``w`` as written (possessive or not)."""
        if self._exact is None:
            self._exact = Counter(self._texts)
        c = self._exact
        base = w[:-2] if w.endswith(("'s", "\u2019s")) else w
        return c[base] + c[base + "'s"] + c[base + "\u2019s"]

    def _name_elsewhere(self, w: str) -> bool:
        """The article writes this lowercase word capitalised at least twice (a name)."""
        if self._exact is None:
            self._exact = Counter(self._texts)
        cap = w[:1].upper() + w[1:]
        return self._exact[cap] >= 2

    def _sentence_start(self, pos: int) -> bool:
        """Does the token at ``pos`` open a sentence (or a line)?"""
        prose = self.doc.prose
        j = pos - 1
        while j >= 0 and prose[j] in " \t\u00a0\"'“‘(«[*_":
            j -= 1
        return j < 0 or prose[j] in "\n\r.!?…:"

    def capital_ok(self, i: int, tok: Token, word: str) -> bool:
        """A capitalised unknown word (used once in the article) is a candidate only when it
        is not part of a run of names ("Cristian Garin") and is one typist's slip from a
        common word (see ``_capital_slip``)."""
        if sum(c.isalpha() for c in word) < 5:
            return False
        toks = self.toks
        assert toks is not None, "check sets the tokens before it judges a word"
        for j in (i - 1, i + 1):
            if 0 <= j < len(toks):
                other = toks[j].text
                gap = self.doc.prose[min(toks[j].end, tok.end):max(toks[j].start, tok.start)]
                if other[:1].isupper() and gap == " " and not self.lex.known(other):
                    return False  # next to another unknown capitalised word: a full name
                if len(other) == 1 and other.isupper() and gap == " ":
                    return False  # next to an initial: "Viena K. Ruiz"
        if self.lex.known(word) or self.vocab.accepts(word) or self.lex.derived(word.lower()):
            return False  # known, accepted, or a formation ("Renationalise" opening a sentence)
        self._start = self._sentence_start(tok.start)
        return _capital_slip_quick(self.lex, word, self._start)

    # -- reporting ----------------------------------------------------------------------------
    def hit(self, start: int, end: int, word: str, *, capital: bool) -> Hit | None:
        ranked = self.lex.suggest_ranked(word, 5)
        extra = self._accepted_near(word)
        suggestions = [c for c, _, _ in ranked]
        for w in extra:
            if w not in suggestions:
                suggestions.append(w)
        if capital and not _capital_slip(word, ranked, self._start):
            return None  # a name, not a slip
        fix = None
        if suggestions:
            first = suggestions[0]
            # Never safe: a word newslint does not know may be right (a name, a coinage), and
            # the likeliest correction may be the wrong one.
            fix = Fix((Edit(start, end, first),), "unsafe", f"Replace with '{first}'")
            msg = f"Unknown word '{word}': did you mean '{first}'?"
        else:
            msg = f"Unknown word '{word}'"
        # Each replacement once: the fix carries the first, ``suggestions`` the others.
        return Hit(start, end, msg, fix=fix, data={"suggestions": suggestions[1:], "word": word})

    def _accepted_near(self, word: str) -> list[str]:
        low = word.lower()
        out = [w for w in self.vocab.accept_words if abs(len(w) - len(low)) <= 2 and _osa(low, w) <= 2]
        return sorted(out)[:3]


def _capital_slip(word: str, ranked: list[tuple[str, int, float]], start: bool) -> bool:
    """Is a capitalised unknown word a slip of a common word ("Goverment", "Assoicated")
    rather than a name ("Anker", "Cheuk")? Only when the best candidate is a common word one
    edit away, by a typist's slip (swapped, doubled or dropped letter) -- or, for long words,
    any one edit: long names one letter from a common word are rare."""
    if not ranked:
        return False
    cand, d, f = ranked[0]
    if d != 1 or f < 4.0 or not _same_start(word.lower(), cand.lower()):
        return False  # a different first letter ("Taradise", "Santonio"): a name
    cost = _typo_cost(word.lower(), cand.lower())
    return cost <= (0.8 if start else 0.6) or (len(word) >= 8 and cost <= 1.0)


def _stems(w: str) -> list[str]:
    """Possible stems of an inflected word: "palming" -> palm, "stuffers" -> stuffer."""
    out: list[str] = []
    for suf in ("ing", "ed", "ers", "er", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            st = w[: -len(suf)]
            out += [st, st + "e"]
            if len(st) > 3 and st[-1] == st[-2]:
                out.append(st[:-1])
    return out


def _capital_slip_quick(lex: Lexicon, word: str, start: bool) -> bool:
    """Cheap pre-check of ``_capital_slip``: is there a common word one slip away at all?
    (Kept in the lexicon's memo: the editor checks the same article again and again.)"""
    key = ("slip", word, start)
    memo = lex._memo
    got = memo.get(key)
    if got is None:
        got = _capital_slip_quick_uncached(lex, word, start)
        if len(memo) >= _MEMO_MAX:
            memo.clear()
        memo[key] = got
    return got


def _capital_slip_quick_uncached(lex: Lexicon, word: str, start: bool) -> bool:
    low = word.lower()
    n = len(low)
    if n >= 8:
        cands = _edits1(low)
    else:  # swapped, dropped or doubled letters (typo cost <= 0.6); at a sentence start,
        # any dropped letter (<= 0.8)
        cands = {low[:k] + low[k + 1:] for k in range(n)}
        cands |= {low[:k] + low[k + 1] + low[k] + low[k + 2:] for k in range(n - 1)}
        if start:
            cands |= {low[:k] + c + low[k:] for k in range(n + 1) for c in _LETTERS}
        else:
            cands |= {low[:k] + low[k] + low[k:] for k in range(n)}
    limit = 1.0 if n >= 8 else (0.8 if start else 0.6)
    return any(_same_start(low, c) and lex.frequency(c) >= 4.0 and _typo_cost(low, c) <= limit
               for c in cands & lex._words)


def _same_start(word: str, cand: str) -> bool:
    """The same first letter, or the first two swapped ("Hwile"): a name differs from a
    common word at its first letter ("Taradise", "Santonio"), a typist rarely does."""
    return word[:1] == cand[:1] or (len(word) > 1 and word[1] + word[0] == cand[:2])


RULES: list[Rule] = [Spelling()]
