"""What the sentence encoder and the semantic detector add to each message, measured in this process.

Every distinct user message of the bench conversations is checked once with the whole safety check
(lexicon + encoder + classifier) and once with the lexicon alone, after a warm-up; the encoder's cache
is cleared first so each message is really encoded. The added time per message is the difference.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import yaml

CONVERSATIONS = Path(__file__).resolve().parents[1] / "bench_conversations.yml"


def messages() -> list[str]:
    raw = yaml.safe_load(CONVERSATIONS.read_text(encoding="utf-8"))
    return list(dict.fromkeys(turn for conversation in raw["conversations"] for turn in conversation))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(rounds: int = 3) -> dict:
    from assistant.safety import combine

    check = combine.load()
    texts = messages()
    check("warm-up: my legs feel odd and I can't feel when I pee")  # loads and traces the graph once
    added = []
    for _ in range(rounds):
        for text in texts:
            check.encoder._cache.clear()
            doc = check.nlp(text.lower())
            started = time.perf_counter()
            check.lexicon_detector(doc)
            lexicon_only = time.perf_counter() - started
            started = time.perf_counter()
            check(text, doc)
            added.append((time.perf_counter() - started - lexicon_only) * 1000)
    return {
        "encoder_p50_ms": round(statistics.median(added), 1),
        "encoder_p95_ms": round(_percentile(added, 0.95), 1),
    }
