"""Code actions and hovers, made from a document's check (:class:`DocState`).

Each action is offered once (actions with the same title and the same edit or command are one
action: a fix titled "Replace with 'polite'" and the suggestion 'polite' are the same thing).
"Add to dictionary" is offered for the findings the accept list silences, which say so by
naming the word in ``data["word"]`` (unknown words, NL201): it cannot silence any other
finding -- a doubled word or a word on the reject list would come straight back.
"""
from __future__ import annotations

from typing import Any

from lsprotocol import types

from newslint.finding import Finding
from newslint.lsp.documents import DocState
from newslint.lsp_convert import text_edit

ADD_WORD = "newslint.addWord"
FIX_ALL_KIND = "source.fixAll.newslint"
# findings an accept-list entry silences (TODO(engine API): a rule attribute saying so)


def kind_wanted(kind: str, only: Any) -> bool:
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


def _edit_action(title: str, uri: str, edits: list[types.TextEdit], kind: str = types.CodeActionKind.QuickFix, **kw: Any) -> types.CodeAction:
    return types.CodeAction(title=title, kind=kind, edit=types.WorkspaceEdit(changes={uri: edits}), **kw)


def _identity(action: types.CodeAction) -> tuple:
    """What makes two actions the same for the user: title, and the edit or command."""
    edits: tuple = ()
    if action.edit is not None and action.edit.changes:
        edits = tuple(
            (uri, tuple((e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.new_text) for e in es))
            for uri, es in sorted(action.edit.changes.items())
        )
    cmd = (action.command.command, repr(action.command.arguments)) if action.command is not None else None
    return action.title, edits, cmd


def unique(actions: list[types.CodeAction]) -> list[types.CodeAction]:
    seen: set[tuple] = set()
    out = []
    for a in actions:
        key = _identity(a)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def dictionary_word(st: DocState, f: Finding) -> str | None:
    """The word an "add to dictionary" action would add for ``f``, or None: findings that the
    accept list silences carry that word in ``data["word"]`` (unknown words, not doubled ones
    or a word the reject list names)."""
    data = f.data or {}
    if not data.get("word") or data.get("rejected"):
        return None
    word = str(data["word"]).strip()
    return word if word and "\n" not in word and "\r" not in word else None


def quick_fixes(st: DocState, rng: types.Range) -> list[types.CodeAction]:
    """Fixes, suggestions, add-to-dictionary and disable comments for the findings in ``rng``."""
    from newslint.suppression import disable_comment

    uri, pos, doc = st.uri, st.positions, st.doc
    a, b = pos.offset(rng.start), pos.offset(rng.end)
    by_finding = st.diagnostic_of()
    actions: list[types.CodeAction] = []
    disabled: set[str] = set()
    nl = doc.newline
    for f in st.findings_in(min(a, b), max(a, b)):
        diag = [by_finding[id(f)]] if id(f) in by_finding else None
        if f.fix is not None and f.fix.edits:
            actions.append(_edit_action(
                f.fix.title or f"Fix {f.code}", uri, [text_edit(pos, e) for e in f.fix.edits],
                diagnostics=diag, is_preferred=f.fix.safety == "safe",
            ))
        actions.extend(
            _edit_action(f"Replace with '{s}'", uri, [types.TextEdit(range=pos.range(f.start, f.end), new_text=str(s))], diagnostics=diag)
            for s in (f.data or {}).get("suggestions", ()) or ()
        )
        word = dictionary_word(st, f)
        if word is not None:
            title = f"Add '{word}' to the project dictionary"
            actions.append(types.CodeAction(
                title=title, kind=types.CodeActionKind.QuickFix, diagnostics=diag,
                command=types.Command(title=title, command=ADD_WORD, arguments=[uri, word]),
            ))
        if f.code in disabled:
            continue
        disabled.add(f.code)
        line = doc.lines[doc.position(f.start).line]
        indent = line.text[: len(line.text) - len(line.text.lstrip())]
        actions.append(_edit_action(
            f"Disable {f.code} for this line", uri,
            [types.TextEdit(range=pos.range(line.start, line.start), new_text=indent + disable_comment(f.code, next_line=True) + nl)],
            diagnostics=diag,
        ))
        top = doc.front_matter_end
        actions.append(_edit_action(
            f"Disable {f.code} for this file", uri,
            [types.TextEdit(range=pos.range(top, top), new_text=disable_comment(f.code, next_line=False) + nl)],
            diagnostics=diag,
        ))
    return unique(actions)


def fix_all(st: DocState, new_text: str) -> types.CodeAction:
    return _edit_action("Fix all newslint issues", st.uri, [types.TextEdit(range=st.positions.whole(), new_text=new_text)], kind=FIX_ALL_KIND)


def hover(st: DocState, position: types.Position) -> types.Hover | None:
    off = st.positions.offset(position)
    hits = [f for f in st.findings if f.start <= off < f.end or f.start == f.end == off]
    if not hits:
        return None
    parts, seen = [], set()
    for f in hits:
        parts.append(f"**{f.code}** {f.message}")
        if f.code not in seen:
            seen.add(f.code)
            doc = st.result.rule_docs.get(f.code)
            if doc:
                parts.append(doc)
    first = min(hits, key=lambda f: f.end - f.start)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
        range=st.positions.range(first.start, first.end),
    )


__all__ = ["quick_fixes", "fix_all", "hover", "unique", "dictionary_word", "kind_wanted", "ADD_WORD", "FIX_ALL_KIND"]
