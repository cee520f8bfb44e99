"""The attrs bytecode cache that makes `newslint lsp` start fast (newslint.codegen_cache)."""
from __future__ import annotations

import marshal
from pathlib import Path

import attr._make
import attrs
import pytest

from newslint.codegen_cache import attrs_bytecode_cache


def _make_class():
    @attrs.define
    class Point:
        x: int
        y: int = 0

    return Point


def test_second_run_reuses_the_bytecode_and_classes_behave_the_same(tmp_path: Path):
    path = tmp_path / "cache.marshal"
    with attrs_bytecode_cache(path, rewrite_at=1) as first:
        a = _make_class()
    assert first["compiled"] > 0 and first["hits"] == 0 and path.is_file()
    with attrs_bytecode_cache(path, rewrite_at=1) as second:
        b = _make_class()
    assert second == {"hits": first["compiled"], "compiled": 0}
    for cls in (a, b):
        p = cls(1)
        assert (p.x, p.y) == (1, 0) and repr(p) == "Point(x=1, y=0)" and p == cls(1, 0) and p != cls(2)
        with pytest.raises(TypeError):
            cls()
    fresh = _make_class()  # outside the block: attrs' own compile step is back
    assert repr(fresh(3, 4)) == "Point(x=3, y=4)"
    assert attr._make._compile_and_eval.__module__ == "attr._make"


@pytest.mark.parametrize("content", [b"", b"garbage", marshal.dumps((99, b"x", {})), marshal.dumps([1, 2, 3])])
def test_a_damaged_or_foreign_file_is_a_miss_and_is_rewritten(tmp_path: Path, content: bytes):
    path = tmp_path / "cache.marshal"
    path.write_bytes(content)
    with attrs_bytecode_cache(path, rewrite_at=1) as stats:
        cls = _make_class()
    assert stats["compiled"] > 0 and repr(cls(5)) == "Point(x=5, y=0)"
    with attrs_bytecode_cache(path, rewrite_at=1) as again:
        _make_class()
    assert again["compiled"] == 0 and again["hits"] > 0


def test_a_few_misses_do_not_rewrite_the_file(tmp_path: Path):
    """attrs writes a per-process hash into some generated sources: those always miss, and
    must not cost a rewrite of the whole file on every start."""
    path = tmp_path / "cache.marshal"
    with attrs_bytecode_cache(path, rewrite_at=1):
        _make_class()
    stamp = path.stat().st_mtime_ns
    with attrs_bytecode_cache(path, rewrite_at=8) as stats:
        _make_class()

        @attrs.frozen
        class Other:
            z: int

    assert stats["compiled"] >= 1 and path.stat().st_mtime_ns == stamp


def test_switched_off_by_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NEWSLINT_NO_CODEGEN_CACHE", "1")
    path = tmp_path / "cache.marshal"
    with attrs_bytecode_cache(path, rewrite_at=1) as stats:
        _make_class()
    assert stats == {"hits": 0, "compiled": 0} and not path.exists()


def test_an_attrs_of_another_shape_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def other(source, namespace):  # a compile step with another signature
        raise AssertionError("not called")

    monkeypatch.setattr(attr._make, "_compile_and_eval", other)
    with attrs_bytecode_cache(tmp_path / "c.marshal") as stats:
        assert attr._make._compile_and_eval is other
    assert stats == {"hits": 0, "compiled": 0} and attr._make._compile_and_eval is other


def test_an_unwritable_cache_folder_costs_nothing_but_the_speed_up(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with attrs_bytecode_cache(blocker / "sub" / "cache.marshal") as stats:
        cls = _make_class()
    assert stats["compiled"] > 0 and repr(cls(1, 2)) == "Point(x=1, y=2)"


def test_one_cache_file_per_python_and_attrs_installation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from newslint.codegen_cache import cache_file

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    a, b = cache_file("/venv-a/attr/_make.py"), cache_file("/venv-b/attr/_make.py")
    assert a != b and a == cache_file("/venv-a/attr/_make.py")
    assert a.parent == tmp_path / "newslint" and a.name.startswith("attrs-bytecode-") and a.suffix == ".marshal"
