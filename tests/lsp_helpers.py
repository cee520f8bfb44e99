"""Helpers for the language-server tests: fixtures written on the fly, independent position
arithmetic (UTF-16 / UTF-8 columns computed from the text, not by the server's code), and a
server entry point with a test corpus rule.

Run as a module (``python -m tests.lsp_helpers`` / ``python tests/lsp_helpers.py``) it starts
the real server after registering :class:`NumberDisagreement`, a tiny corpus rule, so the
workspace-diagnostics path can be tested before newslint ships a corpus rule of its own.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_EMOJI = SHARED / "seeds" / "003_e507a3ed73bed784.txt"

PACK = '''
[pack]
name = "lsptest"
description = "Rules for the language-server tests."

[[rules]]
code = "XT001"
name = "politite"
category = "typo"
severity = "warning"
extends = "substitution"
swap = { "politite" = "polite" }
fix = { safety = "safe" }
message = "'%s' is a typo"
summary = "A test typo."
explanation = """
## What it does
Flags the test typo 'politite'.
"""
'''


def write_workspace(root: Path, *, pack: bool = True, extra_config: str = "", select: tuple[str, ...] | None = ("XT", "NL1")) -> Path:
    """A project folder with a newslint.toml (and the test pack). ``select`` keeps the tests
    to the test pack and the boilerplate rules, so rules added later do not change counts."""
    root.mkdir(parents=True, exist_ok=True)
    lines = []
    if select is not None:
        lines.append("select = [" + ", ".join(f'"{s}"' for s in select) + "]")
    if pack:
        (root / "pack.toml").write_text(PACK, encoding="utf-8")
        lines.append('packs = ["pack.toml"]')
    if extra_config:
        lines.append(extra_config)
    (root / "newslint.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def split_lines(text: str) -> list[str]:
    """Lines as LSP counts them (\\r\\n, \\r, \\n), without terminators."""
    return re.split(r"\r\n|\r|\n", text)


def code_point_position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = len(re.findall(r"\r\n|\r|\n", before))
    last = max(before.rfind("\n"), before.rfind("\r"))
    return line, offset - (last + 1)


def client_position(text: str, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
    """(line, character) of a code-point offset, in the given encoding's code units."""
    line, col = code_point_position(text, offset)
    prefix = split_lines(text)[line][:col]
    if encoding == "utf-16":
        return line, len(prefix.encode("utf-16-le")) // 2
    if encoding == "utf-8":
        return line, len(prefix.encode("utf-8"))
    return line, col


def client_range(text: str, start: int, end: int, encoding: str = "utf-16") -> tuple[tuple[int, int], tuple[int, int]]:
    return client_position(text, start, encoding), client_position(text, end, encoding)


def as_tuple(rng: Any) -> tuple[tuple[int, int], tuple[int, int]]:
    """An LSP range (object or dict) as ((line, char), (line, char))."""
    if isinstance(rng, dict):
        return (rng["start"]["line"], rng["start"]["character"]), (rng["end"]["line"], rng["end"]["character"])
    return (rng.start.line, rng.start.character), (rng.end.line, rng.end.character)


# ---- a test corpus rule ------------------------------------------------------------------------
def _corpus_rule():
    from newslint.finding import Related
    from newslint.rules.base import CorpusHit, CorpusRule

    class NumberDisagreement(CorpusRule):
        """Articles of one folder that give different numbers of 'people died'."""

        code = "XT900"
        name = "test-death-toll"
        category = "numbers"
        severity = "warning"
        summary = "Test corpus rule: death tolls that disagree across articles."
        explanation = "Test rule."
        _PAT = re.compile(r"(\d+) people died")

        def summarize(self, doc, ctx):
            out = []
            for m in self._PAT.finditer(doc.text):
                p1, p2 = doc.position(m.start(1)), doc.position(m.end(1))
                out.append((doc.path, m.group(1), p1.line + 1, p1.column + 1, p2.line + 1, p2.column + 1, m.start(1), m.end(1)))
            return out

        def check_corpus(self, summaries, ctx):
            stmts = [s for summary in summaries for s in summary]
            values = {s[1] for s in stmts}
            if len(values) < 2:
                return
            for s in stmts:
                others = tuple(
                    Related(o[0], o[2], o[3], f"this article says {o[1]}", o[4], o[5]) for o in stmts if o is not s and o[1] != s[1]
                )
                yield CorpusHit(s[0], s[2], s[3], s[4], s[5], s[6], s[7], f"death toll {s[1]} disagrees with other articles", others)

    return NumberDisagreement()


def main() -> None:
    import newslint.registry as registry

    rule = _corpus_rule()
    original = registry.builtin_rules

    def with_test_rule():
        return tuple(sorted((*original(), rule), key=lambda r: r.code))

    registry.builtin_rules = with_test_rule  # type: ignore[assignment]
    from newslint.server import serve

    serve()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
