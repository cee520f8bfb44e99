"""Config discovery, validation errors that name file and key, selection and severity."""
from __future__ import annotations

from pathlib import Path

import pytest

import newslint
from newslint.config import Config, ConfigError, config_for, load_config_file

AD = "The council met on Monday.\n\n- Advertisement -\n\nIt voted on the budget plan.\n"


def test_found_upward_from_the_file(tmp_path: Path):
    (tmp_path / "newslint.toml").write_text('ignore = ["NL102"]\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    cfg = config_for(sub / "story.txt")
    assert cfg.ignore == ("NL102",) and cfg.root == tmp_path


def test_pyproject_table_and_pyproject_without_table(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert config_for(tmp_path / "x.txt").source is None
    (tmp_path / "pyproject.toml").write_text('[tool.newslint]\nselect = ["boilerplate"]\n')
    assert config_for(tmp_path / "x.txt").select == ("boilerplate",)


@pytest.mark.parametrize(
    "body, key",
    [
        ('selct = ["NL1"]\n', "selct"),
        ('severity = { NL101 = "loud" }\n', "severity.NL101"),
        ('dialect = "en_AU"\n', "dialect"),
        ("select = 3\n", "select"),
        ('languagetool = { url = 1 }\n', "languagetool.url"),
        ('packs = ["missing.toml"]\n', "packs"),
    ],
)
def test_broken_config_names_file_and_key(tmp_path: Path, body: str, key: str):
    f = tmp_path / "newslint.toml"
    f.write_text(body)
    with pytest.raises(ConfigError) as exc:
        load_config_file(f)
    assert exc.value.key == key and str(f) in str(exc.value)


def test_invalid_toml_is_a_config_error(tmp_path: Path):
    f = tmp_path / "newslint.toml"
    f.write_text("select = [\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config_file(f)


def test_select_ignore_and_severity_overrides():
    assert [f.code for f in newslint.lint_text(AD)] == ["NL102"]
    assert newslint.lint_text(AD, config=Config(ignore=("NL102",))) == []
    assert newslint.lint_text(AD, config=Config(ignore=("boilerplate",))) == []
    assert newslint.lint_text(AD, config=Config(select=("typo",))) == []
    sev = newslint.lint_text(AD, config=Config(severity=(("boilerplate", "info"), ("NL102", "error"))))
    assert sev[0].severity == "error"  # a code beats its category


def test_per_file_ignores(tmp_path: Path):
    (tmp_path / "newslint.toml").write_text('[per-file-ignores]\n"drafts/*" = ["NL1"]\n')
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text(AD)
    (tmp_path / "b.txt").write_text(AD)
    report = newslint.lint_paths([tmp_path])
    assert [Path(f.path).name for f in report] == ["b.txt"]


def test_extra_pack_from_config(tmp_path: Path):
    (tmp_path / "house.toml").write_text(
        '[[rules]]\ncode = "HS001"\nname = "house-cliche"\ncategory = "style"\nextends = "substitution"\n'
        'message = "House style: %s"\nswap = { "utilize" = "use" }\nfix.safety = "safe"\n'
    )
    (tmp_path / "newslint.toml").write_text('packs = ["house.toml"]\n')
    (tmp_path / "s.txt").write_text("We utilize the data.\n")
    report = newslint.lint_paths([tmp_path / "s.txt"])
    assert [(f.code, f.message) for f in report] == [("HS001", "House style: utilize")]
    assert newslint.fix_text("We Utilize it.\n", path=str(tmp_path / "s.txt"))[0] == "We Use it.\n"


@pytest.mark.parametrize("where, body, key", [
    ("pyproject.toml", 'tool = "x"\n', "tool"),
    ("pyproject.toml", "[tool.newslint]\nmax-file-size = \"ten\"\n", "tool.newslint.max-file-size"),
    ("newslint.toml", "[languagetool]\ntimeout = nan\n", "languagetool.timeout"),
    ("newslint.toml", "respect-gitignore = \"yes\"\n", "respect-gitignore"),
    ("newslint.toml", 'severity = "loud"\n', "severity"),
    ("pack.toml", '[[rules]]\ncode = "T1"\nname = "t"\ncategory = "style"\nmax_words = "ten"\npatterns = ["x"]\n', "rules[0].max_words"),
    ("pack.toml", '[[rules]]\ncode = "T1"\nname = "t"\ncategory = "style"\nmessage = 5\npatterns = ["x"]\n', "rules[0].message"),
    ("pack.toml", '[[rules]]\ncode = "T1"\nname = "t"\ncategory = "style"\nextends = "substitution"\nswap = { a = 1 }\n', "rules[0].swap.a"),
    ("pack.toml", '[[rules]]\ncode = "T1"\nname = "t"\ncategory = "style"\nextends = "line"\nposition = "middle"\npatterns = ["x"]\n', "rules[0].position"),
    ("pack.toml", '[[rules]]\ncode = "T1"\nname = "t"\ncategory = "style"\nignorecase = "yes"\npatterns = ["x"]\n', "rules[0].ignorecase"),
])
def test_wrong_types_are_errors_naming_file_and_key(tmp_path: Path, where: str, body: str, key: str):
    """What used to give a traceback, or was accepted silently, is "file: key 'k': message"."""
    from tests.conftest import run_cli

    (tmp_path / where).write_text(body)
    if where == "pack.toml":
        (tmp_path / "newslint.toml").write_text('packs = ["pack.toml"]\n')
    (tmp_path / "a.txt").write_text("The council met.\n")
    explicit = ["--config", str(tmp_path / where)] if where == "pyproject.toml" else []
    r = run_cli("check", *explicit, str(tmp_path / "a.txt"))
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert f"{tmp_path / where}: key '{key}':" in r.stderr, r.stderr
