"""Dialogue policy: a message with a safety finding gets its referral first.

After any user message whose parse result carries a safety level (see
safety_component.py) this policy predicts the referral action with full
confidence and a priority above the RulePolicy, so it wins whatever topic was
predicted: `action_emergency_referral` for an emergency, `action_safety_referral`
for "see a doctor today" and "ask your doctor first". What follows the referral
is up to the action (which answers the question where that is safe) and, should
the action server fail, to the fallback rules in data/rules.yml.
"""
import json
from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

EMERGENCY_ACTION = "action_emergency_referral"
SAFETY_ACTION = "action_safety_referral"
ACTION_FOR_LEVEL = {"emergency": EMERGENCY_ACTION, "urgent": SAFETY_ACTION, "caution": SAFETY_ACTION}


def safety_level(tracker: DialogueStateTracker) -> Optional[Text]:
    parse_data = tracker.latest_message.parse_data if tracker.latest_message else {}
    return (parse_data.get("safety") or {}).get("level")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class SafetyPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # above RulePolicy (6): a safety referral beats a rule's answer at equal confidence
        return {"priority": 7}

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        with self._model_storage.write_to(self._resource) as path:
            (path / "safety_policy.json").write_text(json.dumps({"actions": ACTION_FOR_LEVEL}))
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if tracker.latest_action_name == ACTION_LISTEN_NAME:
            action = ACTION_FOR_LEVEL.get(safety_level(tracker))
            if action:
                probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)
