"""Inline suppression comments, in Markdown and plain text."""
from __future__ import annotations

import newslint

AD = "- Advertisement -"


def codes(text: str, path: str = "a.md") -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in newslint.lint_text(text, path=path)]


def test_disable_next_line():
    text = f"Body.\n\n<!-- newslint-disable-next-line NL102 -->\n{AD}\n\n{AD}\n"
    assert codes(text) == [("NL102", 6)]


def test_disable_next_line_skips_blank_lines():
    assert codes(f"<!-- newslint-disable-next-line NL102 -->\n\n{AD}\n") == []


def test_disable_enable_range_and_categories():
    text = f"<!-- newslint-disable boilerplate -->\n{AD}\n<!-- newslint-enable boilerplate -->\n{AD}\n"
    assert codes(text) == [("NL102", 4)]


def test_disable_line_and_file():
    assert codes(f"{AD} <!-- newslint-disable-line -->\n{AD}\n") == [("NL102", 2)]
    assert codes(f"<!-- newslint-disable-file NL102 -->\n{AD}\n{AD}\n") == []


def test_plain_text_bracket_form():
    text = f"[newslint-disable-next-line NL102]\n{AD}\n{AD}\n"
    assert codes(text, "a.txt") == [("NL102", 3)]


def test_other_codes_are_not_silenced():
    assert codes(f"<!-- newslint-disable-next-line NL101 -->\n{AD}\n") == [("NL102", 2)]
