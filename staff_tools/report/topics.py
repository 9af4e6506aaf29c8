"""Topics the way the evaluation reads them: the intent, or for a retrieval intent (faq/<topic>)
the sub-topic the ResponseSelector chose. Joins Rasa's per-example intent and response-selection
outputs (successes + errors) into one prediction per example."""

from collections import Counter
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Set, Tuple

UNKNOWN_SUBTOPIC = "? (sub-topic not recorded)"


@dataclass
class Prediction:
    text: str
    expected: str
    predicted: str
    confidence: Optional[float]
    by: str  # the component whose answer decided the topic

    @property
    def ok(self) -> bool:
        return self.expected == self.predicted


def topic_of(label: str) -> str:
    return label.split("/", 1)[1] if "/" in label else label


def retrieval_intents(response_rows: Iterable[dict], response_report: dict) -> Set[str]:
    keys = [r.get("intent_response_key_target") or "" for r in response_rows] + list(response_report)
    return {key.split("/", 1)[0] for key in keys if "/" in key}


def predictions(intent_rows: List[dict], response_rows: List[dict], retrieval: Set[str]) -> List[Prediction]:
    selected = {r.get("text"): r for r in response_rows}
    result = []
    for row in intent_rows:
        text = row.get("text") or ""
        target = row.get("intent") or ""
        guess = row.get("intent_prediction") or {}
        guessed = guess.get("name") or ""
        response = selected.get(text) or {}
        chosen = response.get("intent_response_key_prediction") or {}
        expected = topic_of(response.get("intent_response_key_target") or target) if target in retrieval else target
        if guessed in retrieval:
            # Rasa records the selector's choice only for examples whose target is a retrieval intent.
            predicted = topic_of(chosen["name"]) if chosen.get("name") else f"{guessed}/{UNKNOWN_SUBTOPIC}"
            confidence, by = (
                (chosen.get("confidence"), "response selector")
                if chosen.get("name")
                else (guess.get("confidence"), "intent classifier")
            )
        else:
            predicted, confidence, by = guessed, guess.get("confidence"), "intent classifier"
        if guessed != target:
            by = "intent classifier"
        result.append(Prediction(text, expected, predicted, confidence, by))
    # Without Rasa's successes files, a selector miss may have no intent row: count it all the same.
    seen = {row.get("text") for row in intent_rows}
    for text, response in selected.items():
        if text not in seen:
            chosen = response.get("intent_response_key_prediction") or {}
            result.append(
                Prediction(
                    text or "",
                    topic_of(response.get("intent_response_key_target") or ""),
                    topic_of(chosen.get("name") or ""),
                    chosen.get("confidence"),
                    "response selector",
                )
            )
    return result


def per_topic(rows: List[Prediction]) -> Dict[str, Tuple[int, int]]:
    """expected topic -> (correct, total)."""
    total = Counter(r.expected for r in rows)
    correct = Counter(r.expected for r in rows if r.ok)
    return {topic: (correct[topic], n) for topic, n in total.items()}


def confused_pairs(rows: List[Prediction]) -> List[Tuple[str, str, int]]:
    """(expected, predicted, count), the most frequent confusions first."""
    pairs = Counter((r.expected, r.predicted) for r in rows if not r.ok)
    return [(a, b, n) for (a, b), n in sorted(pairs.items(), key=lambda item: (-item[1], item[0]))]
