"""Conversions between newslint's model (code-point offsets in a Document) and LSP types.

Positions are converted with pygls's PositionCodec (the negotiated encoding: UTF-16 by
default, UTF-8/UTF-32 when the client prefers), fed with the lines of newslint's own
Document so that both sides agree on what a line is (\\r\\n, \\r, \\n only, as LSP says).
newslint's Document strips a leading BOM; the editor's buffer may hold it, so line 0
columns gain one code point when the buffer text had a BOM.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import PositionCodec

from newslint.docs import rule_url
from newslint.document import Document
from newslint.finding import Edit, Finding, Related

SOURCE = "newslint"
# Each built-in rule's page on the docs site (generated from the rule registry into
# docs/rules/<CODE>.md). The editor setting ``docsUrl`` overrides it; "" turns links off.
DOCS_URL = rule_url("{code}")  # the docs site's page of each rule (newslint.docs)
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}
# findings whose fix is a removal: shown faded (DiagnosticTag.Unnecessary)
UNNECESSARY_CATEGORIES = frozenset({"boilerplate"})
UNNECESSARY_RULE_WORDS = ("doubled", "repeated-word", "duplicate-word", "double-word")


def uri_to_path(uri: str) -> str | None:
    if not uri.startswith("file:"):
        return None
    try:
        return to_fs_path(uri) or unquote(urlparse(uri).path)
    except Exception:
        return unquote(urlparse(uri).path)


def path_to_uri(path: str) -> str:
    return from_fs_path(str(Path(path).resolve())) or Path(path).resolve().as_uri()


class Positions:
    """Converts offsets of one Document to client positions and back.

    Code points to client units are counted here, a line at a time in C (``str.encode``),
    as pygls's codec counts a character at a time in Python: that made 7,500 diagnostics of
    a 1 MB article cost the server seconds. Client units back to code points (only for the
    positions a request sends) go through pygls's codec where a line needs it."""

    def __init__(self, doc: Document, codec: PositionCodec):
        self.doc, self.codec = doc, codec
        self.bom = 1 if doc.had_bom else 0
        lines = [ln.text for ln in doc.lines]
        if self.bom:
            lines[0] = "\ufeff" + lines[0]
        self.lines = lines
        self.encoding = getattr(codec, "encoding", None) or types.PositionEncodingKind.Utf16
        self._simple: list[bool | None] = [None] * len(lines)

    def _is_simple(self, line: int) -> bool:
        """One client unit a code point on this line (ASCII; no astral character in UTF-16)."""
        known = self._simple[line]
        if known is None:
            text = self.lines[line]
            if self.encoding == types.PositionEncodingKind.Utf32 or text.isascii():
                known = True
            elif self.encoding == types.PositionEncodingKind.Utf8:
                known = False
            else:
                known = not text or max(text) <= "\uffff"
            self._simple[line] = known
        return known

    def _to_client(self, line: int, col: int) -> types.Position:
        col = min(col, len(self.lines[line]))
        if self._is_simple(line):
            return types.Position(line, col)
        prefix = self.lines[line][:col]
        if self.encoding == types.PositionEncodingKind.Utf8:
            return types.Position(line, len(prefix.encode("utf-8", "surrogatepass")))
        return types.Position(line, len(prefix.encode("utf-16-le", "surrogatepass")) // 2)

    def position(self, offset: int) -> types.Position:
        p = self.doc.position(offset)
        return self._to_client(p.line, p.column + (self.bom if p.line == 0 else 0))

    def line_col(self, line: int, column: int) -> types.Position:
        """0-based line and code-point column (newslint's) -> client position."""
        line = max(0, min(line, len(self.lines) - 1))
        col = max(0, column) + (self.bom if line == 0 else 0)
        return self._to_client(line, min(col, len(self.lines[line])))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(self.position(start), self.position(end))

    def offset(self, pos: types.Position) -> int:
        """Client position -> code-point offset into doc.text (clamped to the document)."""
        line = max(0, pos.line)
        if line >= len(self.lines):
            return len(self.doc.text)
        if self._is_simple(line):
            character = min(max(0, pos.character), len(self.lines[line]))
        else:
            character = self.codec.position_from_client_units(self.lines, types.Position(line, max(0, pos.character))).character
        col = character - (self.bom if line == 0 else 0)
        return self.doc.offset(line, max(0, col))

    def end(self) -> types.Position:
        last = len(self.lines) - 1
        return self._to_client(last, len(self.lines[last]))

    def whole(self) -> types.Range:
        return types.Range(types.Position(0, 0), self.end())


def text_edit(pos: Positions, edit: Edit) -> types.TextEdit:
    return types.TextEdit(range=pos.range(edit.start, edit.end), new_text=edit.text)


def is_unnecessary(f: Finding) -> bool:
    return f.category in UNNECESSARY_CATEGORIES or any(w in f.rule for w in UNNECESSARY_RULE_WORDS)


def docs_href(code: str, template: str | None = DOCS_URL) -> str | None:
    """The docs page of rule ``code`` (``template`` holds ``{code}``); None without a template."""
    if not template:
        return None
    return template.replace("{code}", code) if "{code}" in template else template.rstrip("/") + "/" + code + "/"


def diagnostic(f: Finding, pos: Positions, related: list[types.DiagnosticRelatedInformation] | None = None,
               href: str | None = None) -> types.Diagnostic:
    """``href``: the rule's docs page (codeDescription), for rules that have one."""
    return types.Diagnostic(
        range=pos.range(f.start, f.end),
        message=f.message,
        severity=SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
        code=f.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if is_unnecessary(f) else None,
        related_information=related or None,
        data={"rule": f.rule, "category": f.category, "fixable": f.fix is not None},
    )


def related_information(rel: Related, pos_for_path: Callable[[str], Positions | None]) -> types.DiagnosticRelatedInformation:
    """``pos_for_path(path)`` gives Positions for that file (open buffer or file on disk) or None."""
    pos = pos_for_path(rel.path)
    if pos is None:
        start = types.Position(max(0, rel.line - 1), max(0, rel.column - 1))
        end = types.Position(max(0, (rel.end_line or rel.line) - 1), max(0, (rel.end_column or rel.column) - 1))
        rng = types.Range(start, end)
    else:
        start = pos.line_col(rel.line - 1, rel.column - 1)
        if rel.end_line is not None:
            end = pos.line_col(rel.end_line - 1, (rel.end_column or 1) - 1)
        else:  # no end given: to the end of that line
            line = max(0, min(rel.line - 1, len(pos.lines) - 1))
            end = pos.line_col(line, len(pos.doc.lines[line].text))
        rng = types.Range(start, end)
    return types.DiagnosticRelatedInformation(
        location=types.Location(uri=path_to_uri(rel.path), range=rng), message=rel.message
    )


__all__ = ["Positions", "diagnostic", "docs_href", "DOCS_URL", "text_edit", "related_information", "uri_to_path", "path_to_uri", "SOURCE"]
