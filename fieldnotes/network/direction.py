"""A small logistic-regression edge model: does department A surprise department B in this passage?

The model scores an ordered pair of department candidates from named binary/real features (computed in
``surprises.py``: roles such as "door X" or "bij X", cue words in X's sentence, order, the observed unit).
Weights are trained on the development parts of the corpus (``python benchmarks/network_eval.py --train``) and
shipped as plain JSON next to this module (no pickles); inference is a dot product, deterministic and fast.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["MODEL_PATH", "EdgeModel", "load_model"]

MODEL_PATH = Path(__file__).with_name("edge_model.json")


@dataclass(frozen=True, slots=True)
class EdgeModel:
    """Logistic regression over named features; ``threshold`` is the minimum probability for an edge."""

    weights: Mapping[str, float]
    bias: float
    threshold: float

    def probability(self, features: Mapping[str, float]) -> float:
        """P(edge from A to B) for the features of the ordered pair (A, B)."""
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        """The model as JSON text (sorted keys, rounded weights) for ``edge_model.json``."""
        return json.dumps({"bias": round(self.bias, 6), "threshold": round(self.threshold, 4),
                           "weights": {k: round(v, 6) for k, v in sorted(self.weights.items())}}, indent=1) + "\n"


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> EdgeModel | None:
    """The shipped model, or None when the JSON file is absent (then only the rules run)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return EdgeModel(weights=dict(data["weights"]), bias=float(data["bias"]), threshold=float(data["threshold"]))
