"""What the benchmark scripts share: the real articles (read at run time, never stored
here), the generated corpus, running a child process, and printing table rows."""
from __future__ import annotations

import glob
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PEERS = HERE / ".peers"
VENV_BIN = Path(sys.executable).parent
NEWSLINT = VENV_BIN / "newslint"


# ---- corpus ------------------------------------------------------------------------------
def find_shared(arg: str | None) -> Path:
    for cand in (arg, ROOT.parent / "shared", "/work/shared"):
        if cand and (Path(cand) / "seeds").is_dir():
            return Path(cand)
    raise SystemExit("bench/run.py: the shared articles are missing (looked for ../shared and /work/shared)")


def real_articles(shared: Path) -> list[tuple[str, str]]:
    paths = sorted(glob.glob(str(shared / "seeds" / "*.txt"))) + sorted(glob.glob(str(shared / "corpus" / "clean" / "*.txt")))
    return [(os.path.basename(p), Path(p).read_text(encoding="utf-8")) for p in paths]


def words(text: str) -> int:
    return len(text.split())


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def generate(articles: list[tuple[str, str]], n: int, folder: Path) -> tuple[list[Path], int]:
    """n article files cycled from the real ones (see the module docstring)."""
    folder.mkdir(parents=True, exist_ok=True)
    out, total_words = [], 0
    for i in range(n):
        name, text = articles[i % len(articles)]
        k = i // len(articles)
        paras = _paragraphs(text)
        if len(paras) > 3:
            mid = paras[1:-1]
            r = k % len(mid)
            paras = [paras[0], *mid[r:], *mid[:r], paras[-1]]
        body = "\n\n".join(paras) + f"\n\n<!-- bench copy {k} -->\n"
        p = folder / f"{i:05d}-{name}"
        p.write_text(body, encoding="utf-8")
        out.append(p)
        total_words += words(body) - 4
    return out, total_words


# ---- helpers -----------------------------------------------------------------------------
def run_child(cmd: list[str], *, cwd: str | Path | None = None, timeout: float | None = None, env: dict | None = None) -> dict:
    """Run a command; wall time (spawn to exit), exit code, stdout and stderr."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return {"wall": time.perf_counter() - t0, "rc": None, "stdout": out.decode(errors="replace"), "stderr": "timeout"}
    wall = time.perf_counter() - t0
    return {"wall": wall, "rc": proc.returncode, "stdout": out.decode(errors="replace"), "stderr": err.decode(errors="replace")}


def run_child_rss(cmd: list[str], *, cwd: str | Path | None = None) -> dict:
    """Run a command, output discarded; wall time, exit code, and the child's rusage from
    os.wait4: cpu seconds and ru_maxrss (KiB), which on Linux covers the child's own
    waited-for children (process-pool workers), i.e. the largest single process of the run."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read() if proc.stderr else b""
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    return {"wall": wall, "rc": proc.returncode, "maxrss_kib": ru.ru_maxrss, "stderr": err.decode(errors="replace"),
            "cpu": ru.ru_utime + ru.ru_stime}


def fmt_ms(x: float | None, nd: int = 2) -> str:
    return "n/a" if x is None else f"{x:.{nd}f}"


def row(label: str, *cells: str) -> None:
    print(f"  {label:<44}" + "".join(f"{c:>16}" for c in cells))


def section(title: str) -> None:
    print()
    print(title)


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"
