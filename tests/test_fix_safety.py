"""Fix safety as a contract: fixes keep every byte they do not mean to change.

The properties hold for any text built from lines that carry (or do not carry) the defects
safe fixes remove, joined by any mix of line terminators and preceded by any number of byte-
order marks: fixing is idempotent, a BOM and the line structure survive, and the result does
not depend on which line terminators the file uses.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.config import Config
from newslint.document import Document
from newslint.engine import fix_text
from tests.conftest import FUZZ_EXAMPLES

# Invented lines: some with a defect a safe fix removes, some correct text that must survive.
LINES = [
    "Prices rose,, officials said.",
    "The council met on Tuesday.",
    "- Advertisement -",
    "Advertisement",
    "It was was a long day for the the crew.",
    "",
    "   ",
    "She wrote: \"Wait . . . and see.\"",
    "The mayor could've said more...",
    "Net profit was $4.2 million, up 12 per cent.",
    "Read more:",
    "Emoji 🙂 are text too; so is \ufeff inside a line.",
]
TERMINATORS = ["\n", "\r\n", "\r"]
CONFIG = Config()


@st.composite
def articles(draw: st.DrawFn) -> tuple[list[str], list[str], int]:
    lines = draw(st.lists(st.sampled_from(LINES), min_size=1, max_size=12))
    ends = draw(st.lists(st.sampled_from(TERMINATORS), min_size=len(lines), max_size=len(lines)))
    boms = draw(st.integers(0, 2))
    return lines, ends, boms


def _join(lines: list[str], ends: list[str]) -> str:
    return "".join(line + end for line, end in zip(lines, ends, strict=True))


def _structure(text: str) -> list[str]:
    """The lines as newslint reads them (terminators aside)."""
    return [ln.text for ln in Document.from_text(text).lines]


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_fixes_keep_boms_line_structure_and_are_idempotent(case: tuple[list[str], list[str], int]) -> None:
    lines, ends, boms = case
    mixed = "\ufeff" * boms + _join(lines, ends)
    plain = "\ufeff" * boms + _join(lines, ["\n"] * len(lines))
    if _structure(mixed) != _structure(plain):
        return  # "\r" then an empty line then "\n" reads as one "\r\n": another text
    fixed_mixed, _ = fix_text(mixed, config=CONFIG)
    fixed_plain, _ = fix_text(plain, config=CONFIG)
    # the byte-order mark survives (a second U+FEFF is a character of the first line)
    assert fixed_mixed.startswith("\ufeff") == (boms > 0)
    # which terminators a file uses never changes what the fixes do to its lines
    assert _structure(fixed_mixed) == _structure(fixed_plain)
    # applying the fixes again changes nothing
    assert fix_text(fixed_mixed, config=CONFIG)[0] == fixed_mixed


def _is_subsequence(part: list[str], whole: list[str]) -> bool:
    it = iter(whole)
    return all(any(x == y for y in it) for x in part)


@settings(max_examples=FUZZ_EXAMPLES // 10, deadline=None)
@given(articles())
def test_lines_that_stay_keep_their_text_and_order(case: tuple[list[str], list[str], int]) -> None:
    """A fix removes lines or edits inside one; it never moves or merges lines."""
    lines, ends, boms = case
    text = "\ufeff" * boms + _join(lines, ends)
    fixed, _ = fix_text(text, config=CONFIG)
    before, after = _structure(text), _structure(fixed)
    assert len(after) <= len(before)
    assert _is_subsequence([ln for ln in after if ln in before], before)


def test_double_bom_edits_land_where_the_defect_is() -> None:
    text = "\ufeff\ufeffPrices rose,, officials said.\n"
    fixed, n = fix_text(text, config=CONFIG)
    assert fixed == "\ufeff\ufeffPrices rose, officials said.\n" and n == 1


def test_removing_a_line_between_cr_and_lf_keeps_the_blank_line() -> None:
    text = "The council met.\r- Advertisement -\n\nThe vote was close.\n"
    fixed, _ = fix_text(text, config=CONFIG)
    assert _structure(fixed) == ["The council met.", "", "The vote was close.", ""]


# ---- on real pages: safe fixes touch only what an editor labelled a defect --------------------
import tomllib  # noqa: E402

import pytest  # noqa: E402

from newslint.engine import check_document  # noqa: E402
from tests.conftest import SHARED  # noqa: E402


@pytest.mark.parametrize("folder", ["corpus/extracted", "corpus/typos"])
def test_safe_fixes_on_labelled_pages_touch_only_labelled_lines(folder: str) -> None:
    """Every family's safe fixes, on pages whose leftovers (extracted) or misspellings and
    doubled words (typos) are labelled line by line: each edit lies on labelled lines (or
    the blank lines a removed block leaves)."""
    base = SHARED / folder
    if not (base / "expected.toml").is_file():
        pytest.skip(f"{base} not available")
    files = tomllib.loads((base / "expected.toml").read_text(encoding="utf-8"))["files"]
    edits = 0
    for name, spec in files.items():
        labelled = {ln for cat in spec.values() if isinstance(cat, dict) for ln in (*cat.get("must", []), *cat.get("may", []))}
        doc = Document.from_text((base / name).read_text(encoding="utf-8"), name)
        for f in check_document(doc, CONFIG, corpus=False).findings:
            if f.fix is None or f.fix.safety != "safe":
                continue
            for e in f.fix.edits:
                first, last = doc.position(e.start).line, doc.position(max(e.start, e.end - 1)).line
                touched = {i + 1 for i in range(first, last + 1) if doc.lines[i].text.strip()}
                assert touched <= labelled, (name, f.code, sorted(touched - labelled))
                edits += 1
    assert edits > 0  # the pages do carry defects that safe fixes remove
