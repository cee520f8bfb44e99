"""The pre-commit hooks, run by real `pre-commit` in a temporary git repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

ARTICLE = (
    "Crews cleared the valley road on Monday after a landslide closed it for most of the weekend, officials said.\n"
    "\n"
    "- Advertisement -\n"
    "\n"
    "The road reopened to traffic on Tuesday morning once engineers had checked the retaining walls.\n"
)

pytestmark = pytest.mark.skipif(not PRE_COMMIT.exists() or not shutil.which("git"), reason="pre-commit or git not installed")


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This working tree (committed or not) as a hook repository at one commit."""
    repo = tmp_path_factory.mktemp("hookrepo") / "newslint"
    ignore = shutil.ignore_patterns(".git", ".venv", ".pytest*", ".hypothesis", ".newslint_cache", ".mypy_cache", ".ruff_cache", ".peers", "node_modules", "dist", "__pycache__", "*.vsix")
    shutil.copytree(ROOT, repo, ignore=ignore)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "hooks").returncode == 0
    return repo, git(repo, "rev-parse", "HEAD").stdout.strip()


def test_commit_refused_then_fixed_by_the_fix_hook(hook_repo, tmp_path: Path):
    repo, rev = hook_repo
    project = tmp_path / "articles"
    project.mkdir()
    git(project, "init", "-q")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: newslint\n"
        "      - id: newslint-fix\n        stages: [manual]\n"
    )
    (project / "landslide.md").write_text(ARTICLE)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    assert subprocess.run([str(PRE_COMMIT), "install"], cwd=project, capture_output=True, env=env, timeout=120).returncode == 0
    git(project, "add", "-A")

    first = subprocess.run(["git", "commit", "-m", "story"], cwd=project, capture_output=True, text=True, env={**env, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}, timeout=600)
    assert first.returncode != 0, first.stdout + first.stderr
    assert "landslide.md:3:1: NL102" in first.stdout + first.stderr  # the findings are shown
    assert git(project, "rev-parse", "--verify", "HEAD").returncode != 0  # nothing committed

    fix = subprocess.run([str(PRE_COMMIT), "run", "--hook-stage", "manual", "newslint-fix", "--all-files"], cwd=project, capture_output=True, text=True, env=env, timeout=600)
    assert fix.returncode == 1 and "files were modified by this hook" in fix.stdout  # pre-commit reports the rewrite
    assert "Advertisement" not in (project / "landslide.md").read_text()

    git(project, "add", "-A")
    second = subprocess.run(["git", "commit", "-m", "story"], cwd=project, capture_output=True, text=True, env={**env, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    assert (project / "landslide.md").read_text() == ARTICLE.replace("- Advertisement -\n\n", "")


def _readme_snippets() -> list[str]:
    """The pre-commit YAML blocks of the README, as written there."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "repos:" in b]


def _commit(project: Path, env: dict) -> subprocess.CompletedProcess:
    ident = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", "commit", "-m", "story"], cwd=project, capture_output=True, text=True, env={**env, **ident}, timeout=600)


@pytest.mark.parametrize("which", ["local", "remote"])
def test_readme_snippets_work_as_written(hook_repo, tmp_path: Path, which: str):
    """The README's two pre-commit snippets, verbatim but for the clone's address and commit:
    the commit with a leftover is refused, the clean one goes through."""
    repo, rev = hook_repo
    local, remote = _readme_snippets()
    config = local if which == "local" else remote
    if which == "remote":
        import re

        config = re.sub(r"repo: \S+", f"repo: {repo}", config, count=1)
        config = re.sub(r"rev: [0-9a-f]{40}", f"rev: {rev}", config, count=1)
    project = tmp_path / "articles"
    project.mkdir()
    git(project, "init", "-q")
    (project / ".pre-commit-config.yaml").write_text(config)
    (project / "landslide.md").write_text(ARTICLE)
    # `language: system` finds newslint on PATH, as in an article repository's environment
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    assert subprocess.run([str(PRE_COMMIT), "install"], cwd=project, capture_output=True, env=env, timeout=120).returncode == 0
    git(project, "add", "-A")
    first = _commit(project, env)
    assert first.returncode != 0 and "landslide.md:3:1: NL102" in first.stdout + first.stderr, first.stdout + first.stderr
    (project / "landslide.md").write_text(ARTICLE.replace("- Advertisement -\n\n", ""))
    git(project, "add", "-A")
    second = _commit(project, env)
    assert second.returncode == 0, second.stdout + second.stderr
