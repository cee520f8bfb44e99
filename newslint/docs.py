"""The documentation site, generated from what the code declares.

    python -m newslint.docs            # (re)writes docs/ ; `mkdocs build` turns it into HTML

One page per rule, with exactly the text `newslint rule CODE` prints; the configuration page
from the config schema (``newslint.config.ConfigTable``: keys, types, defaults, one line
each); the command page from the argument parser; the rule-pack page from the pack schema
(``newslint.packs.RuleSpec``); the editors page from ``editors/README.md``. Nothing here is
written by hand twice, and a test checks that the committed ``docs/`` is current. Each
diagnostic's ``codeDescription`` links to its rule's page (``rule_url``).
"""
from __future__ import annotations

import argparse
import json
import posixpath
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DOCS_BASE_URL = "https://newslint.readthedocs.io/en/latest/"
ROOT = Path(__file__).resolve().parents[1]


def rule_url(code: str, base: str = DOCS_BASE_URL) -> str:
    """Where a rule's page is published (MkDocs directory URLs)."""
    return f"{base.rstrip('/')}/rules/{code}/"


def _schema_rows(struct: type, prefix: str = "") -> list[tuple[str, str, str, str]]:
    import msgspec

    schema = msgspec.json.schema(struct)
    defs = schema.get("$defs", {})
    own = defs[schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else schema
    rows = []
    for key, prop in own["properties"].items():
        if "$ref" in prop:
            rows.extend(_schema_rows_from(defs, prop["$ref"].rsplit("/", 1)[1], f"{prefix}{key}."))
            continue
        rows.append((prefix + key, _type_of(prop), _default_of(prop), prop.get("description", "")))
    return rows


def _schema_rows_from(defs: dict[str, Any], name: str, prefix: str) -> list[tuple[str, str, str, str]]:
    rows = []
    for key, prop in defs[name]["properties"].items():
        rows.append((prefix + key, _type_of(prop), _default_of(prop), prop.get("description", "")))
    return rows


def _type_of(prop: dict[str, Any]) -> str:
    if "enum" in prop:
        return " \\| ".join(json.dumps(v) for v in prop["enum"])
    if "anyOf" in prop:
        return " or ".join(_type_of(p) for p in prop["anyOf"])
    t = prop.get("type", "")
    if t == "array":
        return f"list of {_type_of(prop.get('items', {}))}"
    if t == "object" and "additionalProperties" in prop:
        return f"table of {_type_of(prop['additionalProperties'])}"
    return {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean", "null": "none"}.get(t, t or "any")


def _default_of(prop: dict[str, Any]) -> str:
    if "default" not in prop:
        return "(required)"
    return f"`{json.dumps(prop['default'])}`"


def _table(rows: Sequence[Sequence[str]], head: tuple[str, ...]) -> str:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(cell.replace("\n", " ") for cell in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def configuration_page() -> str:
    from newslint.config import ConfigTable, user_config_path

    rows = [(f"`{k}`", t, d, desc) for k, t, d, desc in _schema_rows(ConfigTable)]
    return (
        "# Configuration\n\n"
        "`[tool.newslint]` in `pyproject.toml`, or a `newslint.toml` / `.newslint.toml` with the same keys at the\n"
        "top level, found upward from each file. The command, the language server and the API read the same file.\n"
        "A wrong key, type or value is an error naming the file and the key (exit code 2).\n\n"
        + _table(rows, ("key", "type", "default", "what it does"))
        + "\n## Your own config\n\n"
        f"`{user_config_path().as_posix().replace(str(Path.home()), '~')}` (`$XDG_CONFIG_HOME/newslint/newslint.toml`) holds\n"
        "only a `[languagetool]` table: your server (`url`) and the project servers you trust (`trusted-urls`).\n"
        "No article text is sent to a server that a repository's config names unless it is listed there, set in\n"
        "`NEWSLINT_LANGUAGETOOL_TRUSTED_URLS` (comma-separated), or you point newslint at a server yourself\n"
        "(`NEWSLINT_LANGUAGETOOL_URL`, the editor setting `newslint.languagetool.url`).\n\n"
        "A JSON Schema of these keys, for editors that complete TOML (taplo, Even Better TOML), is\n"
        "[`newslint.schema.json`](newslint.schema.json).\n"
    )


def command_page() -> str:
    from newslint.cli import _parser

    parser = _parser()
    out = ["# The command\n", "Exit codes: `0` nothing at or above the fail level, `1` findings at or above it, `2` a usage,",
           "config or file error.\n"]
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, p in sub.choices.items():
        out.append(f"## `newslint {name}`\n")
        out.append(f"{p.description or next(c.help for c in sub._choices_actions if c.dest == name)}\n")
        rows = []
        for a in p._actions:
            if isinstance(a, argparse._HelpAction):
                continue
            flags = ", ".join(f"`{o}`" for o in a.option_strings) or f"`{a.dest.upper()}`"
            choices = f" ({', '.join(map(str, a.choices))})" if a.choices else ""
            rows.append((flags, (a.help or "").replace("%%", "%") + choices))
        out.append(_table(rows, ("option", "what it does")))
    return "\n".join(out)


def packs_page() -> str:
    from newslint.packs import RuleSpec

    rows = [(f"`{k}`", t, d, desc) for k, t, d, desc in _schema_rows(RuleSpec)]
    intro = (ROOT / "README.md").read_text(encoding="utf-8").split("## Rule packs", 1)[1].split("\n## ", 1)[0]
    return "# Rule packs\n" + intro.rstrip() + "\n\n## Every key of a rule\n\n" + _table(rows, ("key", "type", "default", "what it does"))


_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")


def _site_links(markdown: str, folder: str) -> str:
    """Links of a README in the repository, made to work on the site: another editor's
    README becomes its page; a link to a file that is not a page becomes the file's name."""
    pages = {"editors/vscode/README.md": "editors/vscode.md", "editors/neovim/README.md": "editors/neovim.md",
             "editors/vscode/": "editors/vscode.md", "editors/neovim/": "editors/neovim.md", "README.md": "index.md",
             "editors/README.md": "editors.md"}
    here = "editors.md" if folder == "editors/" else f"{folder.rstrip('/')}.md"

    def fix(m: re.Match[str]) -> str:
        text, target = m.group(1), m.group(2)
        if "://" in target or target.startswith(("#", "mailto:")):
            return m.group(0)
        path, _, anchor = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(folder, path)) + ("/" if path.endswith("/") else "")
        page = pages.get(resolved)
        if page is None:
            return f"{text} (`{resolved.rstrip('/')}` in the repository)"
        rel = posixpath.relpath(page, posixpath.dirname(here) or ".")
        return f"[{text}]({rel}{'#' + anchor if anchor else ''})"

    return _LINK.sub(fix, markdown)


def rules_index() -> str:
    from newslint.registry import builtin_rules

    rows = [(f"[`{r.code}`]({r.code}.md)", r.name, r.category, r.severity, r.summary) for r in builtin_rules()]
    return "# Rules\n\nCodes never change meaning. `newslint rule CODE` prints the same page.\n\n" + _table(rows, ("code", "name", "category", "severity", "what it flags"))


def pages() -> dict[str, str]:
    """Every page of the site: relative path -> Markdown."""
    from newslint.registry import builtin_rules

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    intro = readme.split("\n## ", 1)[0]
    out = {
        "index.md": intro.rstrip() + "\n\n[Rules](rules/index.md) · [Configuration](configuration.md) · "
                    "[The command](command.md) · [Rule packs](packs.md) · [Editors and CI](editors.md)\n",
        "rules/index.md": rules_index(),
        "configuration.md": configuration_page(),
        "command.md": command_page(),
        "packs.md": packs_page(),
        "editors.md": _site_links((ROOT / "editors" / "README.md").read_text(encoding="utf-8"), "editors/"),
    }
    for editor in ("vscode", "neovim"):
        readme_path = ROOT / "editors" / editor / "README.md"
        if readme_path.is_file():
            out[f"editors/{editor}.md"] = _site_links(readme_path.read_text(encoding="utf-8"), f"editors/{editor}/")
    for r in builtin_rules():
        out[f"rules/{r.code}.md"] = r.describe()
    return out


def schema_json() -> str:
    """The config schema as JSON Schema (for TOML editors)."""
    import msgspec

    from newslint.config import ConfigTable

    return json.dumps(msgspec.json.schema(ConfigTable), indent=2, sort_keys=True) + "\n"


def build(out: Path) -> list[Path]:
    """Write every page under ``out``; return the files written."""
    written = []
    for rel, text in {**pages(), "newslint.schema.json": schema_json()}.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    dest = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    for p in build(dest):
        print(p)
