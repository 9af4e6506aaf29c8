"""Dialogue policy: a turn with a safety finding gets its referral first.

- After a user message whose safety level is set (the NLU's SafetyTriage, see
  nlu_component.py), read with the conversation so far (context.py), it predicts the
  referral action with full confidence and a priority above the RulePolicy, so it wins
  whatever topic was predicted: `action_emergency_referral` for an emergency,
  `action_safety_referral` for "see a doctor today" and "ask your doctor first". A same-day
  or caution referral already given for the same findings is not repeated.
- After a referral action: if the action reported success (it sets the slot
  `safety_referral`), the turn ends; if it produced nothing (the action server is down or
  the action raised), the domain's fallback advice follows (utter_emergency_fallback /
  utter_safety_fallback, also written as rules in data/rules.yml), so the person is never
  left without the advice.

Where a message reaches the policy without the NLU's safety result (`rasa test` rebuilds
user turns from the story), the policy runs the same safety check on the text.
"""

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from assistant import log_privacy
from assistant.names import (
    CAUTION,
    EMERGENCY,
    EMERGENCY_ACTION,
    EMERGENCY_FALLBACK,
    REFERRAL_SLOT,
    SAFETY_ACTION,
    SAFETY_FALLBACK,
    URGENT,
)
from assistant.safety import context
from assistant.safety.lexicon import relation_words
from assistant.dialogue.one_action_policy import OneActionPolicy

# every server that loads the model logs a failed referral action as one clear line (see log_privacy)
log_privacy.install()

ACTION_FOR_LEVEL = {EMERGENCY: EMERGENCY_ACTION, URGENT: SAFETY_ACTION, CAUTION: SAFETY_ACTION}
FALLBACK_FOR_ACTION = {EMERGENCY_ACTION: EMERGENCY_FALLBACK, SAFETY_ACTION: SAFETY_FALLBACK}
DEFAULT_PIPELINE = Path(__file__).resolve().parents[2] / "build" / "spacy_pipeline"


def _check_text(text: Text, pipeline: Path) -> Dict[Text, Any]:
    from assistant.safety import combine

    return combine.load(str(pipeline))(text).as_dict()


def safety_of(event: UserUttered, pipeline: Path) -> Dict[Text, Any]:
    """The message's safety result: the NLU's, or the same check run on its text when it has none."""
    safety = (event.parse_data or {}).get("safety")
    if safety is not None:
        return safety
    text = event.text or ""
    return _check_text(text, pipeline) if text and not text.startswith("/") else {}


def conversation_turns(tracker: DialogueStateTracker, pipeline: Path) -> List[context.Turn]:
    """The user turns as the actions read them (context.user_turns_from_events), the latest one checked
    here when it carries no NLU safety result."""
    turns = context.user_turns_from_events([e.as_dict() for e in tracker.events if isinstance(e, UserUttered)])
    latest = tracker.latest_message
    if turns and latest is not None and (latest.parse_data or {}).get("safety") is None:
        turns[-1] = context.Turn(turns[-1].text, safety_of(latest, pipeline))
    return turns


def turn_safety(tracker: DialogueStateTracker, pipeline: Path = DEFAULT_PIPELINE) -> context.TurnSafety:
    if tracker.latest_message is None:
        return context.TurnSafety(None, None, None, False)
    turns = conversation_turns(tracker, pipeline)
    events = [e.as_dict() for e in tracker.events if isinstance(e, (UserUttered, SlotSet))]
    return context.turn_safety(turns, context.referrals_before_last_user_turn(events), relation_words())


def referral_delivered(tracker: DialogueStateTracker) -> bool:
    """Whether the referral action that ran last set `safety_referral` (it only does on success)."""
    for event in reversed(tracker.events):
        if isinstance(event, SlotSet) and event.key == REFERRAL_SLOT:
            return True
        if isinstance(event, ActionExecuted):
            return False
    return False


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class SafetyPolicy(OneActionPolicy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # above TopicPolicy (7) and RulePolicy (6): a safety referral beats a rule's answer or a
        # "Did you mean...?" at equal confidence
        return {"priority": 8, "spacy_pipeline": str(DEFAULT_PIPELINE)}

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        with self._model_storage.write_to(self._resource) as path:
            (path / "safety_policy.json").write_text(json.dumps({"actions": ACTION_FOR_LEVEL}))
        return self._resource

    def _next_action(self, tracker: DialogueStateTracker) -> Optional[Text]:
        last = tracker.latest_action_name
        if last == ACTION_LISTEN_NAME:
            safety = turn_safety(tracker, Path(self.config["spacy_pipeline"]))
            return ACTION_FOR_LEVEL[safety.level] if safety.refer else None
        if last in FALLBACK_FOR_ACTION:
            return ACTION_LISTEN_NAME if referral_delivered(tracker) else FALLBACK_FOR_ACTION[last]
        if last in FALLBACK_FOR_ACTION.values():
            return ACTION_LISTEN_NAME
        return None
