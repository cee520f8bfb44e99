"""The editor's "add to dictionary": a word appended to the project's accept list, literally.

An accept-list line with a regex metacharacter is read as a pattern (``newslint.rules.
spelling.Vocabulary``), so a word like ``C++`` or ``(a|aa)+`` written as it is would be a
pattern -- one that may not match the word, or may backtrack for ever. Such a word is written
escaped, which reads back as exactly that word.
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

# what Vocabulary treats as a pattern (newslint.rules.spelling._META), and a comment
_META = frozenset(".^$*+?{}[]\\|()")


def literal_line(word: str) -> str:
    """The accept-list line that stands for ``word`` and nothing else."""
    if _META.intersection(word) or word.startswith("#"):
        return re.escape(word)
    return word


def append_accepted_word(path: Path, word: str) -> bool:
    """Add ``word`` to the accept list at ``path`` (created when missing); False when it was
    there already.

    TODO(engine API): call ``newslint.rules.spelling.append_accepted_word(path, word)``
    instead once it is on main; this is the thin stand-in."""
    line = literal_line(word)
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    if line in (ln.strip() for ln in existing.splitlines()):
        return False
    before = path.stat().st_mtime_ns if path.exists() else 0
    with open(path, "a", encoding="utf-8") as fh:
        if existing and not existing.endswith("\n"):
            fh.write("\n")
        fh.write(line + "\n")
    # the engine re-reads word lists whose mtime changed: make sure it did, even when two
    # words are added within one tick of the file system's clock
    after = path.stat().st_mtime_ns
    if after <= before:
        stamp = max(before + 1, time.time_ns())
        os.utime(path, ns=(stamp, stamp))
    return True


__all__ = ["append_accepted_word", "literal_line"]
