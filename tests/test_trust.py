"""Trust: a cache that is data, fixes that keep a file's identity, text sent nowhere unasked.

Each test here plays the user, the attacker or the crash: a planted cache entry, a file
behind a symbolic link or with hard links, a read-only file, a killed run, a repository whose
config names a LanguageTool server.
"""
from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import newslint
from newslint.cache import Cache
from newslint.config import config_for
from tests.conftest import run_cli

AD = "The council met on Monday.\n\n- Advertisement -\n\nIt voted on the budget plan.\n"
FIXED = "The council met on Monday.\n\nIt voted on the budget plan.\n"


# ---- the cache is data ----------------------------------------------------------------------
class _Boom:
    """Unpickling this runs a command: what a planted pickle cache entry would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _entries(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != ".gitignore")


def test_a_planted_pickle_entry_runs_nothing_and_is_rewritten(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(AD)
    first = run_cli("check", "--format", "json", "story.txt", cwd=tmp_path)
    entries = _entries(tmp_path / ".newslint_cache")
    assert len(entries) == 1 and json.loads(entries[0].read_bytes())["format"] >= 1  # JSON data
    marker = tmp_path / "pwned"
    for planted in (pickle.dumps(_Boom(marker)), os.urandom(4096), b'{"format": 2, "newslint": "0.1.0", "key": 1}'):
        entries[0].write_bytes(planted)
        again = run_cli("check", "--format", "json", "story.txt", cwd=tmp_path)
        assert again.returncode == first.returncode and again.stdout == first.stdout, again.stderr
        assert not marker.exists()
        assert json.loads(entries[0].read_bytes())["format"] >= 1  # a miss, written again as data


def test_the_project_word_list_is_part_of_the_key(tmp_path: Path) -> None:
    (tmp_path / "newslint.toml").write_text("")
    (tmp_path / "story.txt").write_text("The mayor called the plan zorblattish on Monday.\n")
    cache = Cache(tmp_path / ".newslint_cache")
    first = newslint.lint_paths([tmp_path / "story.txt"], cache=cache)
    assert [f.code for f in first] == ["NL201"]
    (tmp_path / ".newslint").mkdir()
    (tmp_path / ".newslint" / "accept.txt").write_text("zorblattish\n")  # what "add to dictionary" writes
    cache2 = Cache(tmp_path / ".newslint_cache")
    second = newslint.lint_paths([tmp_path / "story.txt"], cache=cache2)
    assert cache2.stats.hits == 0 and "NL201" not in [f.code for f in second]


def test_cached_and_uncached_runs_agree_on_corpus_findings(seeds: Path, tmp_path: Path) -> None:
    """Corpus summaries go through the JSON cache and come back as the rule's own types."""
    for src in seeds.glob("*.txt"):
        shutil.copy(src, tmp_path / src.name)
    cold = run_cli("check", "--format", "json", "--no-cache", str(tmp_path)).stdout
    run_cli("check", "--format", "json", "--cache-dir", str(tmp_path / ".c"), str(tmp_path))
    warm = run_cli("check", "--format", "json", "--cache-dir", str(tmp_path / ".c"), str(tmp_path)).stdout
    assert warm == cold and any(f["code"] == "NL402" for f in json.loads(warm))


# ---- writing fixed files --------------------------------------------------------------------
def test_fix_through_a_symlink_fixes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text(AD)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    r = run_cli("check", "--fix", str(link))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == FIXED, r.stderr


def test_fix_keeps_hard_links_and_mode(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(AD)
    a.chmod(0o640)
    b = tmp_path / "b.txt"
    os.link(a, b)
    run_cli("check", "--fix", str(a))
    assert a.read_text() == FIXED and b.read_text() == FIXED  # still one file with two names
    assert os.stat(a).st_ino == os.stat(b).st_ino and os.stat(a).st_nlink == 2
    assert (a.stat().st_mode & 0o777) == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_fix_keeps_the_owner(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(AD)
    os.chown(f, 12345, 12345)
    run_cli("check", "--fix", str(f))
    assert f.read_text() == FIXED and (f.stat().st_uid, f.stat().st_gid) == (12345, 12345)


def test_read_only_files_are_refused_with_a_message_and_exit_2(tmp_path: Path) -> None:
    ro = tmp_path / "ro.txt"
    ro.write_text(AD)
    ro.chmod(0o444)
    ok = tmp_path / "ok.txt"
    ok.write_text(AD)
    r = run_cli("check", "--fix", str(tmp_path))
    assert r.returncode == 2
    assert "ro.txt: not fixed: the file is read-only" in r.stderr
    assert ro.read_text() == AD and ok.read_text() == FIXED  # the other file was still fixed


def test_fix_in_a_folder_without_write_permission_writes_in_place_or_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    f = folder / "a.txt"
    f.write_text(AD)
    folder.chmod(0o555)
    try:
        r = run_cli("check", "--fix", str(f))
    finally:
        folder.chmod(0o755)
    assert "Traceback" not in r.stderr
    assert f.read_text() == FIXED or (r.returncode == 2 and "not fixed" in r.stderr)
    assert not [p for p in folder.iterdir() if p.name != "a.txt"]  # no temporary files left


def test_stale_temporary_files_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(AD)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".a.txt.{dead.pid}.newslint-tmp"
    stale.write_text("half a file")
    run_cli("check", "--fix", str(f))
    assert f.read_text() == FIXED and not stale.exists()


def test_a_terminated_fix_leaves_no_temporary_file(tmp_path: Path) -> None:
    """SIGTERM (what `kill` sends) during a long --fix run: the files are old or new, never
    half, and no temporary file is left behind."""
    for i in range(300):
        (tmp_path / f"s{i:03}.txt").write_text(AD * 20)
    proc = subprocess.Popen([sys.executable, "-m", "newslint", "check", "--fix", "--no-cache", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2.0)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert not [p for p in tmp_path.iterdir() if "newslint-tmp" in p.name]
    for p in tmp_path.glob("*.txt"):
        text = p.read_text()
        assert text == AD * 20 or ("Advertisement" not in text and text.count("budget plan") == 20)


# ---- nothing leaves the machine unless the user said so --------------------------------------
def test_a_project_languagetool_url_is_refused_until_the_user_trusts_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user"))
    monkeypatch.delenv("NEWSLINT_LANGUAGETOOL_URL", raising=False)
    monkeypatch.delenv("NEWSLINT_LANGUAGETOOL_TRUSTED_URLS", raising=False)
    project = tmp_path / "repo"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.newslint.languagetool]\nurl = "http://collector.example.invalid:8081"\n')
    cfg = config_for(project / "a.txt")
    assert cfg.languagetool.url == "" and cfg.languagetool.refused_url == "http://collector.example.invalid:8081"
    (tmp_path / "user" / "newslint").mkdir(parents=True)
    (tmp_path / "user" / "newslint" / "newslint.toml").write_text(
        '[languagetool]\ntrusted-urls = ["http://collector.example.invalid:8081/"]\n')
    (project / "pyproject.toml").write_text((project / "pyproject.toml").read_text() + "\n")  # a new mtime: read again
    assert config_for(project / "a.txt").languagetool.url == "http://collector.example.invalid:8081"


def test_the_command_says_why_nothing_was_sent(tmp_path: Path) -> None:
    (tmp_path / "newslint.toml").write_text('[languagetool]\nurl = "http://127.0.0.1:9"\n')
    (tmp_path / "a.txt").write_text("He have a apple.\n")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "user"), "NEWSLINT_LANGUAGETOOL_URL": "", "NEWSLINT_LANGUAGETOOL_TRUSTED_URLS": ""}
    r = run_cli("check", "--select", "NL250", "--no-cache", str(tmp_path / "a.txt"), env=env)
    assert r.returncode == 0 and r.stdout.strip() == ""
    assert r.stderr.count("no text is sent to a server a repository names") == 1


def test_a_project_cannot_trust_its_own_url(tmp_path: Path) -> None:
    (tmp_path / "newslint.toml").write_text('[languagetool]\nurl = "http://x.invalid"\ntrusted-urls = ["http://x.invalid"]\n')
    with pytest.raises(newslint.ConfigError, match="only be set in your own config"):
        config_for(tmp_path / "a.txt")
