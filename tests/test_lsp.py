"""End-to-end tests of `newslint lsp`: a real server process driven over LSP by pytest-lsp.

Expected positions are computed here, from the text, independently of the server: findings
come from newslint.lint_text (code-point offsets) and are converted to UTF-16 / UTF-8 columns
by encoding the line prefix.
"""
from __future__ import annotations

import ast
import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

import newslint
from newslint.config import config_for
from newslint.registry import all_rules

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lsp_helpers import SEED_EMOJI, as_tuple, client_range, write_workspace

SERVER = [sys.executable, "-m", "newslint", "lsp"]
CORPUS_SERVER = [sys.executable, str(Path(__file__).resolve().parent / "lsp_helpers.py")]
INIT = {"debounceMs": 0}
TIMEOUT = 10


def push_caps() -> types.ClientCapabilities:
    """VS Code 1.65 profile: utf-16, no pull diagnostics (so the server pushes)."""
    return client_capabilities("visual-studio-code")


def pull_caps() -> types.ClientCapabilities:
    """A client that pulls and honours workspace/diagnostic/refresh (VS Code >= 1.67)."""
    caps = client_capabilities("visual-studio-code")
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(dynamic_registration=False, related_document_support=False)
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return caps


async def start(client: LanguageClient, root: Path, caps: types.ClientCapabilities, init=None) -> None:
    client.registrations = []  # type: ignore[attr-defined]

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):  # pytest-lsp has no handler for it
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    client.init_result = await client.initialize_session(  # type: ignore[attr-defined]
        types.InitializeParams(
            capabilities=caps,
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ws")],
            initialization_options=INIT if init is None else init,
        )
    )


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return write_workspace(tmp_path / "ws")


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, ws: Path):
    await start(lsp_client, ws, push_caps())
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def pull_client(lsp_client: LanguageClient, ws: Path):
    await start(lsp_client, ws, pull_caps())
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def nvim_client(lsp_client: LanguageClient, ws: Path):
    await start(lsp_client, ws, client_capabilities("neovim"))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=CORPUS_SERVER))
async def corpus_client(lsp_client: LanguageClient, ws: Path):
    await start(lsp_client, ws, push_caps())
    yield
    await lsp_client.shutdown_session()


# ---- helpers ---------------------------------------------------------------------------------------
def open_doc(client: LanguageClient, path: Path, text: str | None = None, language: str | None = None, version: int = 1) -> str:
    if text is None:
        text = path.read_text(encoding="utf-8")
    else:
        path.write_text(text, encoding="utf-8", newline="")
    uri = path.as_uri()
    language = language or ("markdown" if path.suffix == ".md" else "plaintext")
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))
    return uri


async def wait_diags(client: LanguageClient, uri: str, pred=lambda d: True, timeout: float = TIMEOUT):
    """Wait until a publish for ``uri`` satisfies ``pred``; return its diagnostics."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if uri in client.diagnostics and pred(client.diagnostics[uri]):
            return client.diagnostics[uri]
        await asyncio.sleep(0.02)
    raise AssertionError(f"no matching diagnostics for {uri}; last: {client.diagnostics.get(uri)!r}")


def expected(text: str, path: Path, encoding: str = "utf-16", config=None) -> list[tuple]:
    findings = newslint.lint_text(text, path=str(path), config=config)
    return sorted((f.code, client_range(text, f.start, f.end, encoding)) for f in findings)


def got(diags) -> list[tuple]:
    return sorted((d.code, as_tuple(d.range)) for d in diags)


def change(client: LanguageClient, uri: str, version: int, start: tuple[int, int], end: tuple[int, int], text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(types.Position(*start), types.Position(*end)), text=text)],
        )
    )


def apply_text_edits(text: str, edits, encoding: str = "utf-16") -> str:
    """Apply LSP TextEdits to text (test-side, independent of the server)."""
    import re

    lines = re.split(r"(?<=\r\n)|(?<=\n)(?<!\r\n)|(?<=\r)(?!\n)", text)

    def offset(pos) -> int:
        base = sum(len(x) for x in lines[: pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        units, i = 0, 0
        while i < len(line) and units < pos.character:
            ch = line[i]
            units += len(ch.encode("utf-16-le")) // 2 if encoding == "utf-16" else len(ch.encode("utf-8"))
            i += 1
        return base + i

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for a, b, new in spans:
        text = text[:a] + new + text[b:]
    return text


def action_command(action) -> tuple[str, list]:
    """(command, arguments) of a code action that runs a command. lsprotocol's client decodes
    a CodeAction with a `command` member as a Command whose `command` is the repr of the
    nested Command (Command | CodeAction is ambiguous to it): undo that here."""
    if isinstance(action, types.Command):
        if action.command.startswith("{"):
            nested = ast.literal_eval(action.command)
            return nested["command"], nested["arguments"]
        return action.command, list(action.arguments or [])
    return action.command.command, list(action.command.arguments or [])


def typo_rule_exists() -> bool:
    return any(r.category == "typo" and getattr(r, "origin", "") == "built-in" for r in all_rules())


EMOJI_TEXT = "Intro line here.\r\nWe were on politite terms \U0001F44B and politite again.\r\nLast politite line.\r\n"


# ---- diagnostics and positions ------------------------------------------------------------------------
async def test_seed_article_utf16_ranges(client: LanguageClient, ws: Path):
    if not SEED_EMOJI.is_file():
        pytest.skip(f"seed article not found: {SEED_EMOJI}")
    path = ws / SEED_EMOJI.name
    shutil.copy(SEED_EMOJI, path)
    text = path.read_text(encoding="utf-8")
    assert "\U0001F44B" in text.splitlines()[70]  # the emoji on line 71
    uri = open_doc(client, path)
    want = expected(text, path)
    assert want, "the seed article should have findings"
    diags = await wait_diags(client, uri, lambda d: len(d) > 0)
    assert got(diags) == want
    assert any(d.range.start.line == 70 for d in diags)
    d = diags[0]
    assert d.source == "newslint" and d.severity in (types.DiagnosticSeverity.Warning, types.DiagnosticSeverity.Information)
    boilerplate = {f.code for f in newslint.lint_text(text, path=str(path)) if f.category == "boilerplate"}
    assert boilerplate
    for x in diags:  # boilerplate: removal is the fix, shown faded
        assert (types.DiagnosticTag.Unnecessary in (x.tags or ())) == (x.code in boilerplate), x  # boilerplate: removal is the fix


async def test_crlf_and_emoji_before_a_finding(client: LanguageClient, ws: Path):
    path = ws / "emoji.txt"
    uri = open_doc(client, path, EMOJI_TEXT)
    diags = await wait_diags(client, uri, lambda d: len(d) == 3)
    assert got(diags) == expected(EMOJI_TEXT, path)
    # the second hit on line 1 sits after the emoji: UTF-16 column = code points + 1
    ranges = sorted(as_tuple(d.range) for d in diags)
    assert ranges[0] == ((1, 11), (1, 19))
    assert ranges[1] == ((1, 33), (1, 41))  # code points 32..40
    assert ranges[2] == ((2, 5), (2, 13))
    assert all(d.code == "XT001" and d.source == "newslint" for d in diags)


async def test_utf8_negotiated_with_neovim(nvim_client: LanguageClient, ws: Path):
    assert nvim_client.init_result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    path = ws / "emoji.txt"
    uri = open_doc(nvim_client, path, EMOJI_TEXT)
    report = await nvim_client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri)))
    assert got(report.items) == expected(EMOJI_TEXT, path, "utf-8")
    assert ((1, 35), (1, 43)) in [as_tuple(d.range) for d in report.items]  # the emoji is 4 bytes


async def test_incremental_change_republishes_and_bursts_coalesce(client: LanguageClient, ws: Path):
    path = ws / "edit.txt"
    uri = open_doc(client, path, EMOJI_TEXT)
    await wait_diags(client, uri, lambda d: len(d) == 3)
    change(client, uri, 2, (1, 11), (1, 19), "polite")  # the first politite on line 1
    text = "Intro line here.\r\nWe were on polite terms \U0001F44B and politite again.\r\nLast politite line.\r\n"
    diags = await wait_diags(client, uri, lambda d: len(d) == 2)
    assert got(diags) == expected(text, path)
    # a burst of 300 single-character inserts at the start of the last line
    version = 3
    for i in range(300):
        change(client, uri, version, (2, 0), (2, 0), "x" if i % 2 else "y")
        version += 1
    final = text.replace("Last politite", "".join("x" if i % 2 else "y" for i in reversed(range(300))) + "Last politite")
    want = expected(final, path)
    diags = await wait_diags(client, uri, lambda d: got(d) == want)
    assert got(diags) == want
    hover = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(1, 36)))
    assert hover is not None  # still alive and in sync


async def test_closed_document_is_cleared(client: LanguageClient, ws: Path):
    path = ws / "close.txt"
    uri = open_doc(client, path, EMOJI_TEXT)
    await wait_diags(client, uri, lambda d: len(d) == 3)
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    await wait_diags(client, uri, lambda d: len(d) == 0)
    # requests on the closed document answer emptily instead of failing
    hover = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(1, 12)))
    assert hover is None


async def test_languages_setting(client: LanguageClient, ws: Path):
    path = ws / "code.py"
    uri = open_doc(client, path, "x = 'politite'\n", language="python")
    other = open_doc(client, ws / "ok.txt", "politite\n")
    await wait_diags(client, other, lambda d: len(d) == 1)
    await asyncio.sleep(0.2)
    assert len(client.diagnostics.get(uri, ())) == 0


# ---- pull vs push -----------------------------------------------------------------------------------
async def test_pull_client_gets_no_push_and_pulls_the_same(pull_client: LanguageClient, ws: Path):
    path = ws / "pull.txt"
    uri = open_doc(pull_client, path, EMOJI_TEXT)
    report = await pull_client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri)))
    assert report.kind == "full"
    assert got(report.items) == expected(EMOJI_TEXT, path)
    await asyncio.sleep(0.3)
    assert uri not in pull_client.diagnostics  # nothing pushed: no duplicates in the editor
    ws_report = await pull_client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    items = {r.uri: r.items for r in ws_report.items}
    assert got(items[uri]) == expected(EMOJI_TEXT, path)


# ---- code actions ---------------------------------------------------------------------------------------
async def code_actions(client, uri, rng, only=None, diags=()):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=rng,
            context=types.CodeActionContext(diagnostics=list(diags), only=only),
        )
    )


async def test_code_actions_fix_disable_and_fix_all(client: LanguageClient, ws: Path):
    path = ws / "fix.txt"
    uri = open_doc(client, path, EMOJI_TEXT)
    diags = await wait_diags(client, uri, lambda d: len(d) == 3)
    after_emoji = next(d for d in diags if as_tuple(d.range) == ((1, 33), (1, 41)))
    actions = await code_actions(client, uri, after_emoji.range, diags=[after_emoji])
    titles = [a.title for a in actions]
    fix = actions[0]
    assert fix.title == "Replace with 'polite'" and fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    (edit,) = fix.edit.changes[uri]
    assert as_tuple(edit.range) == ((1, 33), (1, 41)) and edit.new_text == "polite"
    fixed = apply_text_edits(EMOJI_TEXT, [edit])
    assert "\U0001F44B and polite again" in fixed

    # disable for this line: the comment goes above the line, CRLF kept, and silences it
    disable = next(a for a in actions if a.title == "Disable XT001 for this line")
    new_text = apply_text_edits(EMOJI_TEXT, disable.edit.changes[uri])
    assert new_text.split("\r\n")[1] == "<!-- newslint-disable-next-line XT001 -->"
    assert [f.line for f in newslint.lint_text(new_text, path=str(path))] == [4]
    file_wide = next(a for a in actions if a.title == "Disable XT001 for this file")
    assert newslint.lint_text(apply_text_edits(EMOJI_TEXT, file_wide.edit.changes[uri]), path=str(path)) == []
    # offered once each; no "add to dictionary": the accept list cannot silence a known-typo rule
    assert len(titles) == len(set(titles))
    assert not [t for t in titles if t.startswith("Add ")]

    # fix all: one edit, equal to engine.fix_text
    fix_all = await code_actions(client, uri, types.Range(types.Position(0, 0), types.Position(0, 0)), only=["source.fixAll.newslint"])
    assert [a.kind for a in fix_all] == ["source.fixAll.newslint"]
    result = apply_text_edits(EMOJI_TEXT, fix_all[0].edit.changes[uri])
    assert result == newslint.fix_text(EMOJI_TEXT, path=str(path))[0]
    assert "politite" not in result

    # the edited document republishes
    (e,) = fix_all[0].edit.changes[uri]
    change(client, uri, 2, (e.range.start.line, e.range.start.character), (e.range.end.line, e.range.end.character), e.new_text)
    await wait_diags(client, uri, lambda d: len(d) == 0)


async def test_hover_explains_the_rule(client: LanguageClient, ws: Path):
    path = ws / "hover.txt"
    uri = open_doc(client, path, EMOJI_TEXT)
    await wait_diags(client, uri, lambda d: len(d) == 3)
    hover = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(1, 36)))
    assert hover.contents.kind == types.MarkupKind.Markdown
    rule = newslint.registry.find_rule("XT001", config_for(path))
    assert rule.describe().strip() in hover.contents.value
    assert as_tuple(hover.range) == ((1, 33), (1, 41))
    none = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 2)))
    assert none is None


# ---- configuration --------------------------------------------------------------------------------------
async def test_did_change_configuration_select_ignore(client: LanguageClient, ws: Path):
    if not SEED_EMOJI.is_file():
        pytest.skip(f"seed article not found: {SEED_EMOJI}")
    path = ws / "cfg.txt"
    text = SEED_EMOJI.read_text(encoding="utf-8") + "\npolitite\n"
    uri = open_doc(client, path, text)
    diags = await wait_diags(client, uri, lambda d: len(d) > 0)
    codes = {d.code for d in diags}
    assert {"XT001", "NL110"} <= codes
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"newslint": {"ignore": ["NL110"]}}))
    diags = await wait_diags(client, uri, lambda d: "NL110" not in {x.code for x in d})
    assert {d.code for d in diags} == codes - {"NL110"}
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"newslint": {"select": ["XT001"]}}))
    diags = await wait_diags(client, uri, lambda d: {x.code for x in d} == {"XT001"})
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"newslint": {"select": ["XT001"], "severity": {"XT001": "error"}}})
    )
    diags = await wait_diags(client, uri, lambda d: d and all(x.severity == types.DiagnosticSeverity.Error for x in d))


async def test_config_file_change_is_picked_up(client: LanguageClient, ws: Path):
    path = ws / "watch.txt"
    uri = open_doc(client, path, EMOJI_TEXT)
    await wait_diags(client, uri, lambda d: len(d) == 3)
    cfg = ws / "newslint.toml"
    cfg.write_text('select = ["XT", "NL1"]\npacks = ["pack.toml"]\nignore = ["XT001"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=cfg.as_uri(), type=types.FileChangeType.Changed)])
    )
    await wait_diags(client, uri, lambda d: len(d) == 0)
    # no notification this time: the next lint still sees the new mtime
    time.sleep(0.01)
    cfg.write_text('select = ["XT", "NL1"]\npacks = ["pack.toml"]\n', encoding="utf-8")
    change(client, uri, 2, (0, 0), (0, 0), "A ")
    await wait_diags(client, uri, lambda d: len(d) == 3)


async def test_broken_config_shows_one_error_and_keeps_running(client: LanguageClient, ws: Path):
    (ws / "newslint.toml").write_text('dialect = "en_XX"\n', encoding="utf-8")
    uri = open_doc(client, ws / "broken.txt", "Leave a Reply\n")
    open_doc(client, ws / "broken2.txt", "Leave a Reply\n")
    diags = await wait_diags(client, uri, lambda d: len(d) == 1)  # defaults: NL101 comment-form
    assert diags[0].code == "NL101"
    await asyncio.sleep(0.2)
    errors = [m for m in client.messages if m.type == types.MessageType.Error]
    assert len(errors) == 1
    assert "newslint.toml" in errors[0].message and "dialect" in errors[0].message


# ---- add to dictionary --------------------------------------------------------------------------------------
SPELL_TEXT = "We were on politite terms \U0001F44B and the the talks went on.\n"


async def test_add_word_command_writes_the_accept_list(client: LanguageClient, ws: Path):
    write_workspace(ws, select=("NL201", "NL202"))
    uri = open_doc(client, ws / "typo.txt", SPELL_TEXT)
    diags = await wait_diags(client, uri, lambda d: {x.code for x in d} == {"NL201", "NL202"})
    spelling = next(d for d in diags if d.code == "NL201")
    actions = await code_actions(client, uri, spelling.range, diags=[spelling])
    add = next(a for a in actions if a.title.startswith("Add 'politite'"))
    name, arguments = action_command(add)
    assert name == "newslint.addWord"
    assert "newslint.addWord" in client.init_result.capabilities.execute_command_provider.commands
    ok = await client.workspace_execute_command_async(types.ExecuteCommandParams(command=name, arguments=arguments))
    assert ok is True
    accept = ws / ".newslint" / "accept.txt"
    assert accept.read_text(encoding="utf-8") == "politite\n"
    await client.workspace_execute_command_async(types.ExecuteCommandParams(command="newslint.addWord", arguments=[uri, "Xanadu"]))
    assert accept.read_text(encoding="utf-8") == "politite\nXanadu\n"  # appended, no duplicates
    await client.workspace_execute_command_async(types.ExecuteCommandParams(command="newslint.addWord", arguments=[uri, "politite"]))
    assert accept.read_text(encoding="utf-8").count("politite") == 1
    # the squiggle goes without another edit: the server re-publishes by itself
    diags = await wait_diags(client, uri, lambda d: {x.code for x in d} == {"NL202"})


async def test_only_spelling_findings_offer_the_dictionary_and_actions_are_unique(client: LanguageClient, ws: Path):
    write_workspace(ws, select=("NL201", "NL202"))
    uri = open_doc(client, ws / "dup.txt", SPELL_TEXT)
    diags = await wait_diags(client, uri, lambda d: {x.code for x in d} == {"NL201", "NL202"})
    whole = types.Range(types.Position(0, 0), types.Position(1, 0))
    actions = await code_actions(client, uri, whole, diags=diags)
    keys = [(a.title, repr(getattr(a, "edit", None)), repr(getattr(a, "command", None))) for a in actions]
    assert len(keys) == len(set(keys)), keys
    titles = [a.title for a in actions]
    assert titles.count("Replace with 'polite'") == 1  # the fix and the first suggestion: one action
    assert "Remove the second 'the'" in titles
    adds = [t for t in titles if t.startswith("Add ")]
    assert adds == ["Add 'politite' to the project dictionary"]  # never "Add 'the the'"
    doubled = next(d for d in diags if d.code == "NL202")
    only_doubled = await code_actions(client, uri, doubled.range, diags=[doubled])
    assert not [a.title for a in only_doubled if a.title.startswith("Add ")]


async def test_added_words_are_stored_literally(client: LanguageClient, ws: Path):
    """Words with regex metacharacters are accepted as written, and never run as patterns."""
    write_workspace(ws, select=("NL201",))
    uri = open_doc(client, ws / "meta.txt", "An ordinary line.\n")
    await wait_diags(client, uri, lambda d: len(d) == 0)
    words = ["C++.(beta)", "(a|aa)+", "#hashtag"]
    for w in words:
        ok = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="newslint.addWord", arguments=[uri, w]))
        assert ok is True
    from newslint.rules.spelling import vocabulary_for

    vocab = vocabulary_for(config_for(ws / "meta.txt"))
    for w in words:
        assert vocab.accepts(w), w
    assert not vocab.accepts("aaa") and not vocab.accepts("hashtag")  # literal, not patterns
    # a word that would backtrack for ever as a pattern: the server still answers at once
    hostile = "a" * 40 + "b"
    change(client, uri, 2, (0, 0), (0, 0), f"The {hostile} councl test.\n")
    t0 = time.monotonic()
    diags = await wait_diags(client, uri, lambda d: any(x.code == "NL201" for x in d), timeout=20)
    assert time.monotonic() - t0 < 10
    assert [x.code for x in diags] == ["NL201"] and diags[0].range.start.character == 46  # "councl"


async def test_added_word_stops_being_flagged(client: LanguageClient, ws: Path):
    if not typo_rule_exists():
        pytest.skip("no built-in typo rule yet (newslint.spelling is not registered as a rule); "
                    "the accept-list write is covered by test_add_word_command_writes_the_accept_list")
    write_workspace(ws, select=None)  # every default rule, the typo rule included
    sample = "The minister said the councl would meet on Tuesday.\n"
    findings = [f for f in newslint.lint_text(sample, path=str(ws / "x.txt")) if f.category == "typo"]
    if not findings:
        pytest.skip("the typo rule does not flag the sample word")
    word = sample[findings[0].start : findings[0].end]
    uri = open_doc(client, ws / "spell.txt", sample)
    await wait_diags(client, uri, lambda d: any(sample[0:0] == "" and x.code == findings[0].code for x in d))
    await client.workspace_execute_command_async(types.ExecuteCommandParams(command="newslint.addWord", arguments=[uri, word]))
    assert word in (ws / ".newslint" / "accept.txt").read_text(encoding="utf-8").split()
    await wait_diags(client, uri, lambda d: not any(x.code == findings[0].code for x in d))


# ---- workspace (corpus) diagnostics ------------------------------------------------------------------------
async def test_corpus_diagnostics_link_the_articles(corpus_client: LanguageClient, ws: Path):
    closed = ws / "story_b.txt"
    closed.write_text("Later reports said 15 people died in the blaze.\n", encoding="utf-8")
    uri = open_doc(corpus_client, ws / "story_a.txt", "Officials said 12 people died \U0001F44B, 12 people died.\n")
    diags = await wait_diags(corpus_client, uri, lambda d: any(x.code == "XT900" for x in d))
    corpus = [d for d in diags if d.code == "XT900"]
    assert sorted(as_tuple(d.range) for d in corpus) == [((0, 15), (0, 17)), ((0, 34), (0, 36))]
    rel = corpus[0].related_information
    assert rel[0].location.uri == closed.as_uri()
    assert as_tuple(rel[0].location.range) == ((0, 19), (0, 21))
    # the closed file gets its own (pushed) diagnostics, pointing back at the open one
    closed_diags = await wait_diags(corpus_client, closed.as_uri(), lambda d: len(d) == 1)
    assert {r.location.uri for r in closed_diags[0].related_information} == {uri}
    # fixing the number (and saving) clears them
    change(corpus_client, uri, 2, (0, 0), (1, 0), "Officials said 15 people died.\n")
    (ws / "story_a.txt").write_text("Officials said 15 people died.\n", encoding="utf-8")
    corpus_client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
    await wait_diags(corpus_client, closed.as_uri(), lambda d: len(d) == 0)


# ---- robustness -------------------------------------------------------------------------------------------
async def test_malformed_and_out_of_range_requests(client: LanguageClient, ws: Path):
    path = ws / "robust.txt"
    uri = open_doc(client, path, EMOJI_TEXT)
    await wait_diags(client, uri, lambda d: len(d) == 3)
    far = types.Position(10_000, 10_000)
    assert await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), far)) is None
    acts = await code_actions(client, uri, types.Range(far, far))
    assert isinstance(acts, (list, tuple))
    acts = await code_actions(client, uri, types.Range(types.Position(1, 500), types.Position(0, 0)))
    assert isinstance(acts, (list, tuple))
    unknown = (ws / "never-opened.txt").as_uri()
    assert await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(unknown), types.Position(0, 0))) is None
    # bogus command arguments
    assert await client.workspace_execute_command_async(types.ExecuteCommandParams(command="newslint.addWord", arguments=[{"x": 1}])) is False
    # a change to a document that was never opened, and one far out of range
    change(client, unknown, 2, (0, 0), (0, 0), "x")
    change(client, uri, 2, (500, 0), (600, 0), "\nappended politite\n")
    assert len(await wait_diags(client, uri, lambda d: len(d) == 4)) == 4  # the out-of-range edit applied
    # the next request still works
    hover = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(1, 36)))
    assert hover is not None and "XT001" in hover.contents.value


def test_server_exits_when_the_client_disappears(tmp_path: Path):
    """stdin closed without shutdown (the editor crashed): exit, status 1."""
    proc = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}}).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()
    header = proc.stdout.readline()
    assert header.startswith(b"Content-Length")
    proc.stdin.close()  # the editor crashed
    try:
        rc = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError("the server kept running after stdin closed") from None
    assert rc == 1, proc.stderr.read().decode()[-2000:]


def _frame(obj) -> bytes:
    body = (obj if isinstance(obj, bytes) else json.dumps(obj).encode())
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _read_message(stream) -> dict:
    length = None
    while True:
        line = stream.readline()
        if not line:
            raise EOFError("server closed stdout")
        if line in (b"\r\n", b"\n"):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(stream.read(length))


def test_malformed_messages_do_not_crash_the_server(tmp_path: Path):
    """Raw JSON-RPC: broken JSON, wrong param shapes, unknown methods; then a normal session."""
    proc = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=tmp_path)
    try:
        send = lambda obj: (proc.stdin.write(_frame(obj)), proc.stdin.flush())  # noqa: E731
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}, "initializationOptions": {"debounceMs": 0}}})
        assert _read_message(proc.stdout)["id"] == 1
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        send(b"{this is not json")
        send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": 5}})
        send({"jsonrpc": "2.0", "id": 3, "method": "newslint/nope", "params": {}})
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"garbage": True}})
        uri = (tmp_path / "a.txt").as_uri()
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": "Leave a Reply\n"}}})
        send({"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}})
        responses, pushed = {}, None
        deadline = time.monotonic() + 15
        while (4 not in responses or pushed is None) and time.monotonic() < deadline:
            msg = _read_message(proc.stdout)
            if "id" in msg and "method" not in msg:
                responses[msg["id"]] = msg
            elif msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
                pushed = msg["params"]["diagnostics"]
        # pygls 2.1 answers nothing to a request whose params do not deserialize (id 2): it
        # only logs it; an unknown method gets a MethodNotFound error
        assert "error" in responses[3] and "result" not in responses.get(2, {})
        assert "NL101" in responses[4]["result"]["contents"]["value"]
        assert [d["code"] for d in pushed] == ["NL101"]
        send({"jsonrpc": "2.0", "id": 5, "method": "shutdown"})
        while _read_message(proc.stdout).get("id") != 5:
            pass
        send({"jsonrpc": "2.0", "method": "exit"})
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


def _session(root: Path, env: dict) -> tuple[dict, list]:
    """initialize, open one document, wait for its diagnostics, shut down: (result, diagnostics)."""
    proc = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=root, env=env)
    try:
        send = lambda obj: (proc.stdin.write(_frame(obj)), proc.stdin.flush())  # noqa: E731
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": root.as_uri(), "capabilities": {}, "initializationOptions": {"debounceMs": 0}}})
        result = _read_message(proc.stdout)["result"]
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        uri = (root / "a.txt").as_uri()
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": "Leave a Reply\nThe minister spoke.\n"}}})
        while True:
            msg = _read_message(proc.stdout)
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
                diags = msg["params"]["diagnostics"]
                break
        send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        while _read_message(proc.stdout).get("id") != 2:
            pass
        send({"jsonrpc": "2.0", "method": "exit"})
        assert proc.wait(timeout=10) == 0
        return result, diags
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_session_answers_initialize_and_reports_diagnostics(tmp_path: Path):
    """A whole session over raw pipes: initialize, a document's findings, shutdown, exit 0.
    Nothing is cached between starts (no code is ever read back from disk)."""
    cache = tmp_path / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    first = _session(tmp_path, env)
    second = _session(tmp_path, env)
    assert first == second and [d["code"] for d in first[1]] == ["NL101"]
    assert not cache.exists() or not any(cache.rglob("*"))


def test_the_server_answers_initialize_before_loading_the_engine():
    """`newslint lsp` imports no rule, pack or word list before the handshake (they load in
    the background after `initialized`); the package API still loads on first use."""
    code = (
        "import sys, newslint.cli, newslint.server; "
        "print(sorted(m for m in ('newslint.engine', 'newslint.registry', 'newslint.packs', 'regex') if m in sys.modules)); "
        "import newslint; print(newslint.lint_text('Leave a Reply')[0].code, sorted(newslint.__all__) == sorted(['__version__', *newslint._API]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["[]", "NL101 True"]


# ---- a slow document cannot hold up the server (checks run in worker processes) --------------------------
# XT901 (tests/lsp_helpers.py) keeps its worker busy, holding the GIL, for N s on "SLOWDOC N".
async def test_server_answers_and_small_documents_go_ahead_while_slow_ones_are_checked(corpus_client: LanguageClient, ws: Path):
    for name in ("slow1.txt", "slow2.txt"):
        open_doc(corpus_client, ws / name, "SLOWDOC 12\n")
    await asyncio.sleep(0.2)
    t0 = time.monotonic()
    small = open_doc(corpus_client, ws / "small.txt", EMOJI_TEXT)
    await wait_diags(corpus_client, small, lambda d: len(d) == 3, timeout=12)
    waited = time.monotonic() - t0
    assert waited < 6, f"the small document waited {waited:.1f} s behind the slow ones (which take 12 s)"
    # the server answers requests at once meanwhile
    t0 = time.monotonic()
    hover = await corpus_client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(small), types.Position(1, 36)))
    assert hover is not None and "XT001" in hover.contents.value
    ok = await corpus_client.workspace_execute_command_async(types.ExecuteCommandParams(command="newslint.addWord", arguments=[{"x": 1}]))
    assert ok is False and time.monotonic() - t0 < 1.0
    slow = (ws / "slow1.txt").as_uri()
    assert slow not in corpus_client.diagnostics  # still being checked
    diags = await wait_diags(corpus_client, slow, lambda d: len(d) == 1, timeout=30)
    assert diags[0].code == "XT901"


async def test_a_superseded_version_is_dropped(corpus_client: LanguageClient, ws: Path):
    uri = open_doc(corpus_client, ws / "edited.txt", "SLOWDOC 10\n")
    await asyncio.sleep(1.0)
    change(corpus_client, uri, 2, (0, 0), (1, 0), "Leave a Reply\n")
    t0 = time.monotonic()
    diags = await wait_diags(corpus_client, uri, lambda d: len(d) > 0, timeout=8)
    assert time.monotonic() - t0 < 4
    assert [d.code for d in diags] == ["NL101"]
    await asyncio.sleep(0.5)
    assert [d.code for d in corpus_client.diagnostics[uri]] == ["NL101"]  # version 1 never shown


@pytest_lsp.fixture(config=ClientServerConfig(server_command=CORPUS_SERVER))
async def budget_client(lsp_client: LanguageClient, ws: Path):
    await start(lsp_client, ws, push_caps(), init={"debounceMs": 0, "timeBudgetMs": 1500})
    yield
    await lsp_client.shutdown_session()


async def test_a_check_past_its_time_budget_is_stopped_and_said_so(budget_client: LanguageClient, ws: Path):
    uri = open_doc(budget_client, ws / "stuck.txt", "SLOWDOC 30\n")
    t0 = time.monotonic()
    diags = await wait_diags(budget_client, uri, lambda d: len(d) > 0, timeout=10)
    assert time.monotonic() - t0 < 6
    assert len(diags) == 1 and "stopped checking this document after 1.5 s" in diags[0].message
    assert diags[0].severity == types.DiagnosticSeverity.Information
    shown = [m.message for m in budget_client.messages]
    assert any("stopped checking" in m for m in shown)
    change(budget_client, uri, 2, (0, 0), (1, 0), "Leave a Reply\n")  # the server goes on
    diags = await wait_diags(budget_client, uri, lambda d: [x.code for x in d] == ["NL101"], timeout=10)


# ---- workspace findings on open, refresh after the dictionary changes ---------------------------------------
@pytest_lsp.fixture(config=ClientServerConfig(server_command=CORPUS_SERVER))
async def nvim_corpus_client(lsp_client: LanguageClient, ws: Path):
    await start(lsp_client, ws, client_capabilities("neovim"))  # 0.11: pulls, but ignores refresh
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=CORPUS_SERVER))
async def pull_corpus_client(lsp_client: LanguageClient, ws: Path):
    await start(lsp_client, ws, pull_caps())
    yield
    await lsp_client.shutdown_session()


STORY_A = "Officials said 12 people died. We were on politite terms.\n"
STORY_B = "Later reports said 15 people died in the blaze.\n"


async def test_a_client_that_cannot_be_told_to_pull_gets_workspace_findings_pushed_on_open(nvim_corpus_client: LanguageClient, ws: Path):
    assert nvim_corpus_client.init_result.capabilities.diagnostic_provider is None  # so it does not pull
    write_workspace(ws, select=("XT900", "NL201"))
    (ws / "story_b.txt").write_text(STORY_B, encoding="utf-8")
    uri = open_doc(nvim_corpus_client, ws / "story_a.txt", STORY_A)
    diags = await wait_diags(nvim_corpus_client, uri, lambda d: {x.code for x in d} == {"XT900", "NL201"})
    assert len(diags) == 2
    # add to dictionary: re-published without an edit
    await nvim_corpus_client.workspace_execute_command_async(types.ExecuteCommandParams(command="newslint.addWord", arguments=[uri, "politite"]))
    await wait_diags(nvim_corpus_client, uri, lambda d: [x.code for x in d] == ["XT900"])


async def test_a_pulling_client_is_told_to_pull_again(pull_corpus_client: LanguageClient, ws: Path):
    client = pull_corpus_client
    assert client.init_result.capabilities.diagnostic_provider is not None
    write_workspace(ws, select=("XT900", "NL201"))
    (ws / "story_b.txt").write_text(STORY_B, encoding="utf-8")
    uri = open_doc(client, ws / "story_a.txt", STORY_A)

    async def pull() -> set[str]:
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri)))
        return {d.code for d in report.items}

    assert "NL201" in await pull()
    deadline = time.monotonic() + TIMEOUT
    while client.diagnostic_refresh_count == 0 and time.monotonic() < deadline:  # the workspace findings came in
        await asyncio.sleep(0.02)
    assert client.diagnostic_refresh_count >= 1
    assert await pull() == {"XT900", "NL201"}
    before = client.diagnostic_refresh_count
    await client.workspace_execute_command_async(types.ExecuteCommandParams(command="newslint.addWord", arguments=[uri, "politite"]))
    deadline = time.monotonic() + TIMEOUT
    while client.diagnostic_refresh_count == before and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    assert client.diagnostic_refresh_count > before  # the dictionary changed: pull again
    assert await pull() == {"XT900"}
    assert uri not in client.diagnostics  # never pushed


# ---- links to the rules' docs ----------------------------------------------------------------------------------
async def test_diagnostics_link_to_the_rule_docs(client: LanguageClient, ws: Path):
    from newslint.lsp_convert import DOCS_URL

    write_workspace(ws, select=("XT", "NL1", "NL201"))
    uri = open_doc(client, ws / "docs.txt", "Leave a Reply\nWe were on politite terms.\n")
    diags = await wait_diags(client, uri, lambda d: {x.code for x in d} == {"NL101", "NL201", "XT001"})
    href = {d.code: d.code_description.href if d.code_description else None for d in diags}
    assert href["NL101"] == DOCS_URL.format(code="NL101")
    assert href["NL201"] == DOCS_URL.format(code="NL201")
    assert href["XT001"] is None  # a project's own pack rule has no page on the docs site
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"newslint": {"docsUrl": "https://docs.example/{code}.html"}}))
    diags = await wait_diags(client, uri, lambda d: any(x.code_description and "docs.example" in x.code_description.href for x in d))
    assert {d.code: d.code_description.href for d in diags if d.code_description} == {
        "NL101": "https://docs.example/NL101.html", "NL201": "https://docs.example/NL201.html"}
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"newslint": {"docsUrl": ""}}))
    await wait_diags(client, uri, lambda d: len(d) == 3 and all(x.code_description is None for x in d))


async def test_a_document_with_thousands_of_findings_shows_the_first_thousand_and_says_so(client: LanguageClient, ws: Path):
    from newslint.lsp.server import MAX_DIAGNOSTICS

    text = "politite\n" * (MAX_DIAGNOSTICS + 250)
    uri = open_doc(client, ws / "many.txt", text)
    diags = await wait_diags(client, uri, lambda d: len(d) > 0, timeout=30)
    assert len(diags) == MAX_DIAGNOSTICS + 1
    assert all(d.code == "XT001" for d in diags[:MAX_DIAGNOSTICS])
    assert "250 more findings" in diags[-1].message and diags[-1].code is None
    # past the cap, a finding still has its quick fix
    line = MAX_DIAGNOSTICS + 100
    actions = await code_actions(client, uri, types.Range(types.Position(line, 0), types.Position(line, 8)))
    fix = next(a for a in actions if a.title == "Replace with 'polite'")
    assert as_tuple(fix.edit.changes[uri][0].range) == ((line, 0), (line, 8))


async def test_a_file_the_command_would_skip_gets_no_diagnostics(client: LanguageClient, ws: Path):
    """The editor checks what `newslint check` checks: an open file in an ignored or excluded
    folder is left alone; the same text elsewhere is checked."""
    write_workspace(ws, extra_config='extend-exclude = ["vendor"]\n')
    for folder in ("vendor", "notes"):
        (ws / folder).mkdir()
    skipped = open_doc(client, ws / "vendor" / "copy.txt", "Leave a Reply\n")
    checked = open_doc(client, ws / "notes" / "story.txt", "Leave a Reply\n")
    assert [d.code for d in await wait_diags(client, checked, lambda d: len(d) == 1)] == ["NL101"]
    assert len(await wait_diags(client, skipped, lambda d: len(d) == 0)) == 0


async def test_a_refused_languagetool_server_is_said_once(client: LanguageClient, ws: Path, monkeypatch):
    """A project config naming a grammar server the user has not trusted: nothing is sent,
    and the editor says why, once (an engine notice shown as a warning)."""
    write_workspace(ws, select=("NL250", "NL1"), extra_config='[languagetool]\nurl = "http://127.0.0.1:9"\n')
    for name in ("a.txt", "b.txt"):
        uri = open_doc(client, ws / name, "He have a apple.\n")
        await wait_diags(client, uri, lambda d: len(d) == 0)
    await asyncio.sleep(0.3)
    warned = [m for m in client.messages if m.type == types.MessageType.Warning and "trusted-urls" in m.message]
    assert len(warned) == 1 and "127.0.0.1:9" in warned[0].message
