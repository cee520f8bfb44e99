"""The Dask engine gives the same findings as the single-machine run, on a LocalCluster."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import newslint

pytest.importorskip("distributed")


def _corpus(seeds: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for src in sorted(seeds.glob("*.txt")):
        shutil.copy(src, folder / src.name)
    return folder


def _dicts(findings) -> list[str]:
    return sorted(json.dumps(f.to_dict(), sort_keys=True) for f in findings)


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def test_folder_on_local_cluster_matches_lint_paths(seeds: Path, tmp_path: Path, cluster):
    from newslint.dask import Written, lint_corpus, read_findings

    folder = _corpus(seeds, tmp_path)
    config = newslint.config_for(folder)
    local = newslint.lint_paths([folder], config=config)
    distributed = lint_corpus(str(folder), config=config, scheduler=cluster.scheduler_address)
    assert _dicts(distributed) == _dicts(local.findings) and local.findings
    out = tmp_path / "findings"
    written = lint_corpus(str(folder), config=config, scheduler=cluster.scheduler_address, output=str(out))
    assert isinstance(written, Written) and written.findings == len(local.findings)
    assert len(list(out.glob("part-*.jsonl"))) > 1  # one file per partition, written by the workers
    assert sorted(json.dumps(w, sort_keys=True) for w in read_findings(str(out))) == _dicts(local.findings)


def test_jsonl_and_parquet_inputs(seeds: Path, tmp_path: Path):
    pd = pytest.importorskip("pandas")
    from newslint.dask import lint_corpus, read_findings

    folder = _corpus(seeds, tmp_path)
    config = newslint.config_for(folder)
    records = [{"path": str(p), "text": p.read_text(encoding="utf-8")} for p in sorted(folder.glob("*.txt"))]
    jsonl = tmp_path / "articles.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records))
    local = _dicts(newslint.lint_paths([folder], config=config).findings)
    assert _dicts(lint_corpus(str(jsonl), config=config, scheduler="sync")) == local
    parquet = tmp_path / "articles.parquet"
    pd.DataFrame(records).to_parquet(parquet)
    written = lint_corpus(str(parquet), config=config, scheduler="sync", output=str(tmp_path / "f.parquet"))
    assert written.findings == len(local) == len(pd.read_parquet(tmp_path / "f.parquet"))
    assert sorted(json.dumps(r, sort_keys=True) for r in read_findings(str(tmp_path / "f.parquet"))) == local


def _story(i: int) -> list[dict]:
    """Two invented articles of one story that disagree on a number, plus an ad marker."""
    who = f"Harbourton{i}"
    return [
        {"path": f"s{i:05}/a.txt", "text": f"Officials in {who} said the {who} ferry strike lasted three hours on Monday.\n\n- Advertisement -\n\nThe {who} union and the {who} port met again.\n"},
        {"path": f"s{i:05}/b.txt", "text": f"The {who} ferry strike lasted five hours on Monday, the {who} union said.\n\nThe {who} port said talks go on.\n"},
    ]


def _client_peak(tmp_path: Path, stories: int, cluster) -> tuple[int, int]:
    """(peak bytes allocated in this process, findings written) for a corpus of ``stories``."""
    import tracemalloc

    from newslint.dask import lint_corpus

    src = tmp_path / f"c{stories}.jsonl"
    with open(src, "w") as fh:
        for i in range(stories):
            for rec in _story(i):
                fh.write(json.dumps(rec) + "\n")
    tracemalloc.start()
    written = lint_corpus(str(src), config=newslint.Config(), scheduler=cluster.scheduler_address, output=str(tmp_path / f"out{stories}"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, written.findings


def test_client_memory_stays_flat_as_the_corpus_grows(tmp_path: Path, cluster):
    """Workers read the corpus, write the findings and check the stories; the client holds
    neither the articles nor their findings: ten times the corpus, about the same memory."""
    _client_peak(tmp_path, 20, cluster)  # warm: imports and the client's own caches
    small, n_small = _client_peak(tmp_path, 100, cluster)
    big, n_big = _client_peak(tmp_path, 1000, cluster)
    assert n_small >= 100 and n_big == 10 * n_small  # every story's findings were written
    assert big < small * 1.5 + 2_000_000, (small, big)


def test_cli_engine_dask(seeds: Path, tmp_path: Path):
    from conftest import run_cli

    folder = _corpus(seeds, tmp_path)
    a = run_cli("check", "--format", "json", "--no-cache", str(folder))
    b = run_cli("check", "--format", "json", "--engine", "dask", "--scheduler", "sync", str(folder))
    assert a.returncode == b.returncode == 0
    assert sorted(map(json.dumps, json.loads(a.stdout))) == sorted(map(json.dumps, json.loads(b.stdout)))


def test_cli_engine_dask_reports_a_path_it_cannot_read_as_the_local_engine_does(seeds: Path, tmp_path: Path):
    """A dangling link in the folder is a per-path error, not a crash of the Dask run."""
    from conftest import run_cli

    folder = _corpus(seeds, tmp_path)
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    a = run_cli("check", "--format", "json", "--no-cache", str(folder))
    b = run_cli("check", "--format", "json", "--engine", "dask", "--scheduler", "sync", str(folder))
    assert a.returncode == b.returncode
    assert "gone.txt" in a.stderr and "gone.txt" in b.stderr and "Traceback" not in b.stderr
    assert sorted(map(json.dumps, json.loads(a.stdout))) == sorted(map(json.dumps, json.loads(b.stdout)))
