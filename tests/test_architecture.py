"""ARCHITECTURE.md is enough to add a rule of each kind: its pack, its code rule and its
corpus rule, taken verbatim from the document, installed the way it says, each report."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]


def _blocks() -> dict[str, str]:
    """The code blocks of ARCHITECTURE.md that name a file on their first line."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    out = {}
    for body in re.findall(r"```(?:toml|python)\n(.*?)```", text, re.S):
        m = re.match(r"# file: (\S+)\n", body)
        if m:
            out[m.group(1)] = body
    return out


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin of ARCHITECTURE.md, installed with pip into a folder of its own."""
    blocks = _blocks()
    src = tmp_path_factory.mktemp("plugin")
    (src / "house_rules.py").write_text(blocks["house_rules.py"], encoding="utf-8")
    (src / "pyproject.toml").write_text(blocks["pyproject.toml"], encoding="utf-8")
    site = tmp_path_factory.mktemp("site")
    r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(src)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    return site


def test_a_rule_of_each_kind_from_the_architecture_document(plugin_site: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "house.toml").write_text(_blocks()["house.toml"], encoding="utf-8")
    (project / "newslint.toml").write_text('packs = ["house.toml"]\nselect = ["HS"]\n', encoding="utf-8")
    (project / "a.txt").write_text("Harbour strike ends\n\nHe said she said the crews utilize the new berth.\n", encoding="utf-8")
    (project / "b.txt").write_text("Harbour strike ends\n\nThe dockers went back to work on Monday.\n", encoding="utf-8")
    env = {"PYTHONPATH": str(plugin_site)}
    runs = [run_cli("check", "--format", "json", "--no-cache", str(project), env=env),
            run_cli("check", "--format", "json", "--cache-dir", str(tmp_path / "c"), str(project), env=env),
            run_cli("check", "--format", "json", "--cache-dir", str(tmp_path / "c"), str(project), env=env)]
    for r in runs:
        assert r.returncode == 0, r.stderr
    found = sorted((Path(f["path"]).name, f["code"]) for f in json.loads(runs[0].stdout))
    assert found == [("a.txt", "HS001"), ("a.txt", "HS101"), ("b.txt", "HS201")]
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout  # the corpus summary went through the JSON cache
    listed = run_cli("rules", env=env).stdout
    assert "HS101" in listed and "HS201" in listed
    shown = run_cli("rule", "HS201", env=env).stdout
    assert "Defined in: plugin house." in shown and "## Fix safety" in shown
    # the command line selects the project's pack rules by code, as the config does
    picked = run_cli("check", "--format", "json", "--no-cache", "--select", "HS001", str(project), env=env)
    assert picked.returncode == 0, picked.stderr
    assert [f["code"] for f in json.loads(picked.stdout)] == ["HS001"]
    fixed = run_cli("check", "--fix", str(project / "a.txt"), env=env)
    assert "crews use the new berth" in (project / "a.txt").read_text() and fixed.returncode == 0


def test_without_the_plugin_its_codes_are_unknown(tmp_path: Path) -> None:
    r = run_cli("check", "--select", "HS101", str(tmp_path))
    assert r.returncode == 2 and "unknown rule selector 'HS101'" in r.stderr
