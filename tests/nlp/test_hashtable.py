"""The vectorised uint64 hash table agrees with a dict, also across growth (thousands of colliding home slots per
batch at up to half load), and keeps key 0 apart from the empty-slot marker."""

from __future__ import annotations

import numpy

from fieldnotes.nlp.hashtable import UInt64Table


def test_hashtable_lookup_equals_a_dict_across_growth() -> None:
    rng = numpy.random.default_rng(3)
    reference: dict[int, int] = {}
    table = UInt64Table()
    for batch in range(6):  # grows several times from 1,024 slots
        keys = numpy.setdiff1d(rng.integers(0, 2**64 - 1, 3000, dtype=numpy.uint64, endpoint=True),
                               numpy.fromiter(reference, dtype=numpy.uint64, count=len(reference)))
        values = numpy.arange(len(keys)) + 10_000 * batch
        table.insert(keys, values)
        reference.update(zip(keys.tolist(), values.tolist()))
    queries = numpy.concatenate([numpy.fromiter(reference, dtype=numpy.uint64, count=len(reference)),
                                 rng.integers(1, 2**63, 5000, dtype=numpy.uint64)])
    rng.shuffle(queries)
    found, values = table.lookup(queries)
    expected = [q in reference for q in queries.tolist()]
    assert found.tolist() == expected
    assert values.tolist() == [reference[q] for q in queries[found].tolist()]
    assert len(table) == len(reference)


def test_hashtable_key_zero_and_empty_table() -> None:
    table = UInt64Table()
    table.insert(numpy.arange(2, 12, 2, dtype=numpy.uint64), numpy.arange(5))
    table.insert(numpy.asarray([0], dtype=numpy.uint64), numpy.asarray([99]))
    found, values = table.lookup(numpy.asarray([0, 2, 10, 12, 4], dtype=numpy.uint64))
    assert found.tolist() == [True, True, True, False, True]
    assert values.tolist() == [99, 0, 4, 1]
    empty_found, _ = UInt64Table().lookup(numpy.asarray([0, 7], dtype=numpy.uint64))
    assert not empty_found.any()
