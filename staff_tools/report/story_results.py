"""A `rasa test core` output directory read for the page: Rasa's figures and every failed story
as a conversation (Rasa marks what it predicted instead as `# predicted: ...` comments).

failed_test_stories.yml lists intents, not the user's words: those come from the test story
file named in each story's title, matched turn by turn.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from staff_tools.report.files import Picture, Unreadable, picture, read_json, read_yaml_with_comments

TITLE_WITH_SOURCE = re.compile(r"^(?P<name>.*) \((?P<source>[^()]+)\)$")
LISTEN = "action_listen"


@dataclass
class Turn:
    who: str  # "user", "bot" or "event"
    expected: str  # the intent (user), the action (bot) or the event written in the story
    predicted: Optional[str] = None  # what the model chose instead, when it differs
    text: str = ""  # the user's words, when the test story has them

    @property
    def wrong(self) -> bool:
        return self.predicted is not None


@dataclass
class FailedStory:
    name: str
    source: str
    turns: List[Turn]


@dataclass
class StorySection:
    notes: List[str] = field(default_factory=list)
    available: bool = False
    conversation: dict = field(default_factory=dict)  # Rasa's conversation_accuracy
    actions: dict = field(default_factory=dict)  # Rasa's action-level summary rows
    failed: List[FailedStory] = field(default_factory=list)
    pictures: List[Picture] = field(default_factory=list)


def _predicted(step, key: str) -> Optional[str]:
    tokens = getattr(getattr(step, "ca", None), "items", {}).get(key) or []
    for token in tokens:
        comment = (getattr(token, "value", "") or "").strip().lstrip("#").strip()
        if comment.startswith("predicted:"):
            return comment[len("predicted:") :].strip()
    return None


def _user_texts(source: Path, name: str) -> List[str]:
    """The user's words in the named test story, in order ('' where a step has none)."""
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
        story = next(s for s in data.get("stories") or [] if s.get("story") == name)
    except (OSError, yaml.YAMLError, StopIteration, AttributeError, TypeError):
        return []
    return [str(step.get("user") or "").strip() for step in story.get("steps") or [] if "intent" in step]


def _turns(steps, texts: List[str]) -> List[Turn]:
    turns, users = [], iter(texts)
    for step in steps or []:
        if not hasattr(step, "get"):
            continue
        if "intent" in step:
            predicted = _predicted(step, "intent")
            # Rasa writes "predicted: <intent>: <message>"; intent names hold no ": ".
            predicted = predicted.split(": ", 1)[0] if predicted else None
            turns.append(Turn("user", str(step["intent"]), predicted, next(users, "")))
        elif "action" in step:
            predicted = _predicted(step, "action")
            if step["action"] == LISTEN and predicted is None:
                continue  # Rasa's explicit "wait for the user": only worth showing when it was missed
            turns.append(Turn("bot", str(step["action"]), predicted))
        else:
            key = next(iter(step), "")
            turns.append(Turn("event", f"{key}: {_flat(step.get(key))}"))
    return turns


def _flat(value) -> str:
    if isinstance(value, list):
        return ", ".join(_flat(v) for v in value)
    if hasattr(value, "items"):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def failed_stories(path: Path, fallback_source: Optional[Path] = None) -> List[FailedStory]:
    data = read_yaml_with_comments(path)
    if not data:  # "# None of the test stories failed - all good!"
        return []
    if not hasattr(data, "get"):
        raise Unreadable(f"{path.name} is not a story file")
    stories = []
    for story in data.get("stories") or []:
        title = str(story.get("story") or "")
        match = TITLE_WITH_SOURCE.match(title)
        name, source = (match["name"], match["source"]) if match else (title, "")
        source_path = Path(source) if source and Path(source).exists() else fallback_source
        texts = _user_texts(source_path, name) if source_path else []
        stories.append(FailedStory(name, source, _turns(story.get("steps"), texts)))
    return stories


def read(directory: Path, stories_file: Optional[Path] = None) -> StorySection:
    section = StorySection()
    try:
        report: Dict = read_json(directory / "story_report.json")
    except Unreadable as err:
        section.notes.append(f"No test-story results: {err}.")
        return section
    section.conversation = report.get("conversation_accuracy") or {}
    section.actions = {key: report[key] for key in ("accuracy", "weighted avg", "macro avg") if key in report}
    section.available = bool(section.conversation)
    if not section.available:
        section.notes.append("story_report.json has no conversation_accuracy.")
    try:
        section.failed = failed_stories(directory / "failed_test_stories.yml", stories_file)
    except (Unreadable, AttributeError, TypeError) as err:
        section.notes.append(f"Failed stories could not be read: {err}.")
    section.pictures = [picture(directory / "story_confusion_matrix.png", "Action confusion matrix (Rasa)")]
    return section
