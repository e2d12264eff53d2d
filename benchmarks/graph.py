"""Build time of the surprise network for 100,000 synthetic passage records (target: < 2 s).

Usage: python benchmarks/graph.py [N]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

from fieldnotes.network.graph import PassageRecord, build_graph, surprise_metrics
from fieldnotes.network.surprises import Surprise


def synthetic_records(n: int, seed: int = 7) -> list[PassageRecord]:
    """``n`` records over 40 departments, 12 consultants, 3 note kinds and two years; ~30% carry surprises."""
    rng = random.Random(seed)
    depts = [f"Dept {i:02d}" for i in range(40)]
    consultants = [f"consultant-{i}" for i in range(12)]
    kinds = ["observation", "interview", "meeting"]
    start = dt.date(2024, 1, 1)
    records = []
    for i in range(n):
        mentioned = rng.sample(depts, rng.randint(0, 3))
        surprises: tuple[Surprise, ...] = ()
        if rng.random() < 0.3:
            a, b = rng.sample(depts, 2)
            surprises = (Surprise(a, b, ""),) if rng.random() < 0.9 else (Surprise(a, None, ""),)
        records.append(PassageRecord(
            passage_id=f"p{i}", note_id=f"n{i // 5}", date=start + dt.timedelta(days=rng.randrange(730)),
            consultant=rng.choice(consultants), kind=rng.choice(kinds), departments=tuple(mentioned),
            surprises=surprises,
        ))
    return records


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    records = synthetic_records(n)
    t0 = time.perf_counter()
    g = build_graph(records)
    t1 = time.perf_counter()
    gf = build_graph(records, date_from=dt.date(2024, 6, 1), date_to=dt.date(2025, 5, 31), kind="interview")
    t2 = time.perf_counter()
    surprise_metrics(g)
    t3 = time.perf_counter()
    print(f"records={n} nodes={g.number_of_nodes()} edges={g.number_of_edges()}")
    print(f"build_graph: {t1 - t0:.3f} s")
    print(f"build_graph with period+kind filter: {t2 - t1:.3f} s ({gf.number_of_edges()} edges)")
    print(f"surprise_metrics: {t3 - t2:.3f} s")


if __name__ == "__main__":
    main()
