"""A reviewed conversation as a test story, in the format of tests/test_stories.yml.

Each user turn becomes `user:` (masked text) and `intent:` (what the assistant understood:
faq/<topic> for an FAQ), then the actions that ran (`utter_faq` answers an FAQ) and the
slots the actions set (`safety_referral` after a referral). The page's feedback is not part
of the dialogue and is left out. Rasa's own YAMLStoryWriter writes the steps.

The file name starts with `test_`: Rasa reads full retrieval intents (faq/<topic>) only
from test story files named so.
"""

import re
from datetime import datetime, timezone
from typing import Callable, List

from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.training_data.story_reader.yaml_story_reader import KEY_USER_INTENT, KEY_USER_MESSAGE
from rasa.shared.core.training_data.story_writer.yaml_story_writer import YAMLStoryWriter
from rasa.shared.core.training_data.structures import StoryStep
from rasa.shared.utils.io import dump_obj_as_yaml_to_string
from ruamel.yaml.comments import CommentedMap

from staff_tools.review.conversation import DEFAULT_LOW_CONFIDENCE, RETRIEVAL_INTENT, Conversation, Turn

TEST_PREFIX = "test_"

HEADER = """\
# Test story from a reviewed conversation ({label}, {period} UTC), exported {today}
# by `make story-from-conversation`. E-mail addresses and phone numbers are masked.
#
# Before keeping it: each `intent:` is what the assistant understood, not necessarily what
# the person meant (lines marked CHECK were unsure or not understood). Correct it to the
# right topic (faq/<topic>, answered by `action: utter_faq`, or another intent with its
# utter_ action), correct the actions to what should have happened, then run `make test`.
"""


def file_name(name: str) -> str:
    """A safe file name for a story name: test_<words>.yml."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:60] or "conversation"
    return (slug if slug.startswith(TEST_PREFIX) else TEST_PREFIX + slug) + ".yml"


def _intent(turn: Turn) -> dict:
    intent = {"name": turn.intent}
    if turn.intent == RETRIEVAL_INTENT and turn.topic and turn.topic.startswith(RETRIEVAL_INTENT + "/"):
        intent["full_retrieval_intent_name"] = turn.topic
    return intent


def _story_text(text: str, mask: Callable[[str], str]) -> str:
    # "[phone](mobile)" would read as an entity annotation in a story: keep a mask apart from brackets
    return re.sub(r"\]([({])", r"] \1", mask(text))


def _events(turns: List[Turn], mask: Callable[[str], str]) -> List[Event]:
    events: List[Event] = []
    for turn in turns:
        text = _story_text(turn.text, mask) if turn.text else None
        events.append(UserUttered(text=text, intent=_intent(turn) if turn.intent else None))
        for step in turn.steps:
            events.append(ActionExecuted(step.action) if step.action else SlotSet(step.slot, step.value))
    return events


def _note(turn: Turn) -> str:
    sure = f"understood with confidence {turn.confidence:.2f}" if turn.confidence is not None else "no confidence"
    unsure = turn.is_fallback or turn.is_low_confidence(DEFAULT_LOW_CONFIDENCE)
    return ("CHECK: " if unsure else "") + sure


def _annotate(steps: list, turns: List[Turn]) -> None:
    """User line first, as in tests/test_stories.yml, and a note on each intent line."""
    user_steps = [i for i, step in enumerate(steps) if KEY_USER_INTENT in step or KEY_USER_MESSAGE in step]
    for index, turn in zip(user_steps, turns):
        old = steps[index]
        new = CommentedMap()
        for key in (KEY_USER_MESSAGE, KEY_USER_INTENT):
            if key in old:
                new[key] = old[key]
        if KEY_USER_INTENT in new:
            new.yaml_add_eol_comment(_note(turn), KEY_USER_INTENT)
        steps[index] = new


def story_yaml(conversation: Conversation, name: str, mask: Callable[[str], str]) -> str:
    turns = [t for t in conversation.user_turns if t.text or t.intent]
    step = StoryStep(block_name=f"review: {name}", events=_events(turns, mask))
    data = YAMLStoryWriter().stories_to_yaml([step], is_test_story=True)
    for story in data.get("stories", []):
        _annotate(story["steps"], turns)
    fmt = "%Y-%m-%d %H:%M"
    start = datetime.fromtimestamp(conversation.started, tz=timezone.utc).strftime(fmt) if conversation.started else "?"
    end = datetime.fromtimestamp(conversation.ended, tz=timezone.utc).strftime(fmt) if conversation.ended else "?"
    header = HEADER.format(
        label=conversation.label, period=f"{start} to {end}", today=datetime.now(timezone.utc).strftime("%Y-%m-%d")
    )
    return header + dump_obj_as_yaml_to_string(data, should_preserve_key_order=True)
