"""Tagger throughput vs spaCy's blank tokenizer, model load time and peak memory.

Run: `python benchmarks/tagger.py [n_passages]` (default 20,000 passages, cycling the corpus texts).
Targets: tagger >= 20% of blank-tokenizer throughput, load < 2 s.

Throughput is reported on process CPU time (stable when other jobs share the machine) and on wall-clock time.
"First pass" includes one-off costs (lemma cache filling, lingua's n-gram models loading on the first text the
function-word vote cannot decide); "second pass" is the steady state of a long-running process.
"""

from __future__ import annotations

import itertools
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable

import spacy

from fieldnotes.nlp.corpus import load_corpus
from fieldnotes.nlp.tagger import Tagger


def _rates(n: int, run: Callable[[], object]) -> tuple[float, float]:
    """(passages per CPU second, passages per wall-clock second)."""
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    return n / (time.process_time() - cpu), n / (time.perf_counter() - wall)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    passages = list(itertools.islice(itertools.cycle(load_corpus()), n))
    texts = [p.text for p in passages]
    langs = [p.lang for p in passages]

    started = time.perf_counter()
    tagger = Tagger.load()
    load_seconds = time.perf_counter() - started

    tokenizers = {lang: spacy.blank(lang).tokenizer for lang in ("nl", "en")}
    by_lang = {lang: [t for t, lg in zip(texts, langs) if lg == lang] for lang in tokenizers}

    def tokenize() -> None:
        for lang, tokenizer in tokenizers.items():
            for _ in tokenizer.pipe(by_lang[lang], batch_size=256):
                pass

    tok_first = _rates(n, tokenize)
    tok = _rates(n, tokenize)
    tag_first = _rates(n, lambda: tagger.tag_many(texts, batch_size=256))
    tag = _rates(n, lambda: tagger.tag_many(texts, batch_size=256))
    tag_given = _rates(n, lambda: tagger.tag_many(texts, langs=langs, batch_size=256))

    # tracemalloc slows Python down a lot, so peak memory is traced in a separate, smaller run
    tracemalloc.start()
    tagger.tag_many(texts[:5000], batch_size=256)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"passages: {n} (corpus texts, cycled)        per CPU s   per wall s")
    print(f"blank tokenizer, first pass            {tok_first[0]:>10,.0f} {tok_first[1]:>12,.0f}")
    print(f"blank tokenizer, second pass           {tok[0]:>10,.0f} {tok[1]:>12,.0f}")
    print(f"tagger, lang detected, first pass      {tag_first[0]:>10,.0f} {tag_first[1]:>12,.0f}")
    print(f"tagger, lang detected, second pass     {tag[0]:>10,.0f} {tag[1]:>12,.0f}")
    print(f"tagger, lang given, second pass        {tag_given[0]:>10,.0f} {tag_given[1]:>12,.0f}")
    print(f"ratio tagger/tokenizer, first pass     {tag_first[0] / tok_first[0]:>10.1%} {tag_first[1] / tok_first[1]:>12.1%}")
    print(f"ratio tagger/tokenizer, second pass    {tag[0] / tok[0]:>10.1%} {tag[1] / tok[1]:>12.1%}   (target >= 20%)")
    print(f"ratio, lang given, second pass         {tag_given[0] / tok[0]:>10.1%} {tag_given[1] / tok[1]:>12.1%}")
    print(f"model load time                        {load_seconds:>10.2f} s   (target < 2 s)")
    print(f"peak traced memory                     {traced_peak / 2**20:>10.1f} MiB (tag_many of 5,000 passages)")
    print(f"peak RSS (process)                     {rss_mib:>10.0f} MiB")


if __name__ == "__main__":
    main()
