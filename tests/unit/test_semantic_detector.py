"""semantic_detector.py: the classifier's forward pass, cumulative scores, thresholds and evidence."""

import numpy as np
import pytest

from assistant.safety import semantic_detector as sd
from assistant.safety.lexicon import LexiconError

NOTES = {"emergency": "E note", "urgent": "U note", "caution": "C note"}


def detector(probabilities_for, thresholds=None):
    """A detector whose network returns fixed class probabilities per input row (rows are one-hot ids)."""
    table = np.log(np.asarray(probabilities_for, dtype=np.float32))
    network = sd.Network([(table, np.zeros(4, dtype=np.float32))])
    vectors = np.eye(len(probabilities_for), dtype=np.float32)
    evidence = sd.SemanticDetector(
        network,
        thresholds or {"emergency": 0.8, "urgent": 0.8, "caution": 0.9},
        NOTES,
        ["numb groin", "fever", "warfarin", "hello"],
        ["emergency", "urgent", "caution", "none"],
        np.eye(4, len(probabilities_for), dtype=np.float32),
    )
    return evidence, vectors


def test_cumulative_scores_are_emergency_then_urgent_or_worse_then_any():
    scores = sd.cumulative_scores(np.array([[0.1, 0.2, 0.3, 0.4]]))
    assert np.allclose(scores, [[0.1, 0.3, 0.6]])


def test_softmax_rows_sum_to_one():
    p = sd.Network([(np.ones((3, 4)), np.arange(4.0))]).probabilities(np.random.RandomState(0).rand(5, 3))
    assert p.sum(axis=1) == pytest.approx(np.ones(5))


def test_level_of_takes_the_most_serious_level_over_its_threshold():
    t = {"emergency": 0.8, "urgent": 0.7, "caution": 0.5}
    assert sd.level_of(np.array([0.85, 0.9, 0.95]), t) == "emergency"
    assert sd.level_of(np.array([0.5, 0.75, 0.9]), t) == "urgent"
    assert sd.level_of(np.array([0.1, 0.2, 0.6]), t) == "caution"
    assert sd.level_of(np.array([0.1, 0.2, 0.3]), t) is None


def test_a_buried_sentence_raises_the_message_and_names_the_detector():
    det, vectors = detector([[0.01, 0.01, 0.01, 0.97], [0.9, 0.05, 0.03, 0.02]])
    findings = det.detect(["long story about my week", "cant feel down below"], vectors)
    assert len(findings) == 1
    f = findings[0]
    assert (f.level, f.text, f.detector, f.note) == ("emergency", "cant feel down below", "classifier", "E note")
    assert f.evidence[0] == "numb groin"


def test_nothing_over_threshold_finds_nothing():
    det, vectors = detector([[0.1, 0.1, 0.1, 0.7]])
    assert det.detect(["how long is a session"], vectors) == []
    assert det.detect([], np.zeros((0, 1))) == []


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(LexiconError, match="make train"):
        sd.SemanticDetector.load(model_file=tmp_path / "none.npz")


def test_thresholds_file_must_hold_every_level(tmp_path):
    bad = tmp_path / "t.yml"
    bad.write_text("thresholds: {emergency: 0.5}\n")
    with pytest.raises(LexiconError, match="safety-thresholds"):
        sd.load_thresholds(bad)


def test_the_project_files_load():
    assert set(sd.load_settings().notes) == {"emergency", "urgent", "caution"}
    assert all(0 < t <= 1 for t in sd.load_thresholds().values())
