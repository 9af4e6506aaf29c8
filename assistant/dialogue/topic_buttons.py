"""What the topic actions say (content/topics.yml): their two messages, and for each topic the
"Did you mean...?" button's title and the question it sends."""

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Tuple

import yaml

TOPICS_FILE = Path(__file__).resolve().parents[2] / "content" / "topics.yml"


class TopicsError(RuntimeError):
    """content/topics.yml is missing, broken or incomplete."""


@dataclass(frozen=True)
class TopicButton:
    title: str
    question: str


MESSAGES = ("did_you_mean", "follow_up_without_topic", "second_question")


def load(path: Optional[Path] = None) -> Dict[str, TopicButton]:
    return load_all(path)[1]


def load_messages(path: Optional[Path] = None) -> Dict[str, str]:
    return load_all(path)[0]


def load_all(path: Optional[Path] = None) -> Tuple[Dict[str, str], Dict[str, TopicButton]]:
    path = Path(path or TOPICS_FILE)
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        raw = content.get("topics") or {}
        messages = content.get("messages") or {}
    except (OSError, yaml.YAMLError, AttributeError) as exc:
        raise TopicsError(f"{path}: cannot read: {exc}") from exc
    missing = [m for m in MESSAGES if not isinstance(messages.get(m), str) or not messages[m].strip()]
    if missing:
        raise TopicsError(f"{path}: 'messages' needs {missing}")
    buttons = {}
    for topic, entry in raw.items():
        title, question = (entry or {}).get("title"), (entry or {}).get("question")
        if not isinstance(title, str) or not isinstance(question, str) or not title.strip() or not question.strip():
            raise TopicsError(f"{path}: topic '{topic}' needs a 'title' and a 'question'")
        buttons[topic] = TopicButton(title.strip(), question.strip())
    return {m: messages[m].strip() for m in MESSAGES}, buttons
