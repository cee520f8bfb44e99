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
    from newslint.dask import lint_corpus

    folder = _corpus(seeds, tmp_path)
    config = newslint.config_for(folder)
    local = newslint.lint_paths([folder], config=config)
    out = tmp_path / "findings.jsonl"
    distributed = lint_corpus(str(folder), config=config, scheduler=cluster.scheduler_address, output=str(out))
    assert _dicts(distributed) == _dicts(local.findings) and local.findings
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(json.dumps(w, sort_keys=True) for w in written) == _dicts(local.findings)


def test_jsonl_and_parquet_inputs(seeds: Path, tmp_path: Path):
    pd = pytest.importorskip("pandas")
    from newslint.dask import lint_corpus

    folder = _corpus(seeds, tmp_path)
    config = newslint.config_for(folder)
    records = [{"path": str(p), "text": p.read_text(encoding="utf-8")} for p in sorted(folder.glob("*.txt"))]
    jsonl = tmp_path / "articles.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records))
    local = _dicts(newslint.lint_paths([folder], config=config).findings)
    assert _dicts(lint_corpus(str(jsonl), config=config, scheduler="sync")) == local
    parquet = tmp_path / "articles.parquet"
    pd.DataFrame(records).to_parquet(parquet)
    assert _dicts(lint_corpus(str(parquet), config=config, scheduler="sync", output=str(tmp_path / "f.parquet"))) == local
    assert len(pd.read_parquet(tmp_path / "f.parquet")) == len(local)


def test_cli_engine_dask(seeds: Path, tmp_path: Path):
    from conftest import run_cli

    folder = _corpus(seeds, tmp_path)
    a = run_cli("check", "--format", "json", "--no-cache", str(folder))
    b = run_cli("check", "--format", "json", "--engine", "dask", "--scheduler", "sync", str(folder))
    assert a.returncode == b.returncode == 0
    assert sorted(map(json.dumps, json.loads(a.stdout))) == sorted(map(json.dumps, json.loads(b.stdout)))
