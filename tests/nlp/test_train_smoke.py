"""Smoke training of the reusable textcat trainer on a tiny corpus with a user-defined label set."""

from __future__ import annotations

from fieldnotes.nlp.train import TextcatSettings, textcat_probs, train_textcat


def test_train_smoke_any_label_set() -> None:
    examples = [
        ("De koffieautomaat is weer kapot.", {"facilities"}),
        ("Het koffiezetapparaat doet het niet.", {"facilities"}),
        ("De printer op de tweede verdieping is kapot.", {"facilities"}),
        ("Niemand weet wie de baas is.", {"hierarchy"}),
        ("De baas bepaalt alles zelf.", {"hierarchy"}),
        ("Wie de baas is, blijft onduidelijk.", {"hierarchy"}),
        ("Vandaag was een gewone dag.", set()),
    ]
    settings = TextcatSettings(epochs=30, length=1024)
    nlp = train_textcat(examples, ["facilities", "hierarchy"], lang="nl", seed=1, settings=settings)
    docs = list(nlp.pipe(["De automaat is kapot.", "De baas bepaalt."]))
    probs = textcat_probs(nlp, docs, ["facilities", "hierarchy"])
    assert probs[0, 0] > probs[0, 1] and probs[1, 1] > probs[1, 0]
    again = train_textcat(examples, ["facilities", "hierarchy"], lang="nl", seed=1, settings=settings)
    assert (textcat_probs(again, list(again.pipe(["De automaat is kapot."])), ["facilities", "hierarchy"])
            == textcat_probs(nlp, docs[:1], ["facilities", "hierarchy"])).all()
