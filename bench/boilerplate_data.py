"""Labelled pages for the boilerplate benchmarks: lines, labels, source and site.

Read at run time from ``/work/shared`` (never copied into the repository):

* ``corpus/extracted`` (scrapinghub benchmark, ``sh-*``, 70 pages),
* ``corpus-more/extracted`` and ``corpus-more/naive`` (``rdb-*`` Readability test pages,
  ``dn-*`` Dragnet pages; ``dn-*`` is AGPL-3.0 data: measured, never fitted on).

Cross-validation is grouped by *site*, so no site is in a training and a test fold. The site
of a page is its URL's host (``manifest.jsonl``); a page without a URL is its own site,
joined (union-find) with every page it shares a line of three or more words with: the
scrapinghub pages carry no URL, and two of them from one site share their template lines.
The grouping and the folds are written to ``bench/data/boilerplate_split.json`` so a run
can be reproduced (``--write-split``); the scripts read that file when it exists.
"""
from __future__ import annotations

import json
import re
import tomllib
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

SHARED = Path("/work/shared")
SPLIT_FILE = Path(__file__).resolve().parent / "data" / "boilerplate_split.json"
N_FOLDS = 5


@dataclass
class Page:
    id: str  # file stem: sh-..., rdb-..., dn-...
    view: str  # "extracted" or "naive"
    path: Path
    text: str
    must: set[int]  # 1-based line numbers
    may: set[int]
    comments: set[int] = field(default_factory=set)  # Dragnet comment lines
    header: set[int] = field(default_factory=set)  # header-zone lines
    site: str = ""

    @property
    def source(self) -> str:
        return self.id.split("-", 1)[0]  # sh, rdb, dn

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def _labels(folder: Path) -> dict[str, dict]:
    with open(folder / "expected.toml", "rb") as fh:
        return tomllib.load(fh).get("files", {})


def _manifest() -> dict[str, dict]:
    out = {}
    path = SHARED / "corpus-more" / "manifest.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec["id"]] = rec
    return out


def load_view(view: str = "extracted", sources: tuple[str, ...] = ("sh", "rdb", "dn")) -> list[Page]:
    """Every labelled page of a view ("extracted": sh + rdb + dn; "naive": rdb + dn)."""
    folders = []
    if view == "extracted" and "sh" in sources:
        folders.append(SHARED / "corpus" / "extracted")
    folders.append(SHARED / "corpus-more" / view)
    manifest = _manifest()
    pages: list[Page] = []
    for folder in folders:
        for name, spec in sorted(_labels(folder).items()):
            pid = name.rsplit(".", 1)[0]
            if pid.split("-", 1)[0] not in sources:
                continue
            bp = spec.get("boilerplate", {})
            rec = manifest.get(pid, {}).get(view, {})
            text = (folder / name).read_text(encoding="utf-8")
            pages.append(Page(pid, view, folder / name, text, set(bp.get("must", [])), set(bp.get("may", [])),
                              set(rec.get("comment_lines", [])), set(rec.get("header_zone_lines", []))))
    assign_sites(pages, manifest)
    return pages


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def assign_sites(pages: list[Page], manifest: dict[str, dict] | None = None) -> None:
    """Set ``page.site``: the URL host, else a union of pages sharing a template line."""
    manifest = manifest if manifest is not None else _manifest()
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    for p in pages:
        host = _host(manifest.get(p.id, {}).get("url"))
        find(p.id)
        if host:
            union(p.id, "host:" + host)
    # pages sharing a line of 3+ words are one site (templates); only within a source
    owners: dict[str, set[str]] = defaultdict(set)
    for p in pages:
        for line in set(p.lines):
            key = re.sub(r"\d", "0", " ".join(line.lower().split()))
            if len(key.split()) >= 3:
                owners[p.source + "|" + key].add(p.id)
    for ids in owners.values():
        if 1 < len(ids) <= 6:  # a line in many pages is a generic phrase, not a site
            first, *rest = sorted(ids)
            for other in rest:
                union(first, other)
    for p in pages:
        root = find(p.id)
        p.site = root[5:] if root.startswith("host:") else root


def fold_of(site: str, n: int = N_FOLDS) -> int:
    """A stable fold per site (crc32 of the site name)."""
    return zlib.crc32(site.encode("utf-8")) % n


def load_split() -> dict[str, dict]:
    if SPLIT_FILE.exists():
        return json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    return {}


def write_split(pages: list[Page]) -> None:
    data = {p.id: {"site": p.site, "fold": fold_of(p.site)} for p in sorted(pages, key=lambda p: p.id)}
    SPLIT_FILE.parent.mkdir(parents=True, exist_ok=True)
    SPLIT_FILE.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def folds(pages: list[Page]) -> dict[str, int]:
    """The fold of every page: from the split file when it lists the page, else by site."""
    split = load_split()
    return {p.id: split[p.id]["fold"] if p.id in split else fold_of(p.site) for p in pages}
