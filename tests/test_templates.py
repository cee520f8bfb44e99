"""Site templates (NL130): a line carried by many articles of one folder is found in every
copy, by the command, the API with the cache, the language server's workspace and Dask alike;
unrelated articles give nothing. All articles here are invented."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import newslint
from newslint.config import Config
from newslint.document import Document
from newslint.rules.base import RuleContext
from newslint.rules.templates import SiteTemplate, min_articles, template_key

STORIES = (
    ("Tram line opens in May", "The new tram line will open in May after three years of works across the city centre, the council said on Monday."),
    ("Library hours extended", "The central library will stay open until ten in the evening during the exam weeks, its director said in a statement."),
    ("Bridge repairs start", "Repairs to the old stone bridge start next week and will close one lane of traffic until the end of June, engineers said."),
    ("Harbour festival returns", "The harbour festival returns in August with three days of music, food stalls and boat races along the old quay, organisers said."),
    ("School meals get cheaper", "Families will pay a third less for school meals from September after the council approved a new subsidy on Tuesday night."),
)
SECOND = (
    "Passengers will pay the same fares as on the buses for the first year, and children under six will travel free.",
    "Students have asked for longer hours for years, and the library will also open its reading rooms on Sunday mornings.",
    "Drivers are advised to use the ring road while the works last, and the ferry will run every twenty minutes instead.",
    "Tickets for the boat races are free, but the organisers ask visitors to register online so the quay is not crowded.",
    "Parents who already pay for the autumn term will get the difference back, the school office said in a letter.",
)
TEMPLATE = ("Printed from the Veldt Courier archive on 12 May 2021", "Veldt Courier · Harbour edition")


def article(k: int, template: bool = True) -> str:
    head, body = STORIES[k]
    second = SECOND[k]
    tail = ""
    if template:
        # the dates differ from article to article: a template's date is not its wording
        tail = f"\n{TEMPLATE[0].replace('12 May', f'{k + 3} June')}\n{TEMPLATE[1]}\n"
    return f"{head}\n\n{body}\n\n{second}\n{tail}"


def write_folder(folder: Path, n: int = 5, template: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        (folder / f"story{k}.txt").write_text(article(k, template), encoding="utf-8")
    return folder


def template_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.split("\n"), 1) if line.startswith(("Printed from", "Veldt Courier"))]


def test_keys_ignore_numbers_dates_case_and_edges() -> None:
    assert template_key("Updated 3 May 2021 |") == template_key("updated 14 june 2022")
    assert template_key("Share this:") == template_key("  SHARE THIS  ")
    assert template_key("Share this") != template_key("Share that")


def test_thresholds_hold_for_a_handful_and_for_a_large_archive() -> None:
    assert min_articles(2) == 3 and min_articles(5) == 3
    assert min_articles(100) == 7 and min_articles(100_000) == 17


def _summaries(texts: list[str], folder: str = "/site") -> list:
    rule = SiteTemplate()
    ctx = RuleContext(Config())
    return [rule.summarize(Document.from_text(t, f"{folder}/a{k}.txt"), ctx) for k, t in enumerate(texts)]


def test_rule_examples_fire_and_stay_quiet() -> None:
    rule = SiteTemplate()
    ctx = RuleContext(Config())
    for articles in rule.corpus_examples_bad:
        hits = list(rule.check_corpus(_summaries(list(articles)), ctx))
        assert len(hits) == 2 * len(articles)  # both template lines of every article
    for articles in rule.corpus_examples_good:
        assert list(rule.check_corpus(_summaries(list(articles)), ctx)) == []


def test_every_copy_found_with_related_articles() -> None:
    texts = [article(k) for k in range(5)]
    hits = list(SiteTemplate().check_corpus(_summaries(texts), RuleContext(Config())))
    found = sorted((h.path, h.line) for h in hits)
    assert found == sorted((f"/site/a{k}.txt", ln) for k in range(5) for ln in template_lines(texts[k]))
    for h in hits:
        others = {r.path for r in h.related}
        assert h.path not in others and len(others) == 3  # points at other articles carrying it
        assert "5 of 5 articles" in h.message


def test_two_articles_or_other_sites_are_not_a_template() -> None:
    rule, ctx = SiteTemplate(), RuleContext(Config())
    assert list(rule.check_corpus(_summaries([article(0), article(1)]), ctx)) == []
    # the same line in articles of three different folders (sites): never compared
    mixed = [s for k in range(3) for s in _summaries([article(k)], folder=f"/site{k}")]
    assert list(rule.check_corpus(mixed, ctx)) == []


def test_copies_of_one_story_are_not_a_template() -> None:
    # five outlets printing one wire story share its closing line: one story, not a site
    wire = "Reporting by Ana Kolar; editing by Ines Marlow"
    texts = [f"{STORIES[0][0]}\n\n{STORIES[0][1]}\n\n{SECOND[k]}\n\n{wire}\n" for k in range(5)]
    assert list(SiteTemplate().check_corpus(_summaries(texts), RuleContext(Config()))) == []


def test_unrelated_articles_give_nothing() -> None:
    texts = [article(k, template=False) for k in range(5)]
    assert list(SiteTemplate().check_corpus(_summaries(texts), RuleContext(Config()))) == []


def test_a_site_in_front_matter_groups_articles_across_folders() -> None:
    texts = [f"---\nsite: Veldt Courier\n---\n{article(k)}" for k in range(3)]
    sums = [s for k, t in enumerate(texts) for s in _summaries([t], folder=f"/dump/{k}")]
    assert len(list(SiteTemplate().check_corpus(sums, RuleContext(Config())))) == 6


# ---- the command, the API with the cache -----------------------------------------------------------
def test_command_finds_every_copy_in_a_folder_and_nothing_in_unrelated_articles(tmp_path: Path) -> None:
    from conftest import run_cli

    site = write_folder(tmp_path / "site")
    res = run_cli("check", "--no-cache", "--format", "json", "--select", "NL130", str(site))
    findings = json.loads(res.stdout)
    got = sorted((Path(f["path"]).name, f["line"]) for f in findings)
    want = sorted((p.name, ln) for p in site.glob("*.txt") for ln in template_lines(p.read_text(encoding="utf-8")))
    assert got == want and len(got) == 10
    assert all(f["related"] and f["fix"]["safety"] == "unsafe" for f in findings)
    # the fix's edit is placed in the JSON (the corpus stage has no text: the rule placed it)
    for f in findings:
        (edit,) = f["fix"]["edits"]
        lines = (site / Path(f["path"]).name).read_text(encoding="utf-8").splitlines(keepends=True)
        starts = [0]
        for x in lines:
            starts.append(starts[-1] + len(x))
        a, b = starts[edit["line"] - 1] + edit["column"] - 1, starts[edit["end_line"] - 1] + edit["end_column"] - 1
        text = "".join(lines)
        fixed = text[:a] + edit["text"] + text[b:]
        assert fixed.splitlines() == [x.rstrip("\n") for k, x in enumerate(lines, 1) if k != f["line"]]
    other = write_folder(tmp_path / "other", template=False)
    res = run_cli("check", "--no-cache", "--format", "json", "--select", "boilerplate", str(other))
    assert json.loads(res.stdout) == []


def test_one_finding_per_template_line_with_the_whole_family(tmp_path: Path) -> None:
    site = write_folder(tmp_path / "site")
    report = newslint.lint_paths([site], config=Config(select=("boilerplate",)))
    per_line: dict[tuple[str, int], int] = {}
    for f in report.findings:
        for ln in range(f.line, f.end_line + 1):
            per_line[(Path(f.path).name, ln)] = per_line.get((Path(f.path).name, ln), 0) + 1
    for p in site.glob("*.txt"):
        for ln in template_lines(p.read_text(encoding="utf-8")):
            assert per_line.get((p.name, ln)) == 1, (p.name, ln)


def test_cached_run_gives_the_same_findings(tmp_path: Path) -> None:
    from newslint.cache import Cache

    site = write_folder(tmp_path / "site")
    cfg = Config(select=("NL130",))
    cold = newslint.lint_paths([site], config=cfg, cache=Cache(tmp_path / "cache"))
    warm = newslint.lint_paths([site], config=cfg, cache=Cache(tmp_path / "cache"))
    assert [f.to_dict() for f in cold.findings] == [f.to_dict() for f in warm.findings] and len(cold.findings) == 10


# ---- Dask ------------------------------------------------------------------------------------------
def test_dask_local_cluster_gives_the_same_findings(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    from newslint.dask import lint_corpus

    site = write_folder(tmp_path / "site")
    cfg = Config(select=("boilerplate",))
    local = sorted(json.dumps(f.to_dict(), sort_keys=True) for f in newslint.lint_paths([site], config=cfg).findings)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        dist = lint_corpus(str(site), config=cfg, scheduler=cluster.scheduler_address)
    assert sorted(json.dumps(f.to_dict(), sort_keys=True) for f in dist) == local
    assert sum(1 for f in dist if f.code == "NL130") == 10


# ---- the language server (workspace diagnostics) ---------------------------------------------------
import pytest_lsp  # noqa: E402
from lsp_helpers import write_workspace  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402
from test_lsp import SERVER, open_doc, push_caps, start, wait_diags  # noqa: E402


@pytest.fixture
def site_ws(tmp_path: Path) -> Path:
    root = write_workspace(tmp_path / "ws", pack=False, select=("NL130",))
    write_folder(root)
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def ws_client(lsp_client: LanguageClient, site_ws: Path):
    await start(lsp_client, site_ws, push_caps())
    yield
    await lsp_client.shutdown_session()


async def test_language_server_reports_the_template_over_the_workspace(ws_client: LanguageClient, site_ws: Path) -> None:
    cli = newslint.lint_paths([site_ws], config=newslint.config_for(site_ws))
    want = sorted((Path(f.path).name, f.line, tuple(sorted((Path(r.path).name, r.line) for r in f.related))) for f in cli.findings)
    assert len(want) == 10
    uri = open_doc(ws_client, site_ws / "story0.txt")
    closed = (site_ws / "story3.txt").as_uri()
    for target in (uri, closed):  # the open article and one only on disk
        diags = await wait_diags(ws_client, target, lambda d: sum(x.code == "NL130" for x in d) == 2)
        name = target.rsplit("/", 1)[-1]
        got = sorted(
            (name, d.range.start.line + 1, tuple(sorted((Path(r.location.uri).name, r.location.range.start.line + 1) for r in d.related_information or ())))
            for d in diags if d.code == "NL130"
        )
        assert got == [w for w in want if w[0] == name]
