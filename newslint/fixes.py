"""Applying fixes to text: non-overlapping edits, repeated until stable, and written
atomically (write a temporary file beside the target, then rename over it)."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from newslint.finding import Edit, Finding


def select_fixes(findings: Iterable[Finding], *, unsafe: bool = False) -> list[Edit]:
    """The edits to apply, first come first served; an edit overlapping a taken one waits
    for the next pass."""
    edits: list[Edit] = []
    for f in sorted(findings, key=lambda f: (f.start, f.end, f.code)):
        if f.fix is None or (f.fix.safety != "safe" and not unsafe):
            continue
        if all(not _overlaps(e, t) for e in f.fix.edits for t in edits):
            edits.extend(f.fix.edits)
    return edits


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end or (a.start == a.end and b.start < a.start < b.end) or (b.start == b.end and a.start < b.start < a.end)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (offsets into ``text``) from the end backwards."""
    out = text
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        out = out[: e.start] + e.text + out[e.end :]
    return out


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so a crash leaves the old file or the new, never half."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".newslint-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except OSError:
            pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
