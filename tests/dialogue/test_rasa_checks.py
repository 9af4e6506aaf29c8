"""Rasa's own checks on the data and the trained model: validation, test stories, held-out NLU."""

import json
import shutil

import pytest

from conftest import ROOT, run_module

# Held-out NLU floors: the run fails when a change drops the scores below these.
INTENT_F1_FLOOR = 0.90
TOPIC_ACCURACY_FLOOR = 0.93


def rasa(*args, timeout=900):
    return run_module("rasa", *args, timeout=timeout)


def test_data_validates_without_warnings():
    result = run_module("dev_tools.validate", timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "UserWarning" not in output, output[-3000:]


def collect_test_stories(folder):
    """tests/test_stories*.yml plus the stories staff kept from reviewed conversations, in one folder
    so one `rasa test core` run (one model load) replays them all."""
    folder.mkdir()
    for path in sorted((ROOT / "tests").glob("test_stories*.yml")):
        shutil.copy(path, folder / path.name)
    for path in sorted((ROOT / "tests" / "stories_from_review").glob("test_*.yml")):
        shutil.copy(path, folder / f"test_review_{path.name[len('test_') :]}")
    return folder


def test_stories_predict_every_turn(tmp_path):
    out = tmp_path / "stories"
    stories = collect_test_stories(tmp_path / "stories_in")
    result = rasa(
        "test",
        "core",
        "--model",
        "models/assistant.tar.gz",
        "--stories",
        str(stories),
        "--out",
        str(out),
        "--fail-on-prediction-errors",
    )
    failed = (out / "failed_test_stories.yml").read_text() if (out / "failed_test_stories.yml").exists() else ""
    assert result.returncode == 0, failed or (result.stdout[-3000:] + result.stderr[-3000:])


@pytest.fixture(scope="module")
def holdout_results(tmp_path_factory):
    out = tmp_path_factory.mktemp("nlu")
    result = rasa(
        "test", "nlu", "--model", "models/assistant.tar.gz", "--nlu", "tests/nlu_holdout.yml", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def test_holdout_intents(holdout_results):
    report = json.loads((holdout_results / "intent_report.json").read_text())
    print(f"held-out intent accuracy {report['accuracy']:.3f}, weighted F1 {report['weighted avg']['f1-score']:.3f}")
    assert report["weighted avg"]["f1-score"] >= INTENT_F1_FLOOR


def test_holdout_topics(holdout_results):
    """Topic accuracy as the evaluation reads it: the intent, or for faq the selected sub-topic."""
    predictions = (
        json.loads((holdout_results / "response_selection_errors.json").read_text())
        if (holdout_results / "response_selection_errors.json").exists()
        else []
    )
    # Rasa writes no intent_errors.json when every intent is right
    errors_file = holdout_results / "intent_errors.json"
    intent_errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    report = json.loads((holdout_results / "intent_report.json").read_text())
    total = report["weighted avg"]["support"]
    wrong = {e["text"] for e in intent_errors} | {e["text"] for e in predictions}
    accuracy = 1 - len(wrong) / total
    print(f"held-out topic accuracy {accuracy:.3f} over {total} examples; misses: {sorted(wrong)}")
    assert accuracy >= TOPIC_ACCURACY_FLOOR
