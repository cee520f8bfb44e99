"""Which files a run checks, and reading one safely.

Discovery works as users expect from ruff or ripgrep: folders are walked without recursion
(a tree of any depth, symbolic-link loops visited once), hidden files and folders are
skipped, `.gitignore` and `.ignore` files are respected (matched by the ``pathspec``
library, as git matches them), and the report a run is writing to (`> report.txt`) is never
read back as an article. A path that cannot be read is a :class:`FileError` for that path
alone; the run goes on.

Reading takes regular files only (a FIFO would block, `/dev/zero` never ends) and never
more than ``max_size + 1`` bytes.
"""
from __future__ import annotations

import fnmatch
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newslint.document import STDIN, DocumentError

if TYPE_CHECKING:
    from newslint.config import Config

IGNORE_FILES = (".gitignore", ".ignore")


@dataclass(frozen=True)
class FileError:
    """A path that was not checked, and why. ``skipped``: not an error (a FIFO or device met
    while walking a folder is passed over with a notice); otherwise the run exits 2."""

    path: str
    message: str
    skipped: bool = False


# ---- reading --------------------------------------------------------------------------------
def describe_size(n: int) -> str:
    """A byte count a person reads at a glance (never "0.0 MB")."""
    if n < 10_000:
        return f"{n:,} bytes"
    if n < 10_000_000:
        return f"{n / 1e3:,.0f} kB"
    return f"{n / 1e6:,.1f} MB"


def too_large(size: int, limit: int) -> DocumentError:
    return DocumentError(
        f"file is {describe_size(size)}, above the max-file-size limit of {describe_size(limit)}; "
        "raise `max-file-size` in the config to check it"
    )


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def read_file_bytes(path: str, max_size: int) -> bytes:
    """The bytes of a regular file of at most ``max_size`` bytes, else ``DocumentError``.

    The file is opened without blocking and checked with ``fstat`` on the open descriptor,
    so a FIFO, a device or a link to one is refused without reading, and a file that grows
    while it is read is refused once it passes the limit."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise DocumentError("no such file") from None
    except IsADirectoryError:
        raise DocumentError("is a directory") from None
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise DocumentError("is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise DocumentError(f"{_kind(st.st_mode)}, not a regular file; not checked")
        if st.st_size > max_size:
            raise too_large(st.st_size, max_size)
        chunks, left = [], max_size + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > max_size:
        raise too_large(len(data), max_size)
    return data


def read_stdin_bytes(max_size: int) -> bytes:
    """Standard input as bytes (at most ``max_size``): decoding is the document's job, so
    invalid UTF-8 gets the same clear message as a file."""
    stream: Any = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream someone put in place of stdin (tests, embedding)
        data = sys.stdin.read(max_size + 1).encode("utf-8", "surrogateescape")
    else:
        data = stream.read(max_size + 1)
    if len(data) > max_size:
        raise too_large(len(data), max_size)
    return data


# ---- discovery -------------------------------------------------------------------------------
class _Ignores:
    """The ignore files that apply inside one folder: (folder, spec) pairs, outermost first.
    As in git, the last pattern that matches decides, and a deeper file's patterns come later."""

    def __init__(self, layers: tuple[tuple[str, Any], ...] = ()) -> None:
        self.layers = layers

    def extended(self, folder: str) -> _Ignores:
        specs = []
        for name in IGNORE_FILES:
            lines = _read_lines(os.path.join(folder, name))
            if lines:
                import pathspec  # only trees with an ignore file pay for the import

                specs.append((folder, pathspec.GitIgnoreSpec.from_lines(lines)))
        return _Ignores(self.layers + tuple(specs)) if specs else self

    def ignored(self, path: str, is_dir: bool) -> bool:
        verdict = False
        for folder, spec in self.layers:
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            if rel.startswith(".."):
                continue
            result = spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                verdict = result.include
        return verdict


def _read_lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read(1_000_000).splitlines()
    except OSError:
        return []


def _repo_ignores(folder: str) -> _Ignores:
    """The ignore files of the folders above ``folder`` up to the root of its git checkout
    (none when it is not inside one), and the checkout's ``.git/info/exclude``. The walk
    reads ``folder``'s own ignore files itself."""
    chain: list[str] = []
    d = os.path.abspath(folder)
    while True:
        parent = os.path.dirname(d)
        if os.path.exists(os.path.join(d, ".git")):
            top = d
            break
        if parent == d:
            return _Ignores()
        chain.append(d)
        d = parent
    ignores = _Ignores()
    exclude = _read_lines(os.path.join(top, ".git", "info", "exclude"))
    if exclude:
        import pathspec

        ignores = _Ignores(((top, pathspec.GitIgnoreSpec.from_lines(exclude)),))
    above = list(reversed(chain[1:])) if chain else []  # chain[0] is ``folder``: the walk reads it
    for d in ([top] if chain else []) + above:
        ignores = ignores.extended(d)
    return ignores


def _git_top(path: str) -> str | None:
    """The root of the git checkout holding ``path``, if any."""
    d = os.path.dirname(os.path.abspath(path))
    while True:
        if os.path.exists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _output_identity() -> tuple[int, int] | None:
    """(device, inode) of the file standard output goes to, when it is a regular file: a
    report redirected into the folder being checked is not an article."""
    try:
        st = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def _matches(name: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, g) for g in globs)


def iter_files(paths: Iterable[str | Path], config: Config | None = None, *, also_skip: Iterable[str] = ()) -> Iterator[str | FileError]:
    """Expand files and folders into the files to check, in a stable order.

    Paths named on the command line are checked whatever their name (as in ruff); inside
    folders, a file is checked when its name matches ``include`` and nothing excludes it:
    ``exclude`` globs, hidden names, ignore files (unless ``respect-gitignore`` is off)."""
    from newslint.config import config_for

    seen: set[str] = set()
    output = _output_identity()
    skip = {os.path.abspath(p) for p in also_skip}
    for given in paths:
        raw = str(given)
        if raw == STDIN:
            yield STDIN
            continue
        if os.path.isdir(raw):
            cfg = config or config_for(raw)
            yield from _walk(raw, cfg, seen, output, skip)
        elif raw not in seen:
            seen.add(raw)
            yield raw


def _walk(top: str, cfg: Config, seen: set[str], output: tuple[int, int] | None, skip: set[str]) -> Iterator[str | FileError]:
    visited: set[tuple[int, int]] = set()
    root_ignores = _repo_ignores(top) if cfg.respect_gitignore else _Ignores()
    stack: list[tuple[str, _Ignores]] = [(top, root_ignores)]
    while stack:
        folder, ignores = stack.pop()
        try:
            st = os.stat(folder)
        except OSError as exc:
            yield FileError(folder, f"cannot read folder: {exc.strerror or exc}")
            continue
        if (st.st_dev, st.st_ino) in visited:
            continue  # a link back to a folder already walked
        visited.add((st.st_dev, st.st_ino))
        if cfg.respect_gitignore:
            ignores = ignores.extended(folder)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield FileError(folder, f"cannot read folder: {exc.strerror or exc}")
            continue
        subfolders = []
        for entry in entries:
            name, full = entry.name, entry.path
            if name.startswith(".") or _matches(name, cfg.exclude):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if ignores.layers and ignores.ignored(full, is_dir):
                continue
            if is_dir:
                subfolders.append(full)
                continue
            if not _matches(name, cfg.include) or full in seen or os.path.abspath(full) in skip:
                continue
            try:
                fst = entry.stat()
            except OSError as exc:  # a dangling link, a file gone meanwhile
                if entry.is_symlink():
                    yield FileError(full, "a link to nothing; skipped", skipped=True)
                else:
                    yield FileError(full, f"cannot read: {exc.strerror or exc}")
                continue
            if not stat.S_ISREG(fst.st_mode):
                yield FileError(full, f"{_kind(fst.st_mode)}, not a regular file; skipped", skipped=True)
                continue
            if output is not None and (fst.st_dev, fst.st_ino) == output:
                continue
            seen.add(full)
            yield full
        stack.extend((f, ignores) for f in reversed(subfolders))  # depth-first, in name order


def selected(path: str, config: Config) -> bool:
    """Would ``newslint check`` on the config's folder read this file? Its name matches
    ``include``, and no folder on the way (from the config's root, or the git checkout's)
    is hidden, excluded or ignored. The language server asks before it checks an open
    document, so a file the command skips is skipped in the editor too."""
    full = os.path.abspath(path)
    name = os.path.basename(full)
    if not _matches(name, config.include) or name.startswith(".") or _matches(name, config.exclude):
        return False
    root = str(config.root.resolve()) if config.source is not None else (_git_top(full) or os.path.dirname(full))
    rel = os.path.relpath(os.path.dirname(full), root)
    parts = [] if rel == "." or rel.startswith("..") else rel.split(os.sep)
    if any(p.startswith(".") or _matches(p, config.exclude) for p in parts):
        return False
    if not config.respect_gitignore:
        return True
    ignores = _repo_ignores(os.path.dirname(full))
    if not ignores.layers and not any(os.path.exists(os.path.join(os.path.dirname(full), f)) for f in IGNORE_FILES):
        return True
    ignores = ignores.extended(os.path.dirname(full))
    folder = os.path.dirname(full)
    for layer_folder, _ in ignores.layers:  # a folder on the way that is ignored hides the file
        d = folder
        while d.startswith(layer_folder + os.sep):
            if ignores.ignored(d, True):
                return False
            d = os.path.dirname(d)
    return not ignores.ignored(full, False)
