"""The per-document index: views are built once, and every rule reads only the views it
declares (``Rule.reads``, and the views those read)."""
from __future__ import annotations

import pytest

from newslint.config import Config
from newslint.document import Document
from newslint.index import WORD_LOWS, WORD_TEXTS, View, closure
from newslint.registry import builtin_rules
from newslint.rules.base import CorpusRule, RuleContext
from tests.conftest import SHARED

SAMPLES = [
    "Leave a Reply\n\nThe council met on Monday, officials said. \"It was a long day,\" the the mayor said.\n\n"
    "- Advertisement -\n\nRelated stories\nCouncil approves budget\nMayor visits harbour\n\n"
    "| Ticker | Last |\n|---|---|\n| ABC | 10 |\n\nhttps://example.org/story\n\nCopyright 2024 The Gazette\n",
    "Experts say the plan, which cost $4 million, is expected to pass. About 1,200 people came; "
    "later 1,500 people were said to have come.,, The vote is on Tuesday, May 5.\n",
]


def _texts() -> list[str]:
    extra = sorted((SHARED / "corpus" / "extracted").glob("*.txt"))[:12] + sorted((SHARED / "seeds").glob("*.txt"))
    return SAMPLES + [p.read_text(encoding="utf-8") for p in extra if p.is_file()]


def test_a_view_is_built_once_per_document():
    calls = []
    view = View("counted", lambda doc: calls.append(1) or len(doc.text))
    doc = Document.from_text("Some text.")
    assert doc.index[view] == doc.index[view] == 10 and calls == [1]
    assert view in doc.index and WORD_TEXTS not in doc.index
    assert doc.index[WORD_LOWS] == ["some", "text"] and WORD_TEXTS in doc.index


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda r: r.code)
def test_every_rule_reads_only_the_views_it_declares(rule):
    allowed = closure((*rule.reads, rule.hits))
    config = Config(select=("ALL",))
    for text in _texts():
        for name in ("a.txt", "a.md"):
            doc = Document.from_text(text, name)
            read = doc.index.track()
            ctx = RuleContext(config)
            list(rule.check(doc, ctx))
            if isinstance(rule, CorpusRule):
                rule.summarize(doc, ctx)
            undeclared = {v.name for v in read - allowed}
            assert not undeclared, f"{rule.code} reads views it does not declare: {sorted(undeclared)}"
