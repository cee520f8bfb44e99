"""Shared fixtures: where the shared seed articles live, and how to run the command."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SCORE = SHARED / "eval" / "score.py"

# Property tests run this many cases each: 10,000 in CI (`.ci/run` sets NEWSLINT_CI=1), fewer
# on a developer's machine so the suite stays quick to rerun.
FUZZ_EXAMPLES = 10_000 if os.environ.get("NEWSLINT_CI") else 300


def run_cli(*args: str, cwd: Path | None = None, input: str | bytes | None = None, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `python -m newslint ...` as a subprocess, the way a user or CI does. Output is
    text (bytes that are not UTF-8, such as a file name, shown as escapes)."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    r = subprocess.run(
        [sys.executable, "-m", "newslint", *args],
        cwd=cwd, input=input.encode("utf-8") if isinstance(input, str) else input,
        capture_output=True, env=full_env, timeout=timeout,
    )
    r.stdout, r.stderr = (r.stdout.decode("utf-8", "backslashreplace"), r.stderr.decode("utf-8", "backslashreplace"))
    return r


@pytest.fixture(scope="session", autouse=True)
def _private_user_cache(tmp_path_factory: pytest.TempPathFactory):
    """Servers and commands started by the tests see a cache folder of the test session,
    not the user's ~/.cache (whatever they might write there stays in the session)."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("shared seed articles not available (../shared/seeds)")
    return SEEDS


def score(expected: Path, findings_json: Path, only: str, *, gate: bool = True) -> subprocess.CompletedProcess:
    args = [sys.executable, str(SCORE), str(expected), str(findings_json), "--only", only]
    if gate:
        args.append("--gate")
    return subprocess.run(args, capture_output=True, text=True, timeout=120)
