"""What a rule is: a stable code, a name, a category, a severity, an explanation, a check.

Two kinds behind one interface:

* :class:`Rule` reads one :class:`~newslint.document.Document` and yields
  :class:`~newslint.finding.Hit` objects.
* :class:`CorpusRule` looks at several articles at once. It works in two steps so that the
  per-article work runs in parallel (and on Dask): ``summarize`` turns one document into a
  small picklable summary; ``check_corpus`` compares the summaries and yields
  :class:`CorpusHit` objects, already located, since the documents may live elsewhere.
"""
from __future__ import annotations

import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from newslint.finding import Fix, Hit, Notice, Related, Severity

if TYPE_CHECKING:
    from newslint.config import Config
    from newslint.document import Document
    from newslint.finding import Finding
    from newslint.index import View


@dataclass
class RuleContext:
    """What a rule may read besides the document: the resolved configuration."""

    config: Config
    # the article's findings so far: a rule that declares ``after`` runs once the rules it
    # names have run, and may yield to their findings (``findings_of``)
    findings: list[Finding] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)  # a per-check memo of one rule family
    notices: list[Notice] = field(default_factory=list)

    def findings_of(self, category: str) -> list[Finding]:
        """The findings of ``category`` so far in this check (see ``Rule.after``)."""
        return [f for f in self.findings if f.category == category]

    def notice(self, message: str, *, path: str | None = None) -> None:
        """Tell the person running the check something that is not a finding (once)."""
        n = Notice(message, path)
        if n not in self.notices:
            self.notices.append(n)


class Rule:
    """Base class of per-document rules. Subclasses set the class attributes and ``check``."""

    code: str = ""
    name: str = ""
    category: str = "style"
    severity: Severity = "warning"
    summary: str = ""  # one line, for `newslint rules`
    explanation: str = ""  # the user documentation, for `newslint rule CODE`
    default_enabled: bool = True
    corpus: ClassVar[bool] = False
    # Harper-style examples: text that must fire, and text that must stay quiet.
    examples_bad: tuple[str, ...] = ()
    examples_good: tuple[str, ...] = ()
    origin: str = "built-in"
    # what the rule reads besides the document model: views of the document's index
    reads: tuple[View[Any], ...] = ()  # a class default; a pack rule sets its own
    # selectors (codes, prefixes, categories) of the rules whose findings this one reads: it
    # runs after every enabled rule they select
    after: ClassVar[tuple[str, ...]] = ()

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        raise NotImplementedError

    def detect(self, doc: Document) -> Iterable[Hit]:
        """What the rule finds in a document whatever the configuration: a rule whose
        detections another rule reads (the promo-footer rule reads the line rules') defines
        this, and its ``check`` returns ``doc.index[self.hits]``."""
        raise NotImplementedError(f"{self.code} shares no detections")

    @cached_property
    def hits(self) -> View[list[Hit]]:
        """This rule's detections on a document, as a view of the document's index: computed
        once, read by the rule itself and by the rules that declare it in ``reads``."""
        from newslint.index import View

        return View(f"hits of {self.code}", lambda doc: list(self.detect(doc)), self.reads)

    def codes(self) -> tuple[str, ...]:
        """Every code this rule can report (pack rules may have several)."""
        return (self.code,)

    def describe(self) -> str:
        """The text printed by `newslint rule CODE`."""
        head = f"# {self.name} ({self.code})\n\nCategory: {self.category}. Default severity: {self.severity}."
        if not self.default_enabled:
            head += " Off by default: enable it with `select`."
        from newslint.packs import shown_origin  # packs build on this module

        head += f" Defined in: {shown_origin(self.origin)}.\n"
        body = self.explanation.strip() or self.summary
        return f"{head}\n{body}\n"


@dataclass(frozen=True, slots=True)
class CorpusHit:
    """A located hit from a corpus rule (1-based lines, code-point columns)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    message: str
    related: tuple[Related, ...] = ()
    fix: Fix | None = None
    code: str | None = None
    # where each of the fix's edits lies (1-based line, column, end line, end column): the
    # corpus stage has summaries, not texts, so the rule works them out while it has the text.
    # A fix without them is not offered.
    edit_positions: tuple[tuple[int, int, int, int], ...] = ()


class CorpusRule(Rule):
    """A rule that compares articles. ``check`` may still report within one document."""

    corpus: ClassVar[bool] = True

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        return ()

    def summarize(self, doc: Document, ctx: RuleContext) -> Any:
        """A small summary of one document. Annotate the return type: the findings cache
        stores summaries as JSON and decodes them to that type (dataclasses, tuples, lists,
        dicts and scalars; an unannotated summary must be plain JSON data)."""
        raise NotImplementedError

    @property
    def summary_type(self) -> Any:
        """What ``summarize`` returns, as annotated."""
        return _summary_type(type(self))  # type: ignore[arg-type]  # a class is hashable: mypy checks its instances' __hash__

    def story_view(self, summary: Any) -> Any:
        """What ``assign_stories`` needs of a summary (default: all of it). On Dask the views
        of a whole corpus meet on one worker, so a rule with large summaries returns a small
        part here (the names and story key, not every statement)."""
        return summary

    def assign_stories(self, views: Sequence[Any], ctx: RuleContext) -> list[Any]:
        """A story key per article, from the articles' ``story_view`` in path order (None: the
        article is compared with nothing). The default puts every article in one story."""
        return [0] * len(views)

    def check_story(self, summaries: Sequence[Any], ctx: RuleContext) -> Iterable[CorpusHit]:
        """Compare the articles of one story."""
        raise NotImplementedError

    def check_corpus(self, summaries: Sequence[Any], ctx: RuleContext) -> Iterable[CorpusHit]:
        """Group into stories, then check each; the Dask engine runs the same two steps
        with a shuffle by story key in between."""
        groups: dict[Any, list[Any]] = {}
        for key, s in zip(self.assign_stories([self.story_view(s) for s in summaries], ctx), summaries, strict=False):
            if key is not None:
                groups.setdefault(key, []).append(s)
        for key in sorted(groups, key=repr):
            if len(groups[key]) >= 2:
                yield from self.check_story(groups[key], ctx)


@cache
def _summary_type(cls: type[CorpusRule]) -> Any:
    try:
        return typing.get_type_hints(cls.summarize).get("return", Any)
    except Exception:  # an annotation that does not resolve: plain JSON data
        return Any
