"""A policy that either names the one next action, with full confidence, or says nothing.

SafetyPolicy and TopicPolicy decide by rule-like logic on the tracker, not by a model: each only
implements `_next_action`, and its priority decides who wins when both name an action.
"""

from typing import Any, Dict, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


class OneActionPolicy(Policy):
    def _next_action(self, tracker: DialogueStateTracker) -> Optional[Text]:
        raise NotImplementedError

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = self._next_action(tracker)
        if action:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)
