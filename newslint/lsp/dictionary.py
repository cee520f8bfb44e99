"""The editor's "add to dictionary": a word appended to the project's accept list, literally.

An accept-list line with a regex metacharacter is read as a pattern (``newslint.rules.
spelling.Vocabulary``), so a word like ``C++`` or ``(a|aa)+`` written as it is would be a
pattern -- one that may not match the word, or may backtrack for ever. The engine's
``append_accepted_word`` writes it escaped, which reads back as exactly that word.
"""
from __future__ import annotations

from pathlib import Path


def append_accepted_word(path: Path, word: str) -> bool:
    """The engine's writer (imported when a word is added: the server process itself loads
    no rules, its workers do)."""
    from newslint.rules.spelling import append_accepted_word as append

    return append(path, word)


__all__ = ["append_accepted_word"]
