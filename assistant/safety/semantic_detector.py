"""The semantic detector: red flags and contraindications in wording the lexicon lacks.

A small neural classifier (one hidden layer; an average of a few trained with different seeds)
on the sentence encoder's embedding gives
P(emergency), P(urgent), P(caution), P(none). A level is found when its cumulative score
reaches its threshold: emergency = P(emergency); urgent or worse = P(emergency) + P(urgent);
any referral = 1 - P(none). The whole message and each of its sentences are scored, so a red
flag buried in a long story still counts. Each finding carries the nearest training lines of
its level, so staff can see why it was raised.

Weights live in build/safety_classifier/model.npz (dev_tools/train_safety_classifier.py); the
thresholds and the figures that chose them in lexicon/semantic_thresholds.yml.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

import numpy as np
import yaml

from assistant.names import LEVELS
from assistant.safety.findings import Finding
from assistant.safety.lexicon import LEXICON_DIR, LexiconError

ROOT = Path(__file__).resolve().parents[2]
MODEL_FILE = ROOT / "build" / "safety_classifier" / "model.npz"
SETTINGS_FILE = LEXICON_DIR / "semantic_detector.yml"
THRESHOLDS_FILE = LEXICON_DIR / "semantic_thresholds.yml"
DETECTOR = "classifier"
EVIDENCE_LINES = 3


@dataclass(frozen=True)
class Settings:
    notes: Dict[str, str]
    hidden_units: int
    l2: float
    seed: int
    ensemble: int
    plain_questions_from_nlu: bool
    false_alarm_budget: Dict[str, float]


def load_settings(path: Path = SETTINGS_FILE) -> Settings:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        model = raw["model"]
        settings = Settings(
            notes={level: str(raw["notes"][level]).strip() for level in LEVELS},
            hidden_units=int(model["hidden_units"]),
            l2=float(model["l2"]),
            seed=int(model["seed"]),
            ensemble=max(1, int(model.get("ensemble", 1))),
            plain_questions_from_nlu=bool(model.get("plain_questions_from_nlu", False)),
            false_alarm_budget={level: float(raw["false_alarm_budget"][level]) for level in LEVELS},
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise LexiconError(f"{path}: cannot read or missing setting: {exc}") from exc
    return settings


def load_thresholds(path: Path = THRESHOLDS_FILE) -> Dict[str, float]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        thresholds = {level: float(raw["thresholds"][level]) for level in LEVELS}
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise LexiconError(f"{path}: cannot read the thresholds ({exc}); run `make safety-thresholds`") from exc
    if not all(0.0 < t <= 1.0 for t in thresholds.values()):
        raise LexiconError(f"{path}: thresholds must be between 0 and 1")
    return thresholds


class Network:
    """The classifier's forward pass in numpy: ReLU hidden layers, softmax out (classes: LEVELS + none)."""

    def __init__(self, layers: Sequence[Tuple[np.ndarray, np.ndarray]]) -> None:
        self.layers = [(np.asarray(w, dtype=np.float32), np.asarray(b, dtype=np.float32)) for w, b in layers]

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        x = np.asarray(vectors, dtype=np.float32)
        for i, (w, b) in enumerate(self.layers):
            x = x @ w + b
            if i < len(self.layers) - 1:
                x = np.maximum(x, 0.0)
        x = x - x.max(axis=1, keepdims=True)
        e = np.exp(x)
        return e / e.sum(axis=1, keepdims=True)


class Ensemble:
    """Several networks trained with different seeds; their probabilities are averaged (steadier than one)."""

    def __init__(self, networks: Sequence[Network]) -> None:
        self.networks = list(networks)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        return np.mean([n.probabilities(vectors) for n in self.networks], axis=0)


def cumulative_scores(probabilities: np.ndarray) -> np.ndarray:
    """Per row: [emergency, urgent or worse, any referral]."""
    return np.cumsum(probabilities[:, : len(LEVELS)], axis=1)


def level_of(scores: np.ndarray, thresholds: Dict[str, float]):
    for k, level in enumerate(LEVELS):
        if scores[k] >= thresholds[level]:
            return level
    return None


class SemanticDetector:
    def __init__(
        self,
        network,
        thresholds: Dict[str, float],
        notes: Dict[str, str],
        evidence_texts: Sequence[str],
        evidence_labels: Sequence[str],
        evidence_vectors: np.ndarray,
    ) -> None:
        self.network = network
        self.thresholds = thresholds
        self.notes = notes
        self.evidence_texts = list(evidence_texts)
        self.evidence_labels = np.asarray(evidence_labels)
        self.evidence_vectors = np.asarray(evidence_vectors, dtype=np.float32)

    @classmethod
    def load(
        cls, model_file: Path = MODEL_FILE, thresholds_file: Path = THRESHOLDS_FILE, settings_file: Path = SETTINGS_FILE
    ):
        if not Path(model_file).is_file():
            raise LexiconError(f"{model_file} is missing: run `make train` to train the safety classifier")
        with np.load(model_file, allow_pickle=False) as data:
            count, members = int(data["layer_count"]), int(data["members"])
            network = Ensemble(
                [Network([(data[f"w{m}_{i}"], data[f"b{m}_{i}"]) for i in range(count)]) for m in range(members)]
            )
            texts, labels, vectors = (
                data["evidence_texts"].tolist(),
                data["evidence_labels"].tolist(),
                data["evidence_vectors"],
            )
        return cls(
            network, load_thresholds(thresholds_file), load_settings(settings_file).notes, texts, labels, vectors
        )

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        return cumulative_scores(self.network.probabilities(vectors))

    def nearest(self, vector: np.ndarray, level: str, count: int = EVIDENCE_LINES) -> Tuple[str, ...]:
        rows = np.flatnonzero(self.evidence_labels == level)
        if rows.size == 0:
            return ()
        similarity = self.evidence_vectors[rows] @ np.asarray(vector, dtype=np.float32)
        best = rows[np.argsort(-similarity)[:count]]
        return tuple(self.evidence_texts[i] for i in best)

    def detect(
        self, units: Sequence[str], vectors: np.ndarray, allowed: Callable[[int, str], bool] = lambda row, level: True
    ) -> List[Finding]:
        """The most serious level any allowed unit (the message, its sentences) reaches, as one finding.

        `allowed(row, level)` lets the caller rule a unit out at a level (see combine.py).
        """
        if not len(units):
            return []
        scores = self.scores(vectors)
        for k, level in enumerate(LEVELS):
            rows = [int(r) for r in np.argsort(-scores[:, k]) if scores[r, k] >= self.thresholds[level]]
            rows = [r for r in rows if allowed(r, level)]
            if rows:
                row = rows[0]
                return [
                    Finding(
                        id=f"semantic_{level}",
                        level=level,
                        note=self.notes[level],
                        text=units[row],
                        detector=DETECTOR,
                        evidence=self.nearest(vectors[row], level),
                    )
                ]
        return []
