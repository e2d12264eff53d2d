"""spaCy-based NLP for fieldnotes: language id, lemmas, theme cues, theme classifier, tagger, passages."""
