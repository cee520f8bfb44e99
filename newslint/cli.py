"""The `newslint` command: a thin face over the API (newslint.engine).

The engine, the rules and the output formats are imported by the commands that use them:
``newslint lsp`` answers the editor's ``initialize`` before any rule is loaded.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from newslint import __version__
from newslint.config import CACHE_DIR_NAME, Config, ConfigError, config_for, load_config_file
from newslint.document import STDIN
from newslint.finding import SEVERITIES, severity_rank
from newslint.output import FORMATS, display_path

if TYPE_CHECKING:
    from newslint.engine import Report

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(ConfigError):
    """A command-line option that cannot be used (exit code 2, like a broken config)."""

    def __init__(self, message: str) -> None:
        super().__init__(None, None, message)

    def __str__(self) -> str:
        return self.message


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newslint", description="A text-quality linter for news articles.")
    p.add_argument("--version", action="version", version=f"newslint {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("check", help="check articles (files, folders, or - for stdin)")
    c.add_argument("paths", nargs="*", default=["."], help="files or folders (default: .); - reads stdin")
    c.add_argument("--format", "--output-format", dest="format", choices=FORMATS, default="text")
    c.add_argument("-o", "--output", help="write the report to this file instead of stdout")
    c.add_argument("--config", help="use this config file instead of discovering one")
    c.add_argument("--select", help="comma-separated codes, prefixes or categories to check (replaces the config's)")
    c.add_argument("--extend-select", help="comma-separated codes or categories to add")
    c.add_argument("--ignore", help="comma-separated codes, prefixes or categories to skip")
    c.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that makes the exit code 1 (default: the config's fail-on, else error)")
    c.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    c.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    c.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too")
    c.add_argument("--diff", action="store_true", help="show the fixes as a diff; write nothing")
    c.add_argument("-j", "--jobs", type=int, default=1, help="check files in N processes (0: one per core)")
    c.add_argument("--statistics", action="store_true", help="print counts per rule instead of findings")
    c.add_argument("--stdin-filename", help="the name to use for text read from stdin (picks Markdown by suffix)")
    c.add_argument("--show-source", action=argparse.BooleanOptionalAction, default=None, help="print the source line under each finding (default: on a terminal)")
    c.add_argument("--no-progress", action="store_true", help="no progress bar")
    c.add_argument("--engine", choices=("local", "dask"), default="local", help="dask: run on a Dask cluster (pip install 'newslint[dask]'); PATHS may be folders, .jsonl or .parquet")
    c.add_argument("--scheduler", help="with --engine dask: a scheduler address (tcp://host:8786), or 'processes' / 'threads' (default)")
    c.add_argument("--no-cache", action="store_true", help="do not read or write the findings cache")
    c.add_argument("--cache-dir", help=f"where the cache lives (default: {CACHE_DIR_NAME} in the config's folder, or the current one)")
    c.add_argument("--dialect", choices=("both", "en_US", "en_GB"), help="spelling dialect (overrides the config)")

    r = sub.add_parser("rules", help="list the rules")
    r.add_argument("--format", choices=("text", "json"), default="text")
    r.add_argument("--all", action="store_true", help="include rules that are off by default")
    d = sub.add_parser("rule", help="explain a rule")
    d.add_argument("code", help="rule code (NL101) or name (comment-form)")
    s = sub.add_parser("lsp", help="run the language server (stdio by default)")
    s.add_argument("--tcp", action="store_true", help="listen on TCP instead of stdio")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=2087)
    return p


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in value.split(",") if x.strip()) if value else ()


def _check_selectors_of_the_command_line(args: argparse.Namespace, config: Config) -> None:
    """Each selector must select something, the project's own pack rules included."""
    from newslint.registry import unknown_selector

    for flag, value in (("--select", args.select), ("--extend-select", args.extend_select), ("--ignore", args.ignore)):
        for v in _split(value):
            problem = unknown_selector(v, config)
            if problem:
                raise UsageError(f"{flag}: {problem}")


def _config(args: argparse.Namespace) -> Config | None:
    """The config the command line asks for; None means: discover per file."""
    overrides: dict = {}
    if args.select:
        overrides["select"] = _split(args.select)
    if args.extend_select:
        overrides["extend_select"] = _split(args.extend_select)
    if args.dialect:
        overrides["dialect"] = args.dialect
    base: Config | None = None
    if args.config:
        base = load_config_file(Path(args.config))
    elif overrides or args.ignore:
        first = next((p for p in args.paths if p != STDIN), None)
        base = config_for(first or (args.stdin_filename if args.stdin_filename else None))
    if base is None:
        return None  # no selector on the command line
    _check_selectors_of_the_command_line(args, base)
    if args.ignore:
        overrides["ignore"] = base.ignore + _split(args.ignore)
    return base.with_overrides(**overrides) if overrides else base


def cmd_check(args: argparse.Namespace) -> int:
    from newslint.cache import Cache
    from newslint.document import DocumentError
    from newslint.engine import FileError, lint_paths
    from newslint.files import iter_files, read_stdin_bytes

    try:
        config = _config(args)
        jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
        found = list(iter_files(args.paths, config, also_skip=[args.output] if args.output else ()))
        files = [f for f in found if not isinstance(f, FileError)]
        path_errors = [f for f in found if isinstance(f, FileError) and not f.skipped]
        path_skipped = [f for f in found if isinstance(f, FileError) and f.skipped]
        if not files and not path_errors and not path_skipped:
            print("newslint: no files to check (include globs: *.txt, *.md, *.markdown)", file=sys.stderr)
            return EXIT_ERROR
        if args.engine == "dask":
            for e in path_errors + path_skipped:
                print(f"newslint: {display_path(e.path)}: {e.message}", file=sys.stderr)
            dask_code = _check_dask(args, config)
            return EXIT_ERROR if path_errors else dask_code
        stdin_text = None
        if STDIN in files:
            stdin_cfg = config or config_for(args.stdin_filename)
            try:
                stdin_text = _decode_stdin(read_stdin_bytes(stdin_cfg.max_file_size))
            except DocumentError as exc:
                print(f"newslint: -: {exc}", file=sys.stderr)
                return EXIT_ERROR
        fix_errors: list[FileError] = []
        if args.fix or args.diff:
            code = _fix(args, files, config, stdin_text, fix_errors)
            if code is not None:
                return code
        progress = _progress(len(files)) if (not args.no_progress and sys.stderr.isatty() and len(files) >= 50) else None
        cache = None if args.no_cache else Cache(Path(args.cache_dir) if args.cache_dir else _cache_root(config, files))
        report = lint_paths(files, config=config, jobs=jobs, progress=progress, stdin_text=stdin_text, cache=cache)
        if progress:
            progress(0, done=True)
        if args.stdin_filename:
            for f in report.findings:
                if f.path == STDIN:
                    f.path = args.stdin_filename
    except ConfigError as exc:
        print(f"newslint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    report.errors[:0] = path_errors + fix_errors
    report.skipped[:0] = path_skipped
    for e in [*report.errors, *report.skipped]:
        print(f"newslint: {display_path(e.path)}: {e.message}", file=sys.stderr)
    for n in report.notices:
        where = f"{display_path(n.path)}: " if n.path else ""
        print(f"newslint: warning: {where}{n.message}", file=sys.stderr)
    _emit(args, report)
    fail_on = args.fail_on or (config or config_for(next((f for f in files if f != STDIN), None))).fail_on
    failing = [f for f in report.findings if severity_rank(f.severity) >= severity_rank(fail_on)]
    if report.errors:
        return EXIT_ERROR
    if failing and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


def _decode_stdin(data: bytes) -> str:
    from newslint.document import decode

    text, had_bom = decode(data, path=STDIN)
    return ("\ufeff" if had_bom else "") + text


def _check_dask(args: argparse.Namespace, config: Config | None) -> int:
    """`--engine dask`: the same findings, computed on a Dask cluster."""
    from newslint.dask import lint_corpus
    from newslint.engine import Report

    source = args.paths if len(args.paths) > 1 else args.paths[0]
    findings = lint_corpus(source, config=config, scheduler=args.scheduler, progress=not args.no_progress and sys.stderr.isatty())
    report = Report(findings=findings, files=len({f.path for f in findings}))
    _emit(args, report)
    fail_on = args.fail_on or (config or config_for(None)).fail_on
    failing = [f for f in findings if severity_rank(f.severity) >= severity_rank(fail_on)]
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK


def _cache_root(config: Config | None, files: list[str]) -> Path:
    if config is not None and config.source is not None:
        return config.root / CACHE_DIR_NAME
    first = next((f for f in files if f != STDIN), None)
    found = config_for(first).source if first else None
    return (found.parent if found else Path.cwd()) / CACHE_DIR_NAME


def _emit(args: argparse.Namespace, report: Report) -> None:
    from newslint.document import DocumentError, decode
    from newslint.output import renderer

    out_tty = args.output is None and sys.stdout.isatty()
    if args.statistics:
        counts = Counter((f.code, f.rule) for f in report.findings)
        text = "".join(f"{n:6}  {code}  {rule}\n" for (code, rule), n in counts.most_common())
    else:
        show = args.show_source if args.show_source is not None else out_tty
        sources = None
        if show and args.format == "text":
            sources = {}
            for f in report.findings:
                if f.path not in sources and f.path != STDIN and os.path.isfile(f.path):
                    try:
                        sources[f.path] = decode(Path(f.path).read_bytes())[0].lstrip("\ufeff").splitlines()
                    except (OSError, DocumentError):
                        pass
        text = renderer(args.format)(report, color=out_tty and not os.environ.get("NO_COLOR"), show_source=show, sources=sources)
    if args.format == "text" and out_tty and not args.statistics:
        fixable = sum(1 for f in report.findings if f.fix is not None and f.fix.safety == "safe")
        n = len(report.findings)
        text += f"Found {n} finding{'s' if n != 1 else ''} in {report.files} file{'s' if report.files != 1 else ''}."
        text += f" {fixable} fixable with --fix.\n" if fixable else "\n"
    data = text.encode("utf-8", "surrogateescape")  # a file name that is not UTF-8 is printed as its bytes
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(text)
        sys.stdout.flush()


def _fix(args: argparse.Namespace, files: list[str], config: Config | None, stdin_text: str | None, errors: list) -> int | None:
    """Apply or show fixes. Returns an exit code when the run ends here (stdin, --diff);
    files that could not be fixed are added to ``errors`` (exit code 2 at the end)."""
    from newslint.engine import FileError, fix_file, fix_text
    from newslint.fixes import unified_diff

    changed = 0
    for path in files:
        cfg = config or config_for(None if path == STDIN else path)
        if path == STDIN:
            new, _ = fix_text(stdin_text or "", path=args.stdin_filename, config=cfg, unsafe=args.unsafe_fixes)
            if args.diff:
                sys.stdout.write(unified_diff(stdin_text or "", new, args.stdin_filename or "stdin"))
            else:
                sys.stdout.write(new)
            return EXIT_FINDINGS if new != stdin_text and args.diff else EXIT_OK
        result = fix_file(path, cfg, unsafe=args.unsafe_fixes, write=not args.diff)
        if result.error is not None:
            if result.original:  # read and fixed, but not written: a per-file error
                errors.append(FileError(path, result.error))
            continue  # unreadable files are reported by the check that follows
        if not result.changed:
            continue
        changed += 1
        if args.diff:
            sys.stdout.write(unified_diff(result.original, result.fixed, display_path(path)))
        else:
            n = result.applied
            print(f"newslint: fixed {n} finding{'s' if n != 1 else ''} in {display_path(path)}", file=sys.stderr)
    if args.diff:
        return EXIT_FINDINGS if changed else EXIT_OK
    return None


def _progress(total: int) -> Callable[..., None]:
    state = {"n": 0}

    def tick(n: int, done: bool = False) -> None:
        state["n"] += n
        end = "\n" if done else ""
        sys.stderr.write(f"\rnewslint: {state['n']}/{total} files{end}")
        sys.stderr.flush()

    return tick


def cmd_rules(args: argparse.Namespace) -> int:
    from newslint.registry import all_rules

    try:
        rules = all_rules(config_for(None))
    except ConfigError as exc:
        print(f"newslint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.format == "json":
        import json

        print(json.dumps([{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity, "default_enabled": r.default_enabled, "summary": r.summary} for r in rules], indent=2))
        return EXIT_OK
    for r in rules:
        if r.default_enabled or args.all:
            flag = "" if r.default_enabled else "  (off by default)"
            print(f"{r.code:7} {r.name:24} {r.category:12} {r.severity:8} {r.summary}{flag}")
    return EXIT_OK


def cmd_rule(args: argparse.Namespace) -> int:
    from newslint.registry import find_rule

    try:
        rule = find_rule(args.code, config_for(None))
    except ConfigError as exc:
        print(f"newslint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if rule is None:
        print(f"newslint: no rule {args.code!r}; `newslint rules` lists them", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(rule.describe())
    return EXIT_OK


def cmd_lsp(args: argparse.Namespace) -> int:
    from newslint.server import serve

    return serve(tcp=args.tcp, host=args.host, port=args.port)


def _exit_cleanly_on_sigterm() -> None:
    """`kill` (SIGTERM) ends a run as Ctrl-C does: the cleanup of a file being written runs,
    so no temporary file is left behind."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    handler = {"check": cmd_check, "rules": cmd_rules, "rule": cmd_rule, "lsp": cmd_lsp}[args.command]
    if args.command == "check":
        _exit_cleanly_on_sigterm()
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
