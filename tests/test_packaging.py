"""The wheel: built from the checkout, installed apart from it, it carries the rule packs and
the word list and checks an article like the checkout does."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = """Officials said the goverment would respond on Monday.

- Advertisement -

Experts say the plan will work.
"""


def test_wheel_carries_packs_and_word_list_and_works_installed(tmp_path: Path):
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(ROOT)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("newslint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"newslint/data/en_words.txt", "newslint/data/supplement.txt", "newslint/data/numbers_model.json", "newslint/_packs/boilerplate.toml",
            "newslint/_packs/attribution.toml", "newslint/_packs/numbers.toml"} <= names
    site = tmp_path / "site"
    out = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    article = tmp_path / "work" / "a.txt"
    article.parent.mkdir()
    article.write_text(ARTICLE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = ("import newslint, newslint.packs as p; print(newslint.__file__); print(p.builtin_packs_dir())")
    where = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=article.parent, timeout=60)
    assert where.stdout.split("\n")[:2] == [str(site / "newslint" / "__init__.py"), str(site / "newslint" / "_packs")]
    run = subprocess.run([sys.executable, "-m", "newslint", "check", "--no-cache", "--format", "json", "a.txt"],
                         capture_output=True, text=True, env=env, cwd=article.parent, timeout=120)
    codes = sorted(f["code"] for f in json.loads(run.stdout))
    assert codes == ["NL102", "NL201", "NL301"], run.stderr[-2000:]


def test_release_build_sdist_and_wheel_pass_twine_check(tmp_path: Path):
    """What examples/ci/release.yml does before it publishes: `python -m build` makes both
    distributions from the checkout and `twine check --strict` accepts them."""
    import shutil

    if not shutil.which("twine", path=str(Path(sys.executable).parent)):
        import pytest

        pytest.skip("twine not installed (the dev extra has it)")
    src = tmp_path / "src"
    ignore = shutil.ignore_patterns(".*", "node_modules", "dist", "__pycache__", "*.vsix", "site")  # hidden: .git, .venv, caches, a --basetemp
    shutil.copytree(ROOT, src, ignore=ignore)
    built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(tmp_path / "dist"), str(src)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    names = sorted(p.name for p in (tmp_path / "dist").iterdir())
    assert len(names) == 2 and names[0].endswith("-py3-none-any.whl") and names[1].endswith(".tar.gz"), names
    check = subprocess.run([str(Path(sys.executable).parent / "twine"), "check", "--strict", *map(str, (tmp_path / "dist").iterdir())],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0 and check.stdout.count("PASSED") == 2, check.stdout + check.stderr
    release = (ROOT / "examples" / "ci" / "release.yml").read_text(encoding="utf-8")
    assert "python -m build" in release and "twine check --strict" in release and "id-token: write" in release
