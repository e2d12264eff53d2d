"""A uint64 -> int64 hash table looked up for whole numpy arrays at once (open addressing, linear probing).

Why: the tagger maps spaCy string hashes (word forms, lemmas, lemma bigrams) to cache slots or vocabulary indices
for every token of a batch. `numpy.searchsorted` on a sorted key array does ~17 dependent random reads per key;
this table needs about one, so the lookups of a batch take a fifth of the time. Keys are spread by Fibonacci
hashing (multiply by 2^64 / golden ratio, keep the top bits); 0 marks an empty slot, so key 0 is kept aside.
"""

from __future__ import annotations

import numpy

_MULTIPLIER = numpy.uint64(0x9E3779B97F4A7C15)
_EMPTY = numpy.uint64(0)
_MAX_LOAD = 0.5


class UInt64Table:
    """Distinct uint64 keys with an int64 value each; grows (doubling) to stay at most half full."""

    def __init__(self, keys: numpy.ndarray | None = None, values: numpy.ndarray | None = None) -> None:
        self._bits = 10
        self._keys = numpy.zeros(1 << self._bits, dtype="uint64")
        self._values = numpy.zeros(1 << self._bits, dtype="int64")
        self._size = 0
        self._zero: int | None = None  # the value of key 0, which cannot live in the slots
        if keys is not None and values is not None:
            self.insert(keys, values)

    def __len__(self) -> int:
        return self._size + (self._zero is not None)

    def _home(self, keys: numpy.ndarray) -> numpy.ndarray:
        return ((keys * _MULTIPLIER) >> numpy.uint64(64 - self._bits)).astype("int64")

    def insert(self, keys: numpy.ndarray, values: numpy.ndarray) -> None:
        """Add distinct keys that are not in the table yet (keys: uint64, values: int64, same length)."""
        keys = numpy.asarray(keys, dtype="uint64")
        values = numpy.asarray(values, dtype="int64")
        zero = keys == _EMPTY
        if zero.any():
            self._zero = int(values[zero][0])
            keys, values = keys[~zero], values[~zero]
        if self._size + len(keys) > _MAX_LOAD * len(self._keys):
            self._grow(self._size + len(keys))
        self._place(keys, values)
        self._size += len(keys)

    def _grow(self, needed: int) -> None:
        """Rebuild with enough slots for `needed` keys at the maximum load."""
        used = self._keys != _EMPTY
        old_keys, old_values = self._keys[used], self._values[used]
        while (1 << self._bits) * _MAX_LOAD < needed:
            self._bits += 1
        self._keys = numpy.zeros(1 << self._bits, dtype="uint64")
        self._values = numpy.zeros(1 << self._bits, dtype="int64")
        self._place(old_keys, old_values)

    def _place(self, keys: numpy.ndarray, values: numpy.ndarray) -> None:
        """Linear probing in rounds: in round r every waiting key tries its home slot + r; one key wins a free slot.

        A key placed in round r found slots home .. home + r - 1 taken, and slots are never freed, so a lookup that
        walks from home to the first empty slot passes it.
        """
        mask = len(self._keys) - 1
        slots = self._home(keys)
        waiting = numpy.arange(len(keys))
        while len(waiting):
            free = self._keys[slots[waiting]] == _EMPTY
            trying = waiting[free]
            taken, first = numpy.unique(slots[trying], return_index=True)
            winners = trying[first]
            self._keys[taken] = keys[winners]
            self._values[taken] = values[winners]
            placed = numpy.zeros(len(keys), dtype=bool)
            placed[winners] = True
            waiting = waiting[~placed[waiting]]
            slots[waiting] = (slots[waiting] + 1) & mask

    def lookup(self, keys: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """(found mask, values of the found keys in order) for an array of uint64 keys."""
        keys = numpy.asarray(keys, dtype="uint64")
        mask = len(self._keys) - 1
        slots = self._home(keys)
        result = numpy.full(len(keys), -1, dtype="int64")
        found = numpy.zeros(len(keys), dtype=bool)
        waiting = numpy.arange(len(keys))
        while len(waiting):
            stored = self._keys[slots[waiting]]
            occupied = stored != _EMPTY
            hit = occupied & (stored == keys[waiting])
            hits = waiting[hit]
            result[hits] = self._values[slots[hits]]
            found[hits] = True
            waiting = waiting[occupied & ~hit]
            slots[waiting] = (slots[waiting] + 1) & mask
        if self._zero is not None:
            zero = keys == _EMPTY
            result[zero], found[zero] = self._zero, True
        return found, result[found]
