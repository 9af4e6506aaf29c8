"""One `rasa test nlu` output directory (held-out set or cross-validation) read for the page.

Precision, recall and F1 are Rasa's own (intent_report.json, response_selection_report.json);
this module only arranges them by topic and joins the per-example outputs into topic predictions.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Tuple

from staff_tools.report import topics
from staff_tools.report.files import Picture, Unreadable, picture, read_json

SUMMARY_ROWS = ("accuracy", "macro avg", "weighted avg", "micro avg")
PICTURES = (
    ("intent_confusion_matrix.png", "Intent confusion matrix (Rasa)"),
    ("response_selection_confusion_matrix.png", "FAQ sub-topic confusion matrix (Rasa's response selection)"),
    ("intent_histogram.png", "Intent prediction confidence (Rasa)"),
)


@dataclass
class TopicScore:
    topic: str  # the evaluation's name: the intent, or the sub-topic of a retrieval intent
    label: str  # Rasa's label: the intent, or <retrieval intent>/<sub-topic>
    source: str
    precision: float
    recall: float
    f1: float
    support: int
    topic_correct: Optional[int] = None
    topic_total: Optional[int] = None

    @property
    def topic_accuracy(self) -> Optional[float]:
        return self.topic_correct / self.topic_total if self.topic_total else None


@dataclass
class NluSection:
    title: str
    notes: List[str] = field(default_factory=list)
    available: bool = False
    intent_summary: dict = field(default_factory=dict)
    response_summary: dict = field(default_factory=dict)
    scores: List[TopicScore] = field(default_factory=list)  # one per topic, drawn in the chart
    retrieval_rows: List[TopicScore] = field(default_factory=list)  # e.g. "faq" as a whole, intent level
    topic_correct: int = 0
    topic_total: int = 0
    misses: List[topics.Prediction] = field(default_factory=list)
    confused: List[Tuple[str, str, int]] = field(default_factory=list)
    pictures: List[Picture] = field(default_factory=list)
    chart: Optional[Picture] = None

    @property
    def topic_accuracy(self) -> Optional[float]:
        return self.topic_correct / self.topic_total if self.topic_total else None


def _score(label: str, values: dict, source: str) -> TopicScore:
    return TopicScore(
        topic=topics.topic_of(label),
        label=label,
        source=source,
        precision=float(values["precision"]),
        recall=float(values["recall"]),
        f1=float(values["f1-score"]),
        support=int(values["support"]),
    )


def _summary(report: dict) -> dict:
    summary = {key: report[key] for key in SUMMARY_ROWS if key in report}
    if not isinstance(summary.get("accuracy"), (int, float)):
        summary.pop("accuracy", None)
    return summary


def _optional_rows(path: Path) -> List[dict]:
    return read_json(path, expect=list) if path.exists() else []


def read(directory: Path, title: str) -> NluSection:
    section = NluSection(title)
    try:
        intent_report = read_json(directory / "intent_report.json")
    except Unreadable as err:
        section.notes.append(f"No intent results: {err}.")
        return section
    try:
        response_report = (
            read_json(directory / "response_selection_report.json")
            if (directory / "response_selection_report.json").exists()
            else {}
        )
        intent_rows = _optional_rows(directory / "intent_errors.json") + _optional_rows(
            directory / "intent_successes.json"
        )
        response_rows = _optional_rows(directory / "response_selection_errors.json") + _optional_rows(
            directory / "response_selection_successes.json"
        )
        retrieval = topics.retrieval_intents(response_rows, response_report)
        for label, values in intent_report.items():
            if label in SUMMARY_ROWS:
                continue
            score = _score(label, values, "intent classifier")
            (section.retrieval_rows if label in retrieval else section.scores).append(score)
        section.scores += [
            _score(label, values, "response selector")
            for label, values in response_report.items()
            if label not in SUMMARY_ROWS
        ]
    except (Unreadable, KeyError, TypeError, ValueError, AttributeError) as err:
        section.notes.append(f"Rasa's NLU results could not be read: {err}.")
        return section
    section.intent_summary = _summary(intent_report)
    section.response_summary = _summary(response_report)
    section.available = True

    has_successes = (directory / "intent_successes.json").exists()
    if not has_successes:
        section.notes.append(
            "intent_successes.json is missing (Rasa runs without --successes): "
            "no per-topic accuracy; the overall one counts Rasa's errors against all examples."
        )
    try:
        predictions = topics.predictions(intent_rows, response_rows, retrieval)
    except (AttributeError, TypeError) as err:
        section.notes.append(f"Per-example predictions could not be read: {err}.")
        predictions = []
    section.misses = [p for p in predictions if not p.ok]
    if has_successes:
        counts = topics.per_topic(predictions)
        for score in section.scores:
            score.topic_correct, score.topic_total = counts.get(score.topic, (None, None))
        section.topic_total = len(predictions)
    else:
        section.topic_total = int((intent_report.get("weighted avg") or {}).get("support") or 0)
    section.topic_correct = max(section.topic_total - len(section.misses), 0)
    section.misses = sorted(section.misses, key=lambda p: (p.expected, p.predicted, p.text))
    section.confused = topics.confused_pairs(predictions)
    section.pictures = [
        picture(directory / name, caption)
        for name, caption in PICTURES
        if name != "response_selection_confusion_matrix.png" or response_report
    ]
    return section
