"""The documentation site is generated from the code and kept current; it builds."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newslint.docs import build, pages, rule_url
from newslint.registry import builtin_rules
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]


def test_committed_docs_are_current():
    """`python -m newslint.docs` has been run after the last change to rules, schema or parser."""
    stale = [rel for rel, text in pages().items() if not (ROOT / "docs" / rel).is_file() or (ROOT / "docs" / rel).read_text(encoding="utf-8") != text]
    assert not stale, f"docs/ is out of date ({stale[:5]}): run `python -m newslint.docs`"


def test_every_rule_has_a_page_with_the_text_of_newslint_rule():
    site = pages()
    for rule in builtin_rules():
        assert site[f"rules/{rule.code}.md"] == rule.describe()
    shown = run_cli("rule", "NL102").stdout
    assert shown == site["rules/NL102.md"]
    assert rule_url("NL102") == "https://newslint.readthedocs.io/en/latest/rules/NL102/"


def test_every_config_key_and_check_option_is_on_the_site():
    from newslint.config import CONFIG_KEYS

    site = pages()
    assert all(f"`{k}" in site["configuration.md"] for k in CONFIG_KEYS)  # a table key: `languagetool.url`
    for flag in ("--select", "--fix", "--unsafe-fixes", "--diff", "--engine", "--cache-dir", "--stdin-filename"):
        assert f"`{flag}`" in site["command.md"]


def test_the_site_builds_with_mkdocs(tmp_path: Path):
    mkdocs = Path(sys.executable).with_name("mkdocs")
    if not mkdocs.exists():
        pytest.skip("mkdocs not installed (the dev extra has it)")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    build(tmp_path / "docs")
    r = subprocess.run([str(mkdocs), "build", "--strict", "-q", "-d", str(tmp_path / "site")], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "site" / "rules" / "NL102" / "index.html").is_file()
    assert (tmp_path / "site" / "configuration" / "index.html").is_file()


def test_every_rule_explains_what_why_an_example_and_fix_safety():
    """The sections `newslint rule CODE` promises, as ruff's rule pages have them."""
    missing = {r.code: [h for h in ("## What it does", "## Why", "## Example", "## Fix safety") if h not in r.explanation]
               for r in builtin_rules()}
    assert not {c: m for c, m in missing.items() if m}
