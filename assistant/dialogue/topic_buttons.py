"""The "Did you mean...?" buttons: each topic's title and the question its button sends (content/topics.yml)."""
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional

import yaml

TOPICS_FILE = Path(__file__).resolve().parents[2] / "content" / "topics.yml"


class TopicsError(RuntimeError):
    """content/topics.yml is missing, broken or incomplete."""


@dataclass(frozen=True)
class TopicButton:
    title: str
    question: str


def load(path: Optional[Path] = None) -> Dict[str, TopicButton]:
    path = Path(path or TOPICS_FILE)
    try:
        raw = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("topics") or {}
    except (OSError, yaml.YAMLError, AttributeError) as exc:
        raise TopicsError(f"{path}: cannot read: {exc}") from exc
    buttons = {}
    for topic, entry in raw.items():
        title, question = (entry or {}).get("title"), (entry or {}).get("question")
        if not isinstance(title, str) or not isinstance(question, str) or not title.strip() or not question.strip():
            raise TopicsError(f"{path}: topic '{topic}' needs a 'title' and a 'question'")
        buttons[topic] = TopicButton(title.strip(), question.strip())
    return buttons
