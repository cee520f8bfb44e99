"""The per-document index: views of a document that several rules read, built once, on demand.

A rule that needs more than the document model's own parts (lines, paragraphs, sentences,
tokens) reads a named :class:`View` through ``doc.index[VIEW]``: the prose lowercased, the
words of the text, the quotations, the line table of the boilerplate rules, the numbers'
statements. A view is built the first time any rule asks for it and kept for the others, so
no rule computes what another already did, and none hides a private copy on the document.

Rules declare the views they read (``Rule.reads``); a view declares the views its builder
reads (``View.reads``). The index can record what a check actually read (``track``), and a
test holds every rule to its declaration.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from newslint.document import Document

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class View(Generic[T_co]):
    """A named view of a document: ``build(doc)`` computes it, once per document. Covariant:
    a view of a list of hits serves where a view of an iterable of hits is asked for."""

    __slots__ = ("build", "name", "reads")

    def __init__(self, name: str, build: Callable[[Document], T_co],
                 reads: tuple[View[Any], ...] | Callable[[], tuple[View[Any], ...]] = ()) -> None:
        self.name = name
        self.build = build
        self.reads = reads  # the views ``build`` reads (a function when known only at run time)

    def __repr__(self) -> str:
        return f"View({self.name!r})"


class DocumentIndex:
    """The views of one document built so far."""

    __slots__ = ("_values", "accessed", "doc")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._values: dict[View[Any], Any] = {}
        self.accessed: set[View[Any]] | None = None  # a set: record every view read (tests)

    def __getitem__(self, view: View[T]) -> T:
        if self.accessed is not None:
            self.accessed.add(view)
        try:
            return self._values[view]
        except KeyError:
            value = self._values[view] = view.build(self.doc)
            return value

    def __contains__(self, view: View[Any]) -> bool:
        """Has the view been built (a rule may use it when it is there for free)?"""
        return view in self._values

    def get(self, view: View[T]) -> T | None:
        """The view if it has been built, else None (without building it)."""
        if view not in self._values:
            return None
        return self[view]

    def track(self) -> set[View[Any]]:
        """Start recording the views read; returns the set that fills up."""
        self.accessed = set()
        return self.accessed


def closure(views: tuple[View[Any], ...]) -> set[View[Any]]:
    """The views and every view their builders read, transitively."""
    out: set[View[Any]] = set()
    todo = list(views)
    while todo:
        v = todo.pop()
        if v not in out:
            out.add(v)
            todo.extend(v.reads() if callable(v.reads) else v.reads)
    return out


# ---- views of the document model that rules of several families share ---------------------------
def _prose_lower(doc: Document) -> str:
    return doc.prose.lower()


def _prose_folded(doc: Document) -> str:
    from newslint.rules.lines import fold_case  # the case folding the `regex` module uses

    return fold_case(doc.prose)


def _word_texts(doc: Document) -> list[str]:
    """The texts of ``doc.tokens`` in order, from one ``findall`` (no Token objects: only a
    document with something to report pays for the offsets)."""
    toks = doc.tokens_if_built
    if toks is not None:
        return [t.text for t in toks]
    from newslint.document import WORD

    return WORD.findall(doc.prose)


PROSE_LOWER: View[str] = View("prose-lower", _prose_lower)
PROSE_FOLDED: View[str] = View("prose-folded", _prose_folded)
WORD_TEXTS: View[list[str]] = View("word-texts", _word_texts)
WORD_LOWS: View[list[str]] = View("word-lows", lambda doc: list(map(str.lower, doc.index[WORD_TEXTS])), (WORD_TEXTS,))

__all__ = ["View", "DocumentIndex", "closure", "PROSE_LOWER", "PROSE_FOLDED", "WORD_TEXTS", "WORD_LOWS"]
