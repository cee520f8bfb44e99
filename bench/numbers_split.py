"""Write the tuning / held-back split of ../shared/numbers (bench/data/numbers_split.toml).

    .venv/bin/python bench/numbers_split.py [--shared ../shared] [--seed 14]

The split is by *topic*: an ECB+ topic's two events (ecb-t19-a, ecb-t19-b: two riots, two
quakes) always land in the same half, so the held-back half has neither the events nor the
kind of event the rules were tuned on; a GVC cluster is its own topic. Topics are shuffled with
a fixed seed, then dealt in turn to the half with the smaller load (labelled conflicts +
injected conflicts + hard negatives, so both halves get a fair share of each). The same split
serves dev/ and dev-injected/ (an injected article belongs to its cluster's half).
Run once; the file it writes is the record. Rules are tuned on "tune" only.
"""
from __future__ import annotations

import argparse
import os
import random
import tomllib
from collections import Counter


def topic(cluster: str) -> str:
    return cluster.rsplit("-", 1)[0] if cluster.startswith("ecb-") else cluster


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"))
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--out", default=os.path.join(here, "data", "numbers_split.toml"))
    a = ap.parse_args()
    root = os.path.join(a.shared, "numbers")
    with open(os.path.join(root, "dev", "clusters.lst"), encoding="utf-8") as fh:
        clusters = fh.read().split()
    load: Counter[str] = Counter()
    for rel in ("dev/expected.toml", "dev-injected/expected.toml", "dev/negatives.toml"):
        with open(os.path.join(root, rel), "rb") as fh:
            for c in tomllib.load(fh).get("conflict", []):
                for cl in {loc.split("/")[0] for loc in c["locations"]}:
                    load[topic(cl)] += 1
    topics = sorted({topic(c) for c in clusters})
    rng = random.Random(a.seed)
    rng.shuffle(topics)
    topics.sort(key=lambda t: -load[t])  # stable: heavy topics first, shuffled among equals
    halves: dict[str, list[str]] = {"tune": [], "held": []}
    weight = {"tune": 0, "held": 0}
    size = {"tune": 0, "held": 0}
    for t in topics:
        # topics with labels balance the labels; the rest balance the number of clusters
        h = min(("tune", "held"), key=lambda k: ((weight[k], size[k]) if load[t] else (size[k], 0), rng.random()))
        halves[h].append(t)
        weight[h] += load[t]
        size[h] += sum(1 for c in clusters if topic(c) == t)
    with open(a.out, "w", encoding="utf-8") as fh:
        fh.write(f"# Split of ../shared/numbers by topic (bench/numbers_split.py, seed {a.seed}).\n")
        fh.write("# Tune on `tune` only; `held` is looked at only to measure (bench/numbers_quality.py).\n")
        for h in ("tune", "held"):
            cl = sorted(c for c in clusters if topic(c) in halves[h])
            fh.write(f"{h} = [\n" + "".join(f'  "{c}",\n' for c in cl) + "]\n")
    print({h: (len(v), weight[h]) for h, v in halves.items()})


if __name__ == "__main__":
    main()
