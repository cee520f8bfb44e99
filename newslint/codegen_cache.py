"""A bytecode cache for the methods ``attrs`` generates, so the language server starts fast.

``lsprotocol.types`` defines some 550 attrs classes. For each, attrs writes the source of
``__init__``, ``__repr__``, ``__eq__`` ... and compiles it: about 0.13 s of compiling on
every start of ``newslint lsp``, more than half of the time to answer ``initialize``. Python
caches the bytecode of modules (``__pycache__``) but not of such generated code, so this
module does it for attrs: while ``with attrs_bytecode_cache():`` runs, attrs' one compile
step (``attr._make._compile_and_eval``) looks the generated source up in a table of code
objects kept with :mod:`marshal` in the user's cache folder, and compiles only what is new.

A hit is exact: the table is keyed by the generated source and its file name, and a table
written by another Python bytecode version is ignored. A missing, unreadable or damaged
file is a miss; an attrs whose compile step has another shape is left alone (no speed-up,
nothing else changes). ``NEWSLINT_NO_CODEGEN_CACHE=1`` turns it off.
"""
from __future__ import annotations

import __future__
import contextlib
import importlib.util
import marshal
import os
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_FORMAT = 1  # bump when the file's layout changes
# Rewrite the file only when this many methods had to be compiled: a few always miss (attrs
# writes a per-process string hash into the source of a frozen class's ``__hash__``).
_REWRITE_AT = 8


def cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/newslint`` (``~/.cache/newslint``); None when there is no home."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):
            return None
    return Path(base) / "newslint"


def cache_file(attrs_file: str = "") -> Path | None:
    """One file per Python version and attrs installation (``attrs_file``: its ``_make.py``),
    so two environments never take turns rewriting one file."""
    d = cache_dir()
    if d is None:
        return None
    where = zlib.crc32(attrs_file.encode()) if attrs_file else 0
    return d / f"attrs-bytecode-{sys.implementation.cache_tag}-{where:08x}.marshal"


def _read(path: Path) -> dict[tuple[str, str], Any]:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if (not isinstance(data, tuple) or len(data) != 3 or data[0] != _FORMAT
            or data[1] != importlib.util.MAGIC_NUMBER or not isinstance(data[2], dict)):
        return {}
    return data[2]


def _write(path: Path, table: dict[tuple[str, str], Any]) -> None:
    """Write-then-rename: servers starting together never read half a file. (No tempfile
    module: it costs the start-up more than the write.)"""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(marshal.dumps((_FORMAT, importlib.util.MAGIC_NUMBER, table)))
        os.replace(tmp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _future_flags(module: Any) -> int:
    """The ``from __future__`` flags a ``compile()`` called in ``module`` inherits."""
    flags = 0
    for value in vars(module).values():
        if isinstance(value, __future__._Feature):
            flags |= value.compiler_flag
    return flags


@contextlib.contextmanager
def attrs_bytecode_cache(path: Path | None = None, rewrite_at: int = _REWRITE_AT) -> Iterator[dict[str, int]]:
    """Within the block, attrs reuses cached bytecode for the methods it generates.

    Yields counters (``hits``, ``compiled``), filled in as classes are made. When at least
    ``rewrite_at`` had to be compiled, the table is rewritten with what the block used (so
    entries of older attrs or lsprotocol versions drop out).
    """
    stats = {"hits": 0, "compiled": 0}
    if os.environ.get("NEWSLINT_NO_CODEGEN_CACHE"):
        yield stats
        return
    try:
        import attr._make as make  # noqa: PLC0415
    except ImportError:
        yield stats
        return
    original = getattr(make, "_compile_and_eval", None)
    code = getattr(original, "__code__", None)
    if code is None or code.co_varnames[: code.co_argcount] != ("script", "globs", "locs", "filename"):
        yield stats  # another attrs: leave it alone
        return
    path = path if path is not None else cache_file(getattr(make, "__file__", "") or "")
    table = _read(path) if path is not None else {}
    used: dict[tuple[str, str], Any] = {}
    flags = _future_flags(make)

    def compile_and_eval(script: str, globs: Any, locs: Any = None, filename: str = "") -> None:
        key = (script, filename)
        bytecode = table.get(key)
        if bytecode is None:
            bytecode = compile(script, filename, "exec", flags=flags, dont_inherit=True)
            stats["compiled"] += 1
        else:
            stats["hits"] += 1
        used[key] = bytecode
        eval(bytecode, globs, locs)  # noqa: S307 - what attrs itself does with its source

    make._compile_and_eval = compile_and_eval
    try:
        yield stats
    finally:
        make._compile_and_eval = original
        if stats["compiled"] >= max(1, rewrite_at) and path is not None:
            _write(path, used)  # what this run made: entries of older versions drop out
