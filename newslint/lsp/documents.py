"""What the server knows about documents: the last check of each open one, and positions.

The server process never analyses text (the workers do): it keeps the engine's *line model*
of a document -- enough to turn finding offsets into LSP positions and back -- next to the
findings a worker returned and the diagnostics made from them.
"""
from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass, field

from lsprotocol import types
from pygls.workspace import PositionCodec

from newslint.document import Document, DocumentError, decode
from newslint.finding import Finding
from newslint.lsp.jobs import LintResult
from newslint.lsp_convert import Positions


def line_model(text: str, path: str | None, front_matter_end: int = 0) -> Document:
    """The engine's lines and positions of ``text``; its prose analysis runs in the workers."""
    return Document.lines_only(text, path, front_matter_end)


@dataclass
class DocState:
    """The check of one version of an open document."""

    uri: str
    version: int | None
    text: str
    generation: int  # the server's generation (config, settings, word lists) it was made in
    path: str | None
    result: LintResult
    positions: Positions
    diagnostics: list[types.Diagnostic]
    note: str | None = None  # why there are no findings (the check was stopped, or failed)
    shown: int = 0  # diagnostics[:shown] are findings[:shown]; the rest are notes

    def diagnostic_of(self) -> dict[int, types.Diagnostic]:
        """id(finding) -> its diagnostic, for the findings shown."""
        return {id(f): d for f, d in zip(self.result.findings[: self.shown], self.diagnostics[: self.shown], strict=False)}

    @property
    def doc(self) -> Document:
        return self.positions.doc

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings

    def findings_in(self, start: int, end: int) -> list[Finding]:
        return [f for f in self.result.findings if f.start <= end and start <= f.end]


@dataclass
class DiskPositions:
    """Positions of files that are not open (for related locations and corpus findings),
    kept while their size and mtime are unchanged."""

    codec: PositionCodec
    limit: int = 64
    cache: OrderedDict = field(default_factory=OrderedDict)

    def get(self, path: str) -> Positions | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        key = (path, st.st_mtime_ns, st.st_size)
        hit = self.cache.get(path)
        if hit is not None and hit[0] == key:
            self.cache.move_to_end(path)
            return hit[1]
        try:
            with open(path, "rb") as fh:
                data = fh.read(20_000_001)
            text, bom = decode(data, path=path)
        except (OSError, DocumentError):
            return None
        pos = Positions(line_model(("\ufeff" if bom else "") + text, path), self.codec)
        self.cache[path] = (key, pos)
        while len(self.cache) > self.limit:
            self.cache.popitem(last=False)
        return pos


__all__ = ["DocState", "DiskPositions", "line_model"]
