"""Helpers the unit tests share: building a graph component or policy, asking a policy for its
next action, and a parse with FAQ sub-topics as the TopicClassifier writes it.

Imported as `from unit_helpers import ...` (pytest puts tests/unit on the path).
"""

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker


def create(component, folder, resource="test", node="test", **config):
    """`component` as the graph creates it, with its default settings and `config`, storing in `folder`."""
    return component.create(
        {**component.get_default_config(), **config},
        LocalModelStorage(folder),
        Resource(resource),
        ExecutionContext(GraphSchema({}), node),
    )


def predicted(policy, domain, events):
    """The action the policy predicts after `events` (a new conversation's listen first), or None."""
    tracker = DialogueStateTracker.from_events("t", [ActionExecuted("action_listen"), *events], domain.slots)
    prediction = policy.predict_action_probabilities(tracker, domain)
    if max(prediction.probabilities) == 0:
        return None
    return domain.action_names_or_texts[prediction.probabilities.index(max(prediction.probabilities))]


def faq_parse(*ranking, confidence=1.0, intent="faq", others=(), text="q"):
    """A parse of `faq` (with `confidence`) whose sub-topics rank as given, best first: (topic, confidence)
    pairs; `others`: more (intent, confidence) pairs in the intent ranking."""
    best = f"faq/{ranking[0][0]}"
    return {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [
            {"name": "faq", "confidence": confidence},
            *({"name": n, "confidence": c} for n, c in others),
        ],
        "response_selector": {
            "faq": {
                "response": {"intent_response_key": best, "utter_action": f"utter_{best}"},
                "ranking": [{"intent_response_key": f"faq/{topic}", "confidence": c} for topic, c in ranking],
            }
        },
    }
