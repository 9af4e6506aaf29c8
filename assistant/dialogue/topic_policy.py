"""Dialogue policy: ask "Did you mean...?" when two topics are too close, and never leave a topic action silent.

- After a user message understood as an FAQ topic whose best two candidates are too close
  (ClarifyRule: the best confidence below `max_confidence` and the second within `margin`),
  it predicts action_did_you_mean, which offers a button per topic. Not twice in a row: the
  turn after a "Did you mean...?" is answered with its best guess.
- After the answer to a message that asks two questions about different topics (the channel
  marks it: assistant/two_questions.py), it predicts action_answer_second_question once, which
  answers the other question or offers it as a button.
- After action_did_you_mean or action_answer_follow_up: the turn ends when the action worked
  (it said something or set its slot); when it did neither (the action server is down or the action failed), the
  domain's best answer follows instead (utter_faq for the guessed topic, utter_default for a
  follow-up), so the person always gets a reply.
Its priority (7) is above the RulePolicy (6), whose rule would answer the FAQ at once, and
below SafetyPolicy (8): a referral always comes first.
"""

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.dialogue.clarify import ClarifyRule
from assistant.dialogue.one_action_policy import OneActionPolicy
from assistant import two_questions
from assistant.names import DID_YOU_MEAN_ACTION, FAQ_INTENT, FOLLOW_UP_ACTION, SECOND_QUESTION_ACTION

ANSWER_WHEN_SILENT = {DID_YOU_MEAN_ACTION: "utter_faq", FOLLOW_UP_ACTION: "utter_default"}
# the answers after which a second question in the same message is answered
FIRST_ANSWERS = {"utter_faq", "utter_contact_clinic"}


def action_worked(tracker: DialogueStateTracker) -> bool:
    """Whether the last action said something or returned its slot event (an action that failed does neither)."""
    for event in reversed(tracker.events):
        if isinstance(event, (BotUttered, SlotSet)):
            return True
        if isinstance(event, ActionExecuted):
            return False
    return False


def second_question_waits(tracker: DialogueStateTracker) -> bool:
    """Whether this turn's message asked a second question that has not been answered yet."""
    message = tracker.latest_message
    if message is None or not ((message.metadata or {}).get(two_questions.METADATA_KEY)):
        return False
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted) and event.action_name == SECOND_QUESTION_ACTION:
            return False
        if event.type_name == "user":
            return True
    return True


def asked_last_turn(tracker: DialogueStateTracker) -> bool:
    """Whether the bot's last turn before this message was a "Did you mean...?"."""
    seen_user = False
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted) and event.action_name not in (ACTION_LISTEN_NAME, None):
            if seen_user:
                return event.action_name == DID_YOU_MEAN_ACTION
        elif event.type_name == "user":
            if seen_user:
                return False
            seen_user = True
    return False


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class TopicPolicy(OneActionPolicy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # measured on the blind and held-out sets: docs/nlu-experiments.md
        return {"priority": 7, "max_confidence": 0.5, "margin": 0.2}

    def __init__(self, config, model_storage, resource, execution_context, featurizer=None) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)
        self.validate_config(self.config)
        self.rule = ClarifyRule(float(self.config["max_confidence"]), float(self.config["margin"]))

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        for key in ("max_confidence", "margin"):
            value = config.get(key)
            if not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise ValueError(f"TopicPolicy: '{key}' must be a number from 0 to 1, got {value!r}")

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def _next_action(self, tracker: DialogueStateTracker) -> Optional[Text]:
        last = tracker.latest_action_name
        if last in ANSWER_WHEN_SILENT:
            return ACTION_LISTEN_NAME if action_worked(tracker) else ANSWER_WHEN_SILENT[last]
        if last == SECOND_QUESTION_ACTION:
            return ACTION_LISTEN_NAME
        if last in FIRST_ANSWERS and second_question_waits(tracker):
            return SECOND_QUESTION_ACTION
        if last != ACTION_LISTEN_NAME or tracker.latest_message is None:
            return None
        parse = tracker.latest_message.parse_data or {}
        if (parse.get("intent") or {}).get("name") != FAQ_INTENT or asked_last_turn(tracker):
            return None
        return DID_YOU_MEAN_ACTION if self.rule.close_topics(parse) else None
