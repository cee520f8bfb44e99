"""The command, run as a subprocess: formats, exit codes, fixes, bad input."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli

AD_ARTICLE = (
    "Floods closed the valley road on Monday, and crews worked through the night to clear the debris from the bridge.\n"
    "\n"
    "- Advertisement -\n"
    "\n"
    "The road reopened on Tuesday morning after engineers inspected the bridge and found no damage to its supports.\n"
)
FIXED = AD_ARTICLE.replace("- Advertisement -\n\n", "")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    p = tmp_path / "story.txt"
    p.write_text(AD_ARTICLE, encoding="utf-8")
    return p


def test_text_format_and_exit_code_1(article: Path):
    r = run_cli("check", "--fail-on", "warning", str(article))
    assert r.returncode == 1
    assert r.stdout.strip() == f"{article}:3:1: NL102 [*] Advertisement marker: '- Advertisement -'"


def test_show_source_prints_line_and_caret(article: Path):
    r = run_cli("check", "--show-source", str(article))
    lines = r.stdout.splitlines()
    assert lines[1].endswith("| - Advertisement -") and lines[2].strip() == "| " + "^" * 17


def test_clean_file_exits_0(tmp_path: Path):
    p = tmp_path / "ok.txt"
    p.write_text("The council met on Monday and approved the budget.\n")
    r = run_cli("check", str(p))
    assert r.returncode == 0 and r.stdout == ""


def test_json_format_is_the_stable_schema(article: Path):
    r = run_cli("check", "--format", "json", str(article))
    data = json.loads(r.stdout)
    assert data == [{
        "path": str(article), "code": "NL102", "rule": "ad-marker", "category": "boilerplate",
        "severity": "warning", "message": "Advertisement marker: '- Advertisement -'",
        "line": 3, "column": 1, "end_line": 3, "end_column": 18,
        "fix": {"safety": "safe", "edits": [{"line": 3, "column": 1, "end_line": 5, "end_column": 1, "text": ""}]},
        "related": [],
    }]


def test_sarif_has_every_field_github_requires(article: Path):
    r = run_cli("check", "--format", "sarif", str(article))
    sarif = json.loads(r.stdout)
    assert sarif["version"] == "2.1.0" and "$schema" in sarif
    run = sarif["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "newslint" and driver["version"]
    ids = [rule["id"] for rule in driver["rules"]]
    assert "NL102" in ids and len(ids) == len(set(ids))
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    (res,) = run["results"]
    assert res["ruleId"] == "NL102" and driver["rules"][res["ruleIndex"]]["id"] == "NL102"
    assert res["message"]["text"] and res["level"] == "warning"
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] and loc["region"]["startLine"] == 3 and loc["region"]["startColumn"] == 1
    assert isinstance(res["partialFingerprints"], dict)


def test_github_annotations(article: Path):
    r = run_cli("check", "--format", "github", str(article))
    assert r.stdout.startswith(f"::warning file={article},line=3,col=1,endLine=3,endColumn=18,title=NL102 ad-marker::Advertisement marker")


def test_gitlab_code_quality(article: Path):
    r = run_cli("check", "--format", "gitlab", str(article))
    (issue,) = json.loads(r.stdout)
    assert issue["check_name"] == "NL102" and issue["location"] == {"path": str(article), "lines": {"begin": 3, "end": 3}}
    assert issue["severity"] == "minor" and len(issue["fingerprint"]) == 64


def test_fail_on_and_exit_zero(article: Path, tmp_path: Path):
    assert run_cli("check", str(article)).returncode == 0  # default fail level: error
    assert run_cli("check", "--fail-on", "warning", str(article)).returncode == 1
    assert run_cli("check", "--fail-on", "hint", "--exit-zero", str(article)).returncode == 0
    (tmp_path / "newslint.toml").write_text('fail-on = "warning"\n')
    assert run_cli("check", str(article)).returncode == 1
    (tmp_path / "newslint.toml").write_text('fail-on = "warning"\nseverity = { NL102 = "info" }\n')
    assert run_cli("check", str(article)).returncode == 0


def test_select_and_ignore(article: Path):
    assert run_cli("check", "--fail-on", "hint", "--ignore", "NL102", str(article)).returncode == 0
    assert run_cli("check", "--fail-on", "hint", "--select", "typo", str(article)).returncode == 0
    assert run_cli("check", "--fail-on", "hint", "--select", "boilerplate", str(article)).returncode == 1


def test_statistics(article: Path):
    r = run_cli("check", "--statistics", str(article))
    assert r.stdout.split() == ["1", "NL102", "ad-marker"]


def test_fix_is_atomic_idempotent_and_keeps_crlf_and_bom(tmp_path: Path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(b"\xef\xbb\xbf" + AD_ARTICLE.replace("\n", "\r\n").encode())
    r = run_cli("check", "--fix", str(p))
    assert r.returncode == 0, r.stdout + r.stderr
    assert p.read_bytes() == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode()
    assert not [x for x in tmp_path.iterdir() if x.name != "crlf.txt"]  # no temp file left
    before = p.read_bytes()
    assert run_cli("check", "--fix", str(p)).returncode == 0 and p.read_bytes() == before


def test_diff_writes_nothing(article: Path):
    r = run_cli("check", "--diff", str(article))
    assert r.returncode == 1  # --diff: 1 when there is something to fix and "-- Advertisement -" in r.stdout
    assert article.read_text() == AD_ARTICLE


def test_unsafe_fixes_only_when_asked(tmp_path: Path):
    p = tmp_path / "s.txt"
    body = "The mayor opened the new library on Saturday, and hundreds of residents came to see the building.\n"
    p.write_text(body + "\nLeave a Reply\n")
    run_cli("check", "--fix", str(p))
    assert p.read_text().endswith("Leave a Reply\n")
    run_cli("check", "--fix", "--unsafe-fixes", str(p))
    assert p.read_text() == body


def test_fix_on_copies_of_seeds_removes_only_what_it_is_sure_of(seeds: Path, tmp_path: Path):
    """Safe fixes on copies of the seeds: every change is a deletion, and each deleted piece
    is a whole ad-marker or blank line, doubled punctuation or spaces, or a doubled word.
    --diff shows exactly what --fix writes, and a second --fix changes nothing."""
    import difflib
    import re

    for src in sorted(seeds.glob("*.txt")):
        shutil.copy(src, tmp_path / src.name)
        (tmp_path / src.name).chmod(0o644)  # the shared seeds are read-only, and --fix refuses those
    diff = run_cli("check", "--diff", str(tmp_path)).stdout
    run_cli("check", "--fix", str(tmp_path))
    changed = 0
    for src in sorted(seeds.glob("*.txt")):
        original = src.read_text(encoding="utf-8")
        fixed = (tmp_path / src.name).read_text(encoding="utf-8")
        for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, original, fixed, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            assert op == "delete", (src.name, op, original[a1:a2], fixed[b1:b2])
            gone = original[a1:a2]
            changed += 1
            line_start = original.rfind("\n", 0, a1) + 1
            before = original[max(0, a1 - 40) : a1]
            ok = (
                all(ln.strip() in ("", "- Advertisement -") for ln in (original[line_start:a2]).split("\n"))
                or (gone.startswith("\n") and all(ln.strip() in ("", "- Advertisement -") for ln in gone.split("\n")))
                or re.fullmatch(r"[\s.,;:!?]+", gone)
                or (re.fullmatch(r"\s*(\w+)\s*", gone) and before.rstrip().lower().endswith(gone.strip().lower()))
            )
            assert ok, (src.name, gone)
        if fixed != original:
            assert f"+++ {tmp_path / src.name}\n" in diff
    assert changed >= 3  # the ad markers at least
    again = run_cli("check", "--diff", str(tmp_path))
    assert again.returncode == 0 and again.stdout == ""


def test_stdin(article: Path):
    r = run_cli("check", "-", "--fail-on", "warning", "--stdin-filename", "piped.txt", input=AD_ARTICLE)
    assert r.returncode == 1 and r.stdout.startswith("piped.txt:3:1: NL102")
    r = run_cli("check", "--fix", "-", input=AD_ARTICLE)
    assert r.stdout == FIXED


def test_bad_inputs_each_get_a_message_and_the_run_goes_on(tmp_path: Path, article: Path):
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait\n".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b"")
    big = tmp_path / "huge.txt"
    big.write_text("word " * 11_000_000)  # 55 MB, above the default 10 MB limit
    r = run_cli("check", "--format", "json", str(tmp_path))
    assert r.returncode == 2
    assert "binary.txt: binary file" in r.stderr
    assert "latin1.txt: not valid UTF-8 (byte 0xe9 on line 1)" in r.stderr
    assert "huge.txt: file is 55.0 MB, above the max-file-size limit" in r.stderr
    assert "empty.txt" not in r.stderr
    assert [f["code"] for f in json.loads(r.stdout)] == ["NL102"]  # the good file was still checked
    assert (tmp_path / "latin1.txt").read_bytes() == "Caf\xe9 au lait\n".encode("latin-1")


def test_missing_file_and_broken_config_exit_2(tmp_path: Path):
    r = run_cli("check", str(tmp_path / "nope.txt"))
    assert r.returncode == 2 and "no such file" in r.stderr
    (tmp_path / "newslint.toml").write_text('select = "x"\nfail-on = "loud"\n')
    (tmp_path / "a.txt").write_text("Hello.\n")
    r = run_cli("check", str(tmp_path / "a.txt"))
    assert r.returncode == 2 and "newslint.toml: key 'fail-on'" in r.stderr


def test_rules_and_rule(tmp_path: Path):
    r = run_cli("rules", cwd=tmp_path)
    assert r.returncode == 0 and any(line.startswith("NL102") for line in r.stdout.splitlines())
    r = run_cli("rule", "NL102", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("# ad-marker (NL102)") and "## Fix safety" in r.stdout
    assert run_cli("rule", "NL999", cwd=tmp_path).returncode == 2


def test_jobs_gives_the_same_findings(seeds: Path):
    one = json.loads(run_cli("check", "--format", "json", str(seeds)).stdout)
    two = json.loads(run_cli("check", "--format", "json", "--jobs", "2", str(seeds)).stdout)
    assert one == two and one


def test_cache_reuses_unchanged_files_and_misses_on_change(tmp_path: Path):
    import newslint
    from newslint.cache import Cache

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(AD_ARTICLE)
    b.write_text(AD_ARTICLE)
    cache = Cache(tmp_path / ".cache")
    first = newslint.lint_paths([tmp_path], cache=cache)
    assert (cache.stats.hits, cache.stats.misses) == (0, 2)
    cache2 = Cache(tmp_path / ".cache")
    again = newslint.lint_paths([tmp_path], cache=cache2)
    assert (cache2.stats.hits, cache2.stats.misses) == (2, 0)
    assert [f.to_dict() for f in again] == [f.to_dict() for f in first]
    b.write_text(AD_ARTICLE.replace("Monday", "Sunday"))
    cache3 = Cache(tmp_path / ".cache")
    newslint.lint_paths([tmp_path], cache=cache3)
    assert (cache3.stats.hits, cache3.stats.misses) == (1, 1)
    cache4 = Cache(tmp_path / ".cache")  # a different config misses everything
    assert newslint.lint_paths([tmp_path], cache=cache4, config=newslint.Config(ignore=("NL102",))).findings == []
    assert cache4.stats.hits == 0


def test_cli_cache_folder_is_safe_to_delete(tmp_path: Path, article: Path):
    r1 = run_cli("check", "--format", "json", str(article), cwd=tmp_path)
    assert (tmp_path / ".newslint_cache").is_dir()
    shutil.rmtree(tmp_path / ".newslint_cache")
    r2 = run_cli("check", "--format", "json", str(article), cwd=tmp_path)
    r3 = run_cli("check", "--format", "json", "--no-cache", str(article), cwd=tmp_path)
    assert r1.stdout == r2.stdout == r3.stdout and json.loads(r1.stdout)


def test_readme_lists_every_rule():
    """The README's rule table stays in step with the registry."""
    from newslint.registry import builtin_rules

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [r.code for r in builtin_rules() if f"| `{r.code}` | {r.name} |" not in readme]
    assert not missing, f"README rule table lacks {missing}"


def test_diff_of_a_file_without_final_newline_applies_with_git(tmp_path: Path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    story = tmp_path / "story.txt"
    story.write_text("The council met.\n\n- Advertisement -\n\nThe the vote was close.")  # no final newline
    diff = run_cli("check", "--diff", "story.txt", cwd=tmp_path)
    assert diff.returncode == 1 and "\\ No newline at end of file" in diff.stdout
    applied = subprocess.run(["git", "apply", "-"], cwd=tmp_path, input=diff.stdout, text=True, capture_output=True)
    assert applied.returncode == 0, applied.stderr
    fixed = tmp_path / "copy.txt"
    fixed.write_text(story.read_text())
    run_cli("check", "--fix", str(fixed))
    assert story.read_text() == fixed.read_text() != "The council met.\n\n- Advertisement -\n\nThe the vote was close."


def test_readme_documents_every_option_and_key():
    """The README's option table names every option of `newslint check`, and its config
    example every key of the config schema (the docs site is generated from both)."""
    import argparse

    from newslint.cli import _parser
    from newslint.config import CONFIG_KEYS, LANGUAGETOOL_KEYS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    options = [o for a in sub.choices["check"]._actions for o in a.option_strings if o.startswith("--") and o != "--help"]
    missing = [o for o in options if f"`{o}" not in readme]
    assert not missing, f"README lacks options {missing}"
    config_block = readme.split("[tool.newslint]\n", 1)[1].split("```", 1)[0]
    keys = [k for k in CONFIG_KEYS if k != "languagetool"] + [k for k in LANGUAGETOOL_KEYS if k != "trusted-urls"]
    missing = [k for k in keys if f"\n{k} =" not in "\n" + config_block]
    assert not missing, f"README config example lacks keys {missing}"
