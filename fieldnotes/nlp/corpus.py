"""Loading and validating the theme corpus (corpus/parts/*.jsonl) and its fixed held-out split."""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from fieldnotes.nlp.themes import THEME_KEYS

CORPUS_DIR = Path(__file__).resolve().parents[2] / "corpus"
HELDOUT_FILE = "heldout_ids.txt"
HELDOUT_PARTS_FILE = "heldout_parts.txt"
_KEYS = {"id", "lang", "text", "labels", "source_dept", "target_dept", "note"}
_LANGS = {"nl", "en"}


class CorpusError(ValueError):
    """A corpus line violates the format in docs/corpus_guidelines.md."""


@dataclass(frozen=True)
class Passage:
    """One labelled corpus passage."""

    id: str
    lang: str
    text: str
    labels: tuple[str, ...]
    source_dept: str | None
    target_dept: str | None
    note: str
    part: str


def validate_record(record: object, where: str) -> None:
    """Raise CorpusError when a decoded line does not follow the corpus format."""
    if not isinstance(record, dict) or set(record) != _KEYS:
        keys = sorted(record) if isinstance(record, dict) else type(record).__name__
        raise CorpusError(f"{where}: expected keys {sorted(_KEYS)}, got {keys}")
    if not isinstance(record["id"], str) or not record["id"]:
        raise CorpusError(f"{where}: id must be a non-empty string")
    if record["lang"] not in _LANGS:
        raise CorpusError(f"{where}: lang must be 'nl' or 'en'")
    if not isinstance(record["text"], str) or not record["text"].strip():
        raise CorpusError(f"{where}: text must be a non-empty string")
    labels = record["labels"]
    if not isinstance(labels, list) or any(label not in THEME_KEYS for label in labels):
        raise CorpusError(f"{where}: labels must be a list of {list(THEME_KEYS)}")
    if len(set(labels)) != len(labels):
        raise CorpusError(f"{where}: duplicate labels")
    for key in ("source_dept", "target_dept"):
        value = record[key]
        if value is not None and not isinstance(value, str):
            raise CorpusError(f"{where}: {key} must be a string or null")
        if value is not None and "surprise" not in labels:
            raise CorpusError(f"{where}: {key} is only allowed on surprise passages")
    if not isinstance(record["note"], str):
        raise CorpusError(f"{where}: note must be a string")


def load_corpus(corpus_dir: Path = CORPUS_DIR) -> list[Passage]:
    """Load and validate every `parts/*.jsonl` file; ids must be unique across parts."""
    passages: list[Passage] = []
    seen: dict[str, str] = {}
    for path in sorted((Path(corpus_dir) / "parts").glob("*.jsonl")):
        with path.open(encoding="utf8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                where = f"{path.name}:{number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise CorpusError(f"{where}: invalid JSON ({error.msg})") from error
                validate_record(record, where)
                if record["id"] in seen:
                    raise CorpusError(f"{where}: duplicate id {record['id']!r} (also in {seen[record['id']]})")
                seen[record["id"]] = where
                passages.append(
                    Passage(
                        id=record["id"],
                        lang=record["lang"],
                        text=record["text"],
                        labels=tuple(label for label in THEME_KEYS if label in record["labels"]),
                        source_dept=record["source_dept"],
                        target_dept=record["target_dept"],
                        note=record["note"],
                        part=path.stem,
                    )
                )
    return passages


def _order_key(passage_id: str, seed: int) -> str:
    return hashlib.sha256(f"{seed}:{passage_id}".encode()).hexdigest()


def stratum(passage: Passage) -> tuple[str, tuple[str, ...]]:
    """The stratification key: language and label combination."""
    return (passage.lang, passage.labels)


def make_heldout_ids(passages: list[Passage], *, fraction: float = 0.2, seed: int = 20240601) -> list[str]:
    """Deterministic stratified held-out ids (~fraction of each language x label-combination stratum).

    Strata are visited in sorted order and passages within a stratum in hash order; an accumulator carried across
    strata takes every 1/fraction-th passage, so rare combinations are spread too and the total is exact.
    """
    groups: dict[tuple[str, tuple[str, ...]], list[Passage]] = defaultdict(list)
    for passage in passages:
        groups[stratum(passage)].append(passage)
    chosen: list[str] = []
    accumulator = 0.5
    for key in sorted(groups):
        for passage in sorted(groups[key], key=lambda p: _order_key(p.id, seed)):
            accumulator += fraction
            if accumulator >= 1.0:
                accumulator -= 1.0
                chosen.append(passage.id)
    return sorted(chosen)


def write_heldout_ids(ids: list[str], corpus_dir: Path = CORPUS_DIR) -> Path:
    """Write the held-out ids (one per line) to corpus/heldout_ids.txt."""
    path = Path(corpus_dir) / HELDOUT_FILE
    path.write_text("".join(f"{i}\n" for i in sorted(ids)), encoding="utf8")
    return path


def read_heldout_ids(corpus_dir: Path = CORPUS_DIR) -> set[str]:
    """Read corpus/heldout_ids.txt (raises FileNotFoundError when the split was never written)."""
    path = Path(corpus_dir) / HELDOUT_FILE
    return {line.strip() for line in path.read_text(encoding="utf8").splitlines() if line.strip()}


def read_heldout_parts(corpus_dir: Path = CORPUS_DIR) -> set[str]:
    """The corpus parts kept whole for testing (corpus/heldout_parts.txt, e.g. "part_q"; none when absent)."""
    path = Path(corpus_dir) / HELDOUT_PARTS_FILE
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text(encoding="utf8").splitlines() if line.strip()}


def split_corpus(corpus_dir: Path = CORPUS_DIR) -> tuple[list[Passage], list[Passage]]:
    """(training part, held-out part) using the fixed ids file; passages added later go to training, except those
    of the whole parts kept for testing (`heldout_parts_passages`)."""
    passages = load_corpus(corpus_dir)
    heldout = read_heldout_ids(corpus_dir)
    test_parts = read_heldout_parts(corpus_dir)
    train = [p for p in passages if p.id not in heldout and p.part not in test_parts]
    return train, [p for p in passages if p.id in heldout]


def heldout_parts_passages(corpus_dir: Path = CORPUS_DIR) -> list[Passage]:
    """The passages of the test parts: writers whose text is never trained on (a proxy for the field)."""
    test_parts = read_heldout_parts(corpus_dir)
    return [p for p in load_corpus(corpus_dir) if p.part in test_parts]


def fold_ids(passages: list[Passage], *, folds: int = 5, seed: int = 7) -> list[int]:
    """Deterministic stratified fold index per passage (same accumulator scheme as the held-out split)."""
    groups: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for index, passage in enumerate(passages):
        groups[stratum(passage)].append(index)
    assignment = [0] * len(passages)
    counter = 0
    for key in sorted(groups):
        for index in sorted(groups[key], key=lambda i: _order_key(passages[i].id, seed)):
            assignment[index] = counter % folds
            counter += 1
    return assignment


def writer_fold_ids(passages: list[Passage], *, folds: int = 5) -> list[int]:
    """Fold index per passage with every corpus part (one writer) in a single fold, folds balanced by size.

    Out-of-fold scores from these folds come from models that never saw the writer, like text from the field:
    the stacker learns how far to trust each signal on other people's wording, and thresholds and the
    false-positive cap are set on scores shifted the same way.
    """
    sizes: dict[str, int] = defaultdict(int)
    for passage in passages:
        sizes[passage.part] += 1
    load = [0] * folds
    assignment: dict[str, int] = {}
    for part in sorted(sizes, key=lambda key: (-sizes[key], key)):
        fold = load.index(min(load))
        assignment[part] = fold
        load[fold] += sizes[part]
    return [assignment[passage.part] for passage in passages]


def main(argv: list[str] | None = None) -> None:
    """Validate the corpus: `python -m fieldnotes.nlp.corpus [--write-heldout]`.

    The held-out split is written once, when the corpus is complete; rewriting it later would move trained-on
    passages into the test set, so it takes an explicit flag.
    """
    parser = argparse.ArgumentParser(prog="python -m fieldnotes.nlp.corpus", description=main.__doc__)
    parser.add_argument("--write-heldout", action="store_true", help="(re)write corpus/heldout_ids.txt")
    args = parser.parse_args(argv)
    passages = load_corpus()
    heldout = read_heldout_ids() if (CORPUS_DIR / HELDOUT_FILE).exists() else set()
    if args.write_heldout:
        ids = make_heldout_ids(passages)
        print(f"wrote {len(ids)} held-out ids to {write_heldout_ids(ids)}")
        heldout = set(ids)
    test_parts = read_heldout_parts()
    in_test_parts = sum(p.part in test_parts for p in passages)
    training = sum(p.id not in heldout and p.part not in test_parts for p in passages)
    print(
        f"{len(passages)} passages valid; {len(heldout)} held out, {in_test_parts} in the test parts "
        f"({', '.join(sorted(test_parts)) or 'none'}), {training} for training"
    )


if __name__ == "__main__":
    main()
