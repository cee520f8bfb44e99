"""Applying fixes to text (non-overlapping edits, repeated until stable) and writing the
fixed text back so that the file keeps its identity (links, owner, mode) and a crash never
leaves half a file."""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from newslint.finding import Edit, Finding


def select_fixes(findings: Iterable[Finding], *, unsafe: bool = False) -> list[Edit]:
    """The edits to apply, first come first served; an edit overlapping a taken one waits
    for the next pass. Two deletions that overlap are one deletion of both spans: what each
    fix wants removed is removed, in one pass (removing adjacent lines may share a line
    break, see ``remove_lines_fix``)."""
    edits: list[Edit] = []
    for f in sorted(findings, key=lambda f: (f.start, f.end, f.code)):
        if f.fix is None or (f.fix.safety != "safe" and not unsafe):
            continue
        if all(not _overlaps(e, t) for e in f.fix.edits for t in edits):
            edits.extend(f.fix.edits)
        elif all(not e.text for e in f.fix.edits) and all(not t.text for e in f.fix.edits for t in edits if _overlaps(e, t)):
            edits = _merge_deletions(edits, f.fix.edits)
    return edits


def _merge_deletions(taken: list[Edit], new: Iterable[Edit]) -> list[Edit]:
    """``taken`` plus the deletions ``new``, overlapping deletions joined into one."""
    out = list(taken)
    for e in new:
        start, end = e.start, e.end
        keep = []
        for t in out:
            if not t.text and _overlaps(t, Edit(start, end, "")):
                start, end = min(start, t.start), max(end, t.end)
            else:
                keep.append(t)
        out = [*keep, Edit(start, end, "")]
    return out


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True
    return (a.start < b.end and b.start < a.end) or (a.start == a.end and b.start < a.start < b.end) or (b.start == b.end and a.start < b.start < a.end)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (offsets into ``text``) from the end backwards.

    Deletions that touch are applied as one. A deletion that ends with a line break and
    would leave a ``"\r"`` right before a ``"\n"`` (a file with mixed line endings) takes
    the ``"\r"`` and leaves its own last break instead: otherwise the two would read as one
    ``"\r\n"`` and a line of the text would vanish."""
    spans = _coalesce(sorted(edits, key=lambda e: (e.start, e.end)))
    out = text
    for i in range(len(spans) - 1, -1, -1):
        e = spans[i]
        start, end = e.start, e.end
        if (not e.text and start > 0 and end < len(out) and out[start - 1] == "\r" and out[end] == "\n"
                and text[end - 1] in "\r\n" and not (i and spans[i - 1].end == start)):
            start, end = start - 1, end - 1
        out = out[:start] + e.text + out[end:]
    return out


def _coalesce(edits: list[Edit]) -> list[Edit]:
    """Sorted edits with touching or overlapping deletions joined into one."""
    out: list[Edit] = []
    for e in edits:
        if out and not e.text and not out[-1].text and e.start <= out[-1].end:
            out[-1] = Edit(out[-1].start, max(out[-1].end, e.end), "")
        else:
            out.append(e)
    return out


TEMP_SUFFIX = ".newslint-tmp"  # a new text on its way: removed when its process is gone
BACKUP_SUFFIX = ".newslint-orig"  # the old text while a file is written in place: never removed


class WriteError(OSError):
    """A fixed file that was not written, with a message a person can act on (the file is
    left exactly as it was)."""


def write_fixed(path: str | Path, data: bytes, original: bytes) -> None:
    """Write the fixed text of ``path`` so that the file keeps its identity.

    * A symbolic link stays a link: the file it points to is written.
    * A read-only file (no write bit for anyone) is refused, even for root.
    * A file whose text changed since it was read is refused (an editor saved it meanwhile).
    * Where a new file could take the old one's place with nothing lost (one hard link, the
      same owner and group a new file gets), a temporary copy beside it is written, synced and
      renamed over it: a crash leaves the old file or the new, never half.
    * Otherwise (hard links, another owner) the text is written in place, after a temporary
      copy of the old text was written and read back: if the write fails, the old text is put
      back; if the process is killed, that copy (``.NAME.PID.newslint-orig``) is left beside
      the file for a person to compare.
    Leftover temporary files of earlier runs that were killed are removed first.
    """
    link = Path(path)
    target = Path(os.path.realpath(link))
    try:
        st = target.stat()
    except OSError as exc:
        raise WriteError(f"not fixed: cannot stat: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise WriteError("not fixed: not a regular file")
    if not st.st_mode & 0o222:
        raise WriteError("not fixed: the file is read-only (make it writable to fix it)")
    try:
        current = target.read_bytes()
    except OSError as exc:
        raise WriteError(f"not fixed: cannot read: {exc.strerror or exc}") from None
    if current != original:
        raise WriteError("not fixed: the file changed while it was being checked; run again")
    remove_stale_temps(target)
    same_identity = st.st_nlink == 1 and st.st_uid == os.geteuid() and st.st_gid == os.getegid()
    if same_identity:
        try:
            _replace(target, data, st)
            return
        except PermissionError:
            pass  # a folder we may not create files in: write in place below
        except OSError as exc:
            raise WriteError(f"not fixed: {exc.strerror or exc}") from None
    _write_in_place(target, data, original)


def _temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}{TEMP_SUFFIX}")


def _replace(target: Path, data: bytes, st: os.stat_result) -> None:
    tmp = _temp_name(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IMODE(st.st_mode))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))  # the umask narrowed the mode given to open
        os.replace(tmp, target)
    except BaseException:
        _unlink(tmp)
        raise


def _write_in_place(target: Path, data: bytes, original: bytes) -> None:
    backup = target.with_name(f".{target.name}.{os.getpid()}{BACKUP_SUFFIX}")
    try:
        with open(backup, "xb") as fh:
            fh.write(original)
            fh.flush()
            os.fsync(fh.fileno())
        if backup.read_bytes() != original:
            raise WriteError("not fixed: could not keep a verified copy of the old text")
    except OSError as exc:
        _unlink(backup)
        if isinstance(exc, WriteError):
            raise
        raise WriteError(f"not fixed: cannot write a temporary copy beside it: {exc.strerror or exc}") from None
    try:
        with open(target, "r+b") as fh:
            fh.write(data)
            fh.truncate()
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException as exc:
        try:
            with open(target, "r+b") as fh:
                fh.write(original)
                fh.truncate()
        except OSError:
            raise WriteError(f"not fixed, and the old text could not be put back: it is kept in {backup}") from None
        _unlink(backup)
        if isinstance(exc, OSError):
            raise WriteError(f"not fixed: {exc.strerror or exc}") from None
        raise
    _unlink(backup)


def remove_stale_temps(target: Path) -> None:
    """Remove ``.NAME.PID.newslint-tmp`` files beside ``target`` whose process is gone."""
    prefix = f".{target.name}."
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(TEMP_SUFFIX)):
            continue
        pid = name[len(prefix) : -len(TEMP_SUFFIX)]
        if pid.isdigit() and not _alive(int(pid)):
            _unlink(target.parent / name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff ``git apply`` and ``patch`` accept, including the "\\ No newline at
    end of file" marker that difflib leaves out."""
    import difflib

    lines: list[str] = []
    a, b = (path, path) if os.path.isabs(path) else (f"a/{path}", f"b/{path}")
    for line in difflib.unified_diff(old.splitlines(True), new.splitlines(True), a, b):
        if line.startswith(("---", "+++")):
            lines.append(line.rstrip("\r\n") + "\n")
        elif line.endswith(("\n", "\r")):
            lines.append(line)
        else:
            lines.append(line + "\n\\ No newline at end of file\n")
    return "".join(lines)
