"""Training the theme classifier: a reusable `train_textcat` for any label set and `train_model` for the shipped one.

`train_model` rebuilds fieldnotes/nlp/model deterministically: per-language pipelines (sentencizer, lemmatizer,
cue matcher, n-gram classifier, lemma-BOW textcat_multilabel), a stacking layer fitted on 5-fold out-of-fold
predictions of the TRAINING part only (folds by writer: each corpus part in one fold), and per-theme thresholds
chosen on out-of-fold stacked scores. The held-out split is never used here.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

import numpy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch
from thinc.api import SGD, Adam, Optimizer

from fieldnotes.nlp.corpus import CORPUS_DIR, Passage, fold_ids, split_corpus, writer_fold_ids
from fieldnotes.nlp.ngram_model import NgramScorer, NgramSettings, fit_ngram_model
from fieldnotes.nlp.pipeline import build_pipeline
from fieldnotes.nlp.scoring import cue_counts, features, fit_stacker
from fieldnotes.nlp.textcat import textcat_config
from fieldnotes.nlp.themes import THEME_KEYS

TEXTCAT = "textcat_multilabel"
NGRAM = "fieldnotes_ngram_classifier"
MODEL_VERSION = "1.2.0"
LANGS: tuple[str, ...] = ("nl", "en")
Layout = Literal["per_language", "shared"]
FoldBy = Literal["writer", "stratified"]


@dataclass(frozen=True)
class TextcatSettings:
    """Hyper-parameters of the lemma BOW textcat (chosen by cross-validation on the training part).

    learn_rate belongs to `optimizer`: 0.5 for "sgd" (default); use ~0.001 with "adam".
    """

    ngram_size: int = 2
    attr: str = "LEMMA"
    length: int = 65536
    values: str = "unit"
    epochs: int = 100
    optimizer: str = "sgd"
    learn_rate: float = 0.5
    l2: float = 1e-4
    batch_size: int = 16
    average: bool = True


@dataclass(frozen=True)
class ModelSettings:
    """Everything `train_model` decides besides the data."""

    textcat: TextcatSettings = TextcatSettings()
    ngram: NgramSettings = NgramSettings()
    layout: Layout = "shared"
    folds: int = 5
    fold_by: FoldBy = "writer"
    stacker_c: float = 1.0
    threshold_beta: float = 1.0
    max_fp_rate: float | None = 0.10


SHIPPED_SETTINGS = ModelSettings()


def make_optimizer(settings: TextcatSettings) -> Optimizer:
    """The optimizer for these settings (use it in any custom textcat training loop).

    Plain SGD with an L2 penalty makes the BOW textcat a regularised logistic regression over sparse n-grams:
    rare n-grams move slowly. Adam moves every weight at the same rate and memorised the training passages
    (single-fold AUC 0.887 vs 0.944, docs/nlp.md).
    """
    optimizer_class = SGD if settings.optimizer == "sgd" else Adam
    return optimizer_class(
        learn_rate=settings.learn_rate,
        L2=settings.l2,
        grad_clip=1.0,
        L2_is_weight_decay=False,
        use_averages=settings.average,
    )


def component_config(settings: TextcatSettings) -> dict[str, object]:
    """The textcat_multilabel config for these settings."""
    return textcat_config(
        ngram_size=settings.ngram_size, attr=settings.attr, length=settings.length, values=settings.values
    )


def _as_docs(nlp: Language, texts_or_docs: Sequence[Doc | str]) -> list[Doc]:
    texts = [x for x in texts_or_docs if isinstance(x, str)]
    disable = [name for name in nlp.pipe_names if name == TEXTCAT]
    processed = iter(nlp.pipe(texts, disable=disable)) if texts else iter(())
    return [x if isinstance(x, Doc) else next(processed) for x in texts_or_docs]


def train_textcat(
    examples: Sequence[tuple[Doc | str, Collection[str]]],
    labels: Sequence[str],
    *,
    nlp: Language | None = None,
    lang: str | None = None,
    seed: int = 0,
    settings: TextcatSettings = TextcatSettings(),
) -> Language:
    """Train a multi-label lemma-BOW textcat for any label set and return the pipeline holding it.

    `examples` are (text or preprocessed Doc, labels) pairs; `nlp` is the pipeline to add the textcat to (default:
    `build_pipeline(lang)`); an existing textcat in it is replaced. Deterministic for a given seed.
    """
    if nlp is None:
        if lang is None:
            raise ValueError("pass nlp or lang")
        nlp = build_pipeline(lang)
    if TEXTCAT in nlp.pipe_names:
        nlp.remove_pipe(TEXTCAT)
    fix_random_seed(seed)
    docs = _as_docs(nlp, [doc for doc, _ in examples])
    label_list = list(labels)
    prepared = []
    for doc, (_, gold) in zip(docs, examples):
        reference = doc.copy()
        reference.cats = {label: float(label in gold) for label in label_list}
        prepared.append(Example(doc, reference))
    textcat = nlp.add_pipe(
        TEXTCAT,
        config=component_config(settings),
    )
    textcat.initialize(lambda: prepared, nlp=nlp, labels=label_list)
    optimizer = make_optimizer(settings)
    rng = random.Random(seed)
    order = list(range(len(prepared)))
    for _ in range(settings.epochs):
        rng.shuffle(order)
        for batch in minibatch([prepared[i] for i in order], size=settings.batch_size):
            textcat.update(batch, sgd=optimizer, losses={})
    if settings.average:
        # keep the running average of the weights (Polyak averaging, as spaCy's trainer does when saving)
        for node in textcat.model.walk():
            for name in node.param_names:
                if (node.id, name) in optimizer.averages:
                    node.set_param(name, optimizer.averages[(node.id, name)])
    return nlp


def textcat_probs(nlp: Language, docs: Sequence[Doc], labels: Sequence[str], batch_size: int = 512) -> numpy.ndarray:
    """Textcat probabilities for already processed docs, columns in `labels` order."""
    textcat = nlp.get_pipe(TEXTCAT)
    order = [textcat.labels.index(label) for label in labels]
    if not docs:
        return numpy.zeros((0, len(labels)), dtype="float32")
    chunks = [numpy.asarray(textcat.predict(list(docs[i : i + batch_size]))) for i in range(0, len(docs), batch_size)]
    return numpy.concatenate(chunks)[:, order]


def label_matrix(passages: Sequence[Passage], themes: Sequence[str] = THEME_KEYS) -> numpy.ndarray:
    """Binary label matrix (n, themes)."""
    return numpy.asarray([[int(t in p.labels) for t in themes] for p in passages], dtype="int64")


class CorpusDocs:
    """Pipelines per language plus the preprocessed docs of a list of passages (reused across folds)."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = list(passages)
        self.pipelines = {lang: build_pipeline(lang) for lang in LANGS}
        self.docs: list[Doc] = [None] * len(self.passages)  # type: ignore[list-item]
        for lang, nlp in self.pipelines.items():
            rows = [i for i, p in enumerate(self.passages) if p.lang == lang]
            for i, doc in zip(rows, nlp.pipe([self.passages[i].text for i in rows])):
                self.docs[i] = doc


def fit_textcats(
    corpus: CorpusDocs, rows: Sequence[int], *, layout: Layout, seed: int, settings: TextcatSettings
) -> dict[str, Language]:
    """Train textcat(s) on the given rows: one per language, or one shared model copied into both pipelines."""
    themes = list(THEME_KEYS)
    trained: dict[str, Language] = {}
    if layout == "shared":
        examples = [(corpus.docs[i], corpus.passages[i].labels) for i in rows]
        shared = train_textcat(examples, themes, nlp=corpus.pipelines["nl"], seed=seed, settings=settings)
        weights = shared.get_pipe(TEXTCAT).to_bytes()
        for lang, nlp in corpus.pipelines.items():
            if lang != "nl":
                if TEXTCAT in nlp.pipe_names:
                    nlp.remove_pipe(TEXTCAT)
                textcat = nlp.add_pipe(
                    TEXTCAT,
                    config=component_config(settings),
                )
                textcat.from_bytes(weights)
            trained[lang] = nlp
        return trained
    for lang, nlp in corpus.pipelines.items():
        lang_rows = [i for i in rows if corpus.passages[i].lang == lang]
        if not lang_rows:
            continue
        examples = [(corpus.docs[i], corpus.passages[i].labels) for i in lang_rows]
        trained[lang] = train_textcat(examples, themes, nlp=nlp, seed=seed, settings=settings)
    return trained


def predict_rows(corpus: CorpusDocs, trained: dict[str, Language], rows: Sequence[int]) -> numpy.ndarray:
    """Textcat probabilities (len(rows), themes) for corpus rows."""
    out = numpy.zeros((len(rows), len(THEME_KEYS)), dtype="float32")
    for lang, nlp in trained.items():
        positions = [k for k, i in enumerate(rows) if corpus.passages[i].lang == lang]
        if positions:
            out[positions] = textcat_probs(nlp, [corpus.docs[rows[k]] for k in positions], THEME_KEYS)
    return out


def out_of_fold_features(corpus: CorpusDocs, folds: Sequence[int], *, seed: int, settings: ModelSettings) -> numpy.ndarray:
    """Stacking features where each row's textcat probability and n-gram logit come from models not trained on it."""
    probs = numpy.zeros((len(corpus.passages), len(THEME_KEYS)), dtype="float32")
    ngram = numpy.zeros((len(corpus.passages), len(THEME_KEYS)))
    y = label_matrix(corpus.passages)
    for fold in sorted(set(folds)):
        train_rows = [i for i, f in enumerate(folds) if f != fold]
        test_rows = [i for i, f in enumerate(folds) if f == fold]
        trained = fit_textcats(corpus, train_rows, layout=settings.layout, seed=seed, settings=settings.textcat)
        probs[test_rows] = predict_rows(corpus, trained, test_rows)
        scorer = NgramScorer(
            fit_ngram_model([corpus.docs[i] for i in train_rows], y[train_rows], THEME_KEYS, settings=settings.ngram)
        )
        ngram[test_rows] = scorer.logits_batch([corpus.docs[i] for i in test_rows])
    active, blocked = cue_counts(corpus.docs, THEME_KEYS)
    return features(probs, active, blocked, ngram)


def train_model(
    out_dir: Path, corpus_dir: Path = CORPUS_DIR, *, seed: int = 13, settings: ModelSettings = SHIPPED_SETTINGS
) -> dict[str, object]:
    """Rebuild the shipped model from the training part of the corpus; returns the written metadata."""
    train, _ = split_corpus(corpus_dir)
    corpus = CorpusDocs(train)
    folds = (
        writer_fold_ids(train, folds=settings.folds)
        if settings.fold_by == "writer"
        else fold_ids(train, folds=settings.folds, seed=seed)
    )
    feats = out_of_fold_features(corpus, folds, seed=seed, settings=settings)
    y = label_matrix(train)
    stacker = fit_stacker(
        feats, y, THEME_KEYS, folds=folds, c=settings.stacker_c, beta=settings.threshold_beta,
        max_fp_rate=settings.max_fp_rate,
    )
    trained = fit_textcats(
        corpus, list(range(len(train))), layout=settings.layout, seed=seed, settings=settings.textcat
    )
    ngram_weights = fit_ngram_model(corpus.docs, y, THEME_KEYS, settings=settings.ngram)
    for nlp in trained.values():
        # before the textcat: the tagger reads a final textcat's scores directly (see Tagger._tag_many)
        nlp.add_pipe(NGRAM, before=TEXTCAT).set_weights(ngram_weights)
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    for lang, nlp in trained.items():
        nlp.to_disk(out_dir / lang, exclude=["tokenizer"])
    meta: dict[str, object] = {
        "version": MODEL_VERSION,
        "themes": list(THEME_KEYS),
        "langs": list(LANGS),
        "seed": seed,
        "settings": asdict(settings),
        "training_passages": len(train),
        "stacker": stacker.to_json(),
    }
    (out_dir / "tagger.json").write_text(json.dumps(meta, indent=2), encoding="utf8")
    return meta


def main() -> None:
    """Rebuild the shipped model: `python -m fieldnotes.nlp.train [out_dir]`."""
    import sys

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "model"
    meta = train_model(out)
    print(json.dumps(meta["stacker"], indent=2))


if __name__ == "__main__":
    main()
