"""The document model: source text, lines, paragraphs, sentences, tokens and offsets.

Every rule reads a :class:`Document` and reports spans as code-point offsets into
``Document.text`` (the source as decoded, BOM removed, line endings untouched). All
conversions to (line, column) or UTF-16 code units happen here, once, so no face of the
tool computes positions by hand.

``Document.prose`` is the same length as ``text`` with everything that is not prose
(front matter, Markdown code and syntax, URLs, HTML comments) blanked to spaces. Rules
scan ``prose`` and their offsets are valid in ``text`` without any mapping back.
"""
from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, NamedTuple

from newslint.sentences import split_sentences

if TYPE_CHECKING:
    from newslint.index import DocumentIndex

STDIN = "-"  # the path that means standard input, in the engine and the command
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_URL = re.compile(r"""(?:https?://|www\.)[^\s<>"'\)\]]+""")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]*\w")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1\2[ \t]*$|\Z)", re.S | re.M)
_INDENTED_CODE = re.compile(r"(?:(?<=\n\n)|\A)(?:(?: {4}|\t)[^\n]*(?:\n|\Z))+")
_BACKTICKS = re.compile(r"`+")
# link text stops at the next "[" too: "[[[[..." is then read once, not once per bracket
_MD_LINK_TARGET = re.compile(r"(!?\[)([^\[\]\n]*)(\]\([^)\n]*\))")
_MD_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[^\n]*$", re.M)
_MD_LINE_MARKUP = re.compile(r"^( {0,3})(#{1,6}[ \t]+|>[ \t]?|(?:[-*+]|\d{1,9}[.)])[ \t]+)", re.M)
_MD_EMPHASIS = re.compile(r"(?<![\w*_])(\*{1,3}|_{1,3})(?=\S)|(?<=\S)(\*{1,3}|_{1,3})(?![\w*_])")
_MD_HTML_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>\n]*)?/?>")
_MD_RULE_LINE = re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$", re.M)
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")  # a token: letters/digits, inner ' or -
_PARA_BREAK = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")
_INF = float("inf")
_PARA_BREAK_LF = re.compile(r"\n[ \t]*\n")  # the same where the text has no "\r" (7x faster)


class Span(NamedTuple):
    """A half-open range of code-point offsets into ``Document.text``."""

    start: int
    end: int

    def text(self, doc: Document) -> str:
        return doc.text[self.start : self.end]


class Line(NamedTuple):
    """One source line; ``end`` excludes the line terminator."""

    index: int  # type: ignore[assignment]  # 0-based; a field named index hides tuple.index, deliberately
    start: int
    end: int
    text: str


class Token(NamedTuple):
    start: int
    end: int
    text: str


class Position(NamedTuple):
    """0-based line and code-point column."""

    line: int
    column: int


class DocumentError(ValueError):
    """A file that cannot be read as article text (binary, not UTF-8, too large)."""


def decode(data: bytes, *, path: str | None = None) -> tuple[str, bool]:
    """Decode bytes as UTF-8 text, refusing binary data; return (text, had_bom)."""
    if b"\x00" in data[:8192]:
        raise DocumentError("binary file (contains NUL bytes); not checked")
    had_bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data[3:].decode("utf-8") if had_bom else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); not checked") from None
    return text, had_bom


def _yaml_load(body: str) -> Any:
    import yaml  # only documents with YAML front matter pay for the import

    return yaml.safe_load(body)


def _word_start(text: str, i: int) -> int:
    """Where the e-mail-like token ending at ``i`` begins (scan back over word chars and ._+-,
    at most 64 characters: the longest local part an address may have)."""
    stop = max(0, i - 64)
    while i > stop and (text[i - 1].isalnum() or text[i - 1] in "._+-"):
        i -= 1
    return i


def html_comments(text: str, start: int = 0) -> list[tuple[int, int]]:
    """The ``<!-- ... -->`` spans of ``text``, in one pass. An opener that is never closed
    is not a comment, and neither is any opener after it (none of them can close)."""
    out = []
    i = text.find("<!--", start)
    while i >= 0:
        j = text.find("-->", i + 4)
        if j < 0:
            break
        out.append((i, j + 3))
        i = text.find("<!--", j + 3)
    return out


def code_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Markdown inline code: a run of backticks up to the next run of the same length, in
    one pass over the runs. A run with no partner is literal text (as in CommonMark)."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, start)]
    partner: list[int] = [-1] * len(runs)
    last: dict[int, int] = {}
    for k in range(len(runs) - 1, -1, -1):  # the next run of the same length, for each run
        n = runs[k][1] - runs[k][0]
        partner[k] = last.get(n, -1)
        last[n] = k
    out, k = [], 0
    while k < len(runs):
        j = partner[k]
        if j > k and runs[j][0] > runs[k][1]:  # something between the two runs
            out.append((runs[k][0], runs[j][1]))
            k = j + 1
        else:
            k += 1
    return out


def _blank(chars: list[str], start: int, end: int) -> None:
    """Replace chars[start:end] by spaces, keeping line breaks so lines stay aligned."""
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = " "


@dataclass
class Document:
    """An article: its text and everything rules need to read it."""

    text: str
    path: str | None = None
    had_bom: bool = False
    markdown: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)
    prose: str = ""
    front_matter_end: int = 0
    _paragraph_sentences: dict[int, list[Span]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str, path: str | None = None, *, markdown: bool | None = None) -> Document:
        """A document from decoded text. One leading U+FEFF is the byte-order mark and is
        set aside (``had_bom``); a second one is a character of the text like any other,
        so offsets never depend on how many marks a file starts with."""
        had_bom = text.startswith("\ufeff")
        return cls._make(text[1:] if had_bom else text, path, had_bom, markdown)

    @classmethod
    def from_bytes(cls, data: bytes, path: str | None = None) -> Document:
        """A document from a file's bytes: the UTF-8 BOM (one) is set aside by ``decode``."""
        text, had_bom = decode(data, path=path)
        return cls._make(text, path, had_bom, None)

    @classmethod
    def lines_only(cls, text: str, path: str | None = None, front_matter_end: int = 0) -> Document:
        """The lines, offsets and positions of ``text`` without its prose analysis (no
        masking, tokens or sentences): what a front end needs to place findings that were
        computed elsewhere (the language server's worker processes)."""
        had_bom = text.startswith("\ufeff")
        doc = cls(text=text[1:] if had_bom else text, path=path, had_bom=had_bom)
        doc.front_matter_end = front_matter_end
        return doc

    @classmethod
    def _make(cls, text: str, path: str | None, had_bom: bool, markdown: bool | None) -> Document:
        if markdown is None:
            markdown = path is not None and PurePath(path).suffix.lower() in MARKDOWN_SUFFIXES
        doc = cls(text=text, path=path, had_bom=had_bom, markdown=markdown)
        doc._build_prose()
        return doc

    # ---- prose masking -------------------------------------------------------------
    def _build_prose(self) -> None:
        text = self.text
        if not (self.markdown or text.startswith(("---", "+++")) or "<!--" in text or "://" in text or "www." in text or "@" in text):
            self.prose = text  # nothing to mask: the common case for plain text
            return
        chars = list(text)
        self.front_matter_end = self._front_matter(chars)
        if "<!--" in text:
            for a, b in html_comments(text):
                _blank(chars, a, b)
        if self.markdown:
            self._mask_markdown(chars)
        if "://" in text or "www." in text:
            for m in _URL.finditer(text):
                _blank(chars, m.start(), m.end())
        if "@" in text:
            for at in re.finditer("@", text):
                em = _EMAIL.match(text, _word_start(text, at.start()))
                if em and em.end() > at.start():
                    _blank(chars, em.start(), em.end())
        self.prose = "".join(chars)

    def _front_matter(self, chars: list[str]) -> int:
        """Parse YAML (---) or TOML (+++) front matter into metadata and blank it."""
        text = self.text
        for fence, loader in (("---", _yaml_load), ("+++", tomllib.loads)):
            if not (text.startswith(fence + "\n") or text.startswith(fence + "\r\n")):
                continue
            m = re.compile(r"(?:\r\n|\r|\n)" + re.escape(fence) + r"[ \t]*(?:\r\n|\r|\n|\Z)").search(text, 3)
            if not m:
                return 0
            body = text[len(fence) : m.start()]
            try:
                data = loader(body)
            except Exception:  # front matter that does not parse is still not prose
                data = None
            if isinstance(data, dict):
                self.metadata = {str(k): v for k, v in data.items()}
            _blank(chars, 0, m.end())
            return m.end()
        return 0

    def _mask_markdown(self, chars: list[str]) -> None:
        text = self.text
        for pattern in (_FENCE, _INDENTED_CODE):
            for m in pattern.finditer(text, self.front_matter_end):
                _blank(chars, m.start(), m.end())
        if "`" in text:
            for a, b in code_spans(text, self.front_matter_end):
                _blank(chars, a, b)
        for pattern in (_MD_REF_DEF, _MD_RULE_LINE, _MD_HTML_TAG):
            for m in pattern.finditer(text, self.front_matter_end):
                _blank(chars, m.start(), m.end())
        for m in _MD_LINK_TARGET.finditer(text, self.front_matter_end):
            _blank(chars, m.start(1), m.end(1))
            _blank(chars, m.start(3), m.end(3))
        for m in _MD_LINE_MARKUP.finditer(text, self.front_matter_end):
            _blank(chars, m.start(2), m.end(2))
        for m in _MD_EMPHASIS.finditer(text, self.front_matter_end):
            _blank(chars, m.start(), m.end())

    # ---- structure -------------------------------------------------------------------
    @cached_property
    def lines(self) -> list[Line]:
        out: list[Line] = []
        start = 0
        text = self.text
        if "\r" not in text:  # the common case: str.split, no match objects
            new = tuple.__new__
            for i, part in enumerate(text.split("\n")):
                end = start + len(part)
                out.append(new(Line, (i, start, end, part)))
                start = end + 1
            return out
        for i, m in enumerate(_LINE_BREAK.finditer(self.text)):
            out.append(Line(i, start, m.start(), self.text[start : m.start()]))
            start = m.end()
        out.append(Line(len(out), start, len(self.text), self.text[start:]))
        return out

    @cached_property
    def _line_starts(self) -> list[int]:
        return [ln.start for ln in self.lines]

    @cached_property
    def newline(self) -> str:
        """The dominant line terminator, used when a fix inserts a line."""
        m = _LINE_BREAK.search(self.text)
        return m.group() if m else "\n"

    @cached_property
    def paragraphs(self) -> list[Span]:
        """Blocks of prose separated by blank lines, trimmed of surrounding whitespace."""
        out: list[Span] = []
        start = self.front_matter_end
        breaks = _PARA_BREAK_LF if "\r" not in self.text else _PARA_BREAK
        for m in breaks.finditer(self.prose, start):
            self._add_trimmed(out, start, m.start())
            start = m.end()
        self._add_trimmed(out, start, len(self.prose))
        return out

    def _add_trimmed(self, out: list[Span], start: int, end: int) -> None:
        seg = self.prose[start:end]
        stripped = seg.strip()
        if stripped:
            lead = len(seg) - len(seg.lstrip())
            out.append(Span(start + lead, start + lead + len(stripped)))

    @cached_property
    def sentences(self) -> list[Span]:
        """Every sentence, in order: those of each paragraph (``paragraph_sentences``)."""
        return [s for i in range(len(self.paragraphs)) for s in self.paragraph_sentences(i)]

    def paragraph_sentences(self, i: int) -> list[Span]:
        """The sentences of paragraph ``i``, split when first asked for: a rule that reads
        the sentences of a few paragraphs never splits the rest. A line break inside a
        paragraph of plain text often separates two items (scraped text), so each of its
        lines is split on its own."""
        got = self._paragraph_sentences.get(i)
        if got is not None:
            return got
        para, prose = self.paragraphs[i], self.prose
        out: list[Span] = []
        if "\n" not in prose[para.start : para.end] and "\r" not in prose[para.start : para.end]:
            s = para.start  # one line: the common case
            out.extend(Span(s + a, s + b) for a, b in split_sentences(prose[para.start : para.end]))
        else:
            # the lines from the one holding the paragraph's start (not a line break), found
            # without splitting the whole text into lines
            text = self.text
            ls = max(text.rfind("\n", 0, para.start), text.rfind("\r", 0, para.start)) + 1
            while True:
                m = _LINE_BREAK.search(text, ls)
                le = m.start() if m else len(text)
                s, e = max(ls, para.start), min(le, para.end)
                out.extend(Span(s + a, s + b) for a, b in split_sentences(prose[s:e]))
                if m is None or m.end() > para.end - 1:
                    break
                ls = m.end()
        self._paragraph_sentences[i] = out
        return out

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence holding ``offset`` (None: between sentences), splitting only its
        paragraph when the document's sentences are not there yet."""
        key = (offset, _INF)  # bisect on (start, end) tuples: the last span starting at or before
        sents = self.__dict__.get("sentences")
        if sents is None:
            paras = self.paragraphs
            i = bisect.bisect_right(paras, key) - 1
            if i < 0 or not paras[i].start <= offset < max(paras[i].end, paras[i].start + 1):
                return None
            sents = self.paragraph_sentences(i)
        k = bisect.bisect_right(sents, key) - 1
        if k < 0 or offset >= sents[k].end:
            return None
        return sents[k]

    @cached_property
    def tokens(self) -> list[Token]:
        # findall + str.find is ~30% cheaper than building match objects; same offsets
        out: list[Token] = []
        pos, find, new = 0, self.prose.find, tuple.__new__
        for word in WORD.findall(self.prose):
            i = find(word, pos)
            pos = i + len(word)
            out.append(new(Token, (i, pos, word)))
        return out

    @property
    def lines_if_built(self) -> list[Line] | None:
        """``lines`` when something already split them, else None."""
        return self.__dict__.get("lines")

    @property
    def tokens_if_built(self) -> list[Token] | None:
        """``tokens`` when some rule already needed them, else None (building them costs more
        than most rules' work)."""
        return self.__dict__.get("tokens")

    @cached_property
    def index(self) -> DocumentIndex:
        """The views of this document that rules share (``newslint.index``)."""
        from newslint.index import DocumentIndex

        return DocumentIndex(self)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        toks = self.tokens
        lo = bisect.bisect_left(toks, start, key=lambda t: t.start)
        hi = bisect.bisect_left(toks, end, key=lambda t: t.start)
        return toks[lo:hi]

    def position(self, offset: int) -> Position:
        """Code-point offset -> 0-based (line, code-point column)."""
        offset = max(0, min(offset, len(self.text)))
        i = bisect.bisect_right(self._line_starts, offset) - 1
        line = self.lines[i]
        return Position(i, min(offset, line.end) - line.start)

    def offset(self, line: int, column: int) -> int:
        """0-based (line, code-point column) -> code-point offset, clamped to the line."""
        if line < 0:
            return 0
        if line >= len(self.lines):
            return len(self.text)
        ln = self.lines[line]
        return ln.start + max(0, min(column, ln.end - ln.start))
