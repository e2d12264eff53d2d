"""Evaluate surprise-edge extraction (precision/recall, direction counts) on the corpus files.

(a) the surprise passages of corpus/parts/*.jsonl (gold source_dept/target_dept as written in the text; with
    "target_implicit" in the note the gold target is the speaker's unit and is passed as observed_department).
    Scored twice: without a registry (names compared normalised) and with a registry of all gold names.
(b) corpus/fieldnotes_eval.jsonl: one note per line with its own registry and gold edges.
(c) the hand-written cases in tests/network/own_cases.py.

Usage: python benchmarks/network_eval.py [--verbose]
"""

from __future__ import annotations

import glob
import json
import sys
import time
from pathlib import Path

from fieldnotes.network.registry import DepartmentRegistry, lookup_key
from fieldnotes.network.surprises import extract_surprises

ROOT = Path(__file__).resolve().parent.parent


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _edges(text: str, lang: str, registry: DepartmentRegistry | None, observed: str | None) -> set[tuple[str, str]]:
    out = set()
    for s in extract_surprises(text, lang, registry, observed_department=observed):
        if s.source and s.target:
            out.add((s.source, s.target))
    return out


def _key(name: str, registry: DepartmentRegistry | None) -> str:
    if registry is not None:
        canonical = registry.lookup(name)
        if canonical is not None:
            return canonical.casefold()
    return lookup_key(name)


def _score(gold: set[tuple[str, str]], pred: set[tuple[str, str]], registry: DepartmentRegistry | None,
           ) -> tuple[int, int, int]:
    g = {(_key(a, registry), _key(b, registry)) for a, b in gold}
    p = {(_key(a, registry), _key(b, registry)) for a, b in pred}
    return len(g & p), len(p - g), len(g - p)


def eval_parts(verbose: bool) -> dict[str, tuple[float, float, float, int]]:
    rows = []
    for path in sorted(glob.glob(str(ROOT / "corpus" / "parts" / "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                try:
                    d = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line being written right now
                if "surprise" in d.get("labels", []):
                    rows.append(d)
    names: dict[str, list[str]] = {}
    for d in rows:
        for k in ("source_dept", "target_dept"):
            if d.get(k):
                names.setdefault(lookup_key(d[k]), []).append(d[k])
    oracle = DepartmentRegistry({v[0]: v[1:] for v in names.values()})
    results = {}
    for label, registry in (("no registry", None), ("gold-name registry", oracle)):
        tp = fp = fn = 0
        for d in rows:
            gold = set()
            if d.get("source_dept") and d.get("target_dept"):
                gold.add((d["source_dept"], d["target_dept"]))
            observed = d["target_dept"] if "target_implicit" in d.get("note", "") else None
            pred = _edges(d["text"], d["lang"], registry, observed)
            a, b, c = _score(gold, pred, registry)
            tp, fp, fn = tp + a, fp + b, fn + c
            if verbose and (b or c) and registry is oracle:
                print(f"  [{d['id']}] gold={sorted(gold)} pred={sorted(pred)}\n      {d['text']}")
        results[f"parts ({label})"] = (*_prf(tp, fp, fn), len(rows))
    return results


def eval_fieldnotes(verbose: bool) -> dict[str, tuple[float, float, float, int]]:
    path = ROOT / "corpus" / "fieldnotes_eval.jsonl"
    if not path.exists():
        return {}
    tp = fp = fn = n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError:
                continue
            n += 1
            registry = DepartmentRegistry(d.get("departments") or {})
            gold = {(e["source"], e["target"]) for e in d.get("edges", []) if e.get("source") and e.get("target")}
            pred = _edges(d["text"], d["lang"], registry, d.get("department"))
            a, b, c = _score(gold, pred, registry)
            tp, fp, fn = tp + a, fp + b, fn + c
            if verbose and (b or c):
                print(f"  [{d['id']}] gold={sorted(gold)} pred={sorted(pred)} observed={d.get('department')}\n"
                      f"      {d['text']}")
    return {"fieldnotes_eval": (*_prf(tp, fp, fn), n)}


def eval_own(verbose: bool) -> dict[str, tuple[float, float, float, int]]:
    sys.path.insert(0, str(ROOT / "tests" / "network"))
    from own_cases import CASES, HOSPITAL, MUNICIPALITY

    registries = {"m": DepartmentRegistry(MUNICIPALITY), "h": DepartmentRegistry(HOSPITAL)}
    tp = fp = fn = 0
    for reg, lang, text, observed, expected in CASES:
        pred = _edges(text, lang, registries[reg], observed)
        a, b, c = _score(expected, pred, registries[reg])
        tp, fp, fn = tp + a, fp + b, fn + c
        if verbose and (b or c):
            print(f"  [own] gold={sorted(expected)} pred={sorted(pred)}\n      {text}")
    return {"own cases": (*_prf(tp, fp, fn), len(CASES))}


def main() -> None:
    verbose = "--verbose" in sys.argv
    t0 = time.perf_counter()
    results = eval_parts(verbose) | eval_fieldnotes(verbose) | eval_own(verbose)
    for name, (p, r, f, n) in results.items():
        print(f"{name:35s} n={n:4d}  precision={p:.3f}  recall={r:.3f}  F1={f:.3f}")
    print(f"time {time.perf_counter() - t0:.1f}s")


if __name__ == "__main__":
    main()
