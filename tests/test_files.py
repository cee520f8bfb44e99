"""Which files a run reads, and what happens with paths that are not plain readable files.

Each bad path is a message for that path alone (exit code 2 where it is an error); every
other file is still checked and reported.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import newslint
from newslint.document import DocumentError
from newslint.files import iter_files, read_file_bytes
from tests.conftest import run_cli

GOOD = "The council met on Monday, and the the vote was close.\n"


def _checked(r: subprocess.CompletedProcess) -> list[str]:
    """The files that got findings (every test file holds a doubled word)."""
    return sorted({Path(f["path"]).name for f in json.loads(r.stdout) if f["code"] == "NL202"})


def test_fifo_and_devices_are_skipped_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    r = run_cli("check", "--format", "json", "--no-cache", str(tmp_path), timeout=60)
    assert _checked(r) == ["a.txt"]
    assert "pipe.txt: a FIFO, not a regular file; skipped" in r.stderr
    assert "zero.txt: a character device, not a regular file; skipped" in r.stderr
    assert r.returncode == 0  # skipped, not an error: the folder held them


def test_a_fifo_named_on_the_command_line_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    r = run_cli("check", "--no-cache", str(tmp_path / "pipe.txt"), timeout=30)
    assert r.returncode == 2 and "a FIFO, not a regular file" in r.stderr


def test_reading_stops_after_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 3000)
    with pytest.raises(DocumentError, match="file is 15 kB, above the max-file-size limit of 1,000 bytes"):
        read_file_bytes(str(big), 1000)
    assert len(read_file_bytes(str(big), 15_000)) == 15_000


def test_symlink_loops_and_deep_trees_are_walked_once_without_recursion(tmp_path: Path) -> None:
    deep = tmp_path
    for _ in range(1200):
        deep = deep / "d"
        deep.mkdir()
    (deep / "bottom.txt").write_text(GOOD)
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "back").symlink_to(tmp_path)
    (tmp_path / "loop" / "s.txt").write_text(GOOD)
    try:
        found = [p for p in iter_files([tmp_path]) if isinstance(p, str)]
        assert sorted(Path(p).name for p in found) == ["bottom.txt", "s.txt"]
        r = run_cli("check", "--format", "json", "--no-cache", str(tmp_path))
        assert r.returncode == 0 and _checked(r) == ["bottom.txt", "s.txt"] and "Traceback" not in r.stderr
    finally:  # shutil.rmtree (pytest's clean-up) recurses: take the tree down from the bottom
        (deep / "bottom.txt").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_is_an_error_and_the_rest_is_checked(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(GOOD)
    locked.chmod(0)
    try:
        r = run_cli("check", "--format", "json", "--no-cache", str(tmp_path))
    finally:
        locked.chmod(0o755)
    assert r.returncode == 2 and "locked: cannot read folder" in r.stderr and _checked(r) == ["a.txt"]


def test_an_unreadable_folder_is_reported_not_skipped(tmp_path: Path, monkeypatch) -> None:
    """The same without relying on permissions (root reads everything): a folder that cannot
    be listed is an error for that folder; its siblings are still found."""
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = newslint.lint_paths([tmp_path])
    assert [e.path for e in report.errors] == [str(tmp_path / "locked")]
    assert "Permission denied" in report.errors[0].message
    assert [Path(f.path).name for f in report.findings] == ["a.txt"]


def test_gitignore_hidden_folders_and_the_cache_are_not_linted(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("drafts/\n*.log.txt\n!keep.log.txt\n")
    for rel in ("story.txt", "drafts/wip.txt", "a.log.txt", "keep.log.txt", ".hidden/x.txt",
                ".newslint/accept.txt", "sub/.ignore", "sub/private.txt", "sub/public.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(GOOD if rel != "sub/.ignore" else "private.txt\n")
    run_cli("check", "--format", "json", str(tmp_path))  # writes .newslint_cache
    r = run_cli("check", "--format", "json", str(tmp_path))
    assert _checked(r) == ["keep.log.txt", "public.txt", "story.txt"]
    (tmp_path / "newslint.toml").write_text("respect-gitignore = false\n")
    r = run_cli("check", "--format", "json", str(tmp_path))
    assert _checked(r) == ["a.log.txt", "keep.log.txt", "private.txt", "public.txt", "story.txt", "wip.txt"]


def test_a_file_named_on_the_command_line_is_checked_even_if_ignored(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("*.txt\n")
    (tmp_path / "a.txt").write_text(GOOD)
    assert _checked(run_cli("check", "--format", "json", str(tmp_path / "a.txt"))) == ["a.txt"]
    assert run_cli("check", "--format", "json", str(tmp_path)).returncode == 2  # nothing to check


def test_a_report_redirected_into_the_folder_is_not_read_back(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    with open(tmp_path / "report.txt", "w") as out:
        subprocess.run([os.sys.executable, "-m", "newslint", "check", "--no-cache", str(tmp_path)], stdout=out, check=False)
    again = run_cli("check", "--format", "json", "--no-cache", "-o", str(tmp_path / "findings.txt"), str(tmp_path))
    assert again.returncode == 0
    # the first report (report.txt) is now an ordinary file and is read; the one being written is not
    assert sorted(Path(f["path"]).name for f in json.loads((tmp_path / "findings.txt").read_text())) in (["a.txt"], ["a.txt", "report.txt"])
    with open(tmp_path / "report.txt", "w") as out:
        subprocess.run([os.sys.executable, "-m", "newslint", "check", "--format", "json", "--no-cache", str(tmp_path)], stdout=out, check=False)
    assert "report.txt" not in (tmp_path / "report.txt").read_text()


def test_invalid_utf8_on_stdin_is_a_clear_error() -> None:
    r = run_cli("check", "-", input=b"caf\xe9 au lait\n")
    assert r.returncode == 2 and "not valid UTF-8 (byte 0xe9 on line 1)" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab", "text", "github"])
def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(tmp_path: Path, fmt: str) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(GOOD)
    r = run_cli("check", "--format", fmt, "--no-cache", str(tmp_path))
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    out = r.stdout if isinstance(r.stdout, str) else r.stdout.decode()
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)  # valid JSON, valid UTF-8
        assert "caf\\\\xe9.txt" in out or "caf%E9.txt" in out
    else:
        assert "NL202" in out


def test_messages_about_a_file_name_that_is_not_utf8_escape_it_as_reports_do(tmp_path: Path) -> None:
    """stderr shows the undecodable byte as \\xNN, as the JSON and GitLab reports do."""
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text("Prices rose,, officials said.\n")
    r = run_cli("check", "--fix", "--no-cache", str(tmp_path / name))
    assert "Traceback" not in r.stderr
    assert "fixed 1 finding in" in r.stderr and "caf\\xe9.txt" in r.stderr, r.stderr
