"""Tagger throughput vs spaCy's blank tokenizer, model load time and peak memory.

Run: `python benchmarks/tagger.py [n_passages]` (default 20,000 passages, cycling the corpus texts).
Targets: tagger >= 20% of blank-tokenizer throughput, load < 2 s.
"""

from __future__ import annotations

import itertools
import resource
import sys
import time
import tracemalloc

import spacy

from fieldnotes.nlp.corpus import load_corpus
from fieldnotes.nlp.tagger import Tagger


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    passages = load_corpus()
    texts = [p.text for p in itertools.islice(itertools.cycle(passages), n)]
    langs = [p.lang for p in itertools.islice(itertools.cycle(passages), n)]

    started = time.perf_counter()
    tagger = Tagger.load()
    load_seconds = time.perf_counter() - started

    tokenizers = {lang: spacy.blank(lang).tokenizer for lang in ("nl", "en")}
    started = time.perf_counter()
    for lang in ("nl", "en"):
        for _ in tokenizers[lang].pipe([t for t, lg in zip(texts, langs) if lg == lang], batch_size=256):
            pass
    tokenizer_rate = n / (time.perf_counter() - started)

    started = time.perf_counter()
    results = tagger.tag_many(texts, batch_size=256)
    tagger_rate = n / (time.perf_counter() - started)
    assert len(results) == n
    del results

    # tracemalloc slows Python down a lot, so peak memory is traced in a separate, smaller run
    tracemalloc.start()
    tagger.tag_many(texts[:5000], batch_size=256)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    started = time.perf_counter()
    tagger.tag_many(texts, langs=langs)
    given_lang_rate = n / (time.perf_counter() - started)

    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"passages:                      {n}")
    print(f"model load time:               {load_seconds:.2f} s   (target < 2 s)")
    print(f"blank tokenizer:               {tokenizer_rate:,.0f} passages/s")
    print(f"full tagger (lang detected):   {tagger_rate:,.0f} passages/s")
    print(f"full tagger (lang given):      {given_lang_rate:,.0f} passages/s")
    print(f"ratio tagger / tokenizer:      {tagger_rate / tokenizer_rate:.1%}   (target >= 20%)")
    print(f"peak traced memory:            {traced_peak / 2**20:.1f} MiB (tag_many of 5,000 passages)")
    print(f"peak RSS (process):            {rss_mib:.0f} MiB")


if __name__ == "__main__":
    main()
