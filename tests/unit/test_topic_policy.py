"""TopicPolicy: "Did you mean...?" only when two topics are close, not twice in a row, and never a silent turn."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.dialogue.topic_policy import TopicPolicy


@pytest.fixture
def policy(tmp_path):
    return TopicPolicy.create(
        TopicPolicy.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("topics"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def faq_message(first, second):
    parse = {
        "text": "q",
        "intent": {"name": "faq", "confidence": 1.0},
        "intent_ranking": [{"name": "faq", "confidence": 1.0}],
        "response_selector": {
            "faq": {
                "ranking": [
                    {"intent_response_key": "faq/session_length", "confidence": first},
                    {"intent_response_key": "faq/session_count", "confidence": second},
                ]
            }
        },
    }
    return UserUttered("q", parse["intent"], [], parse)


def predicted(policy, domain, events):
    tracker = DialogueStateTracker.from_events("t", [ActionExecuted("action_listen"), *events], domain.slots)
    prediction = policy.predict_action_probabilities(tracker, domain)
    if max(prediction.probabilities) == 0:
        return None
    return domain.action_names_or_texts[prediction.probabilities.index(max(prediction.probabilities))]


def test_close_topics_get_did_you_mean_and_a_clear_one_is_left_to_the_rules(policy, domain):
    assert predicted(policy, domain, [faq_message(0.45, 0.4)]) == "action_did_you_mean"
    assert predicted(policy, domain, [faq_message(0.9, 0.05)]) is None


def test_not_twice_in_a_row(policy, domain):
    events = [
        faq_message(0.45, 0.4),
        ActionExecuted("action_did_you_mean"),
        BotUttered("Did you mean"),
        ActionExecuted("action_listen"),
        faq_message(0.45, 0.4),
    ]
    assert predicted(policy, domain, events) is None


@pytest.mark.parametrize(
    "action,when_silent", [("action_did_you_mean", "utter_faq"), ("action_answer_follow_up", "utter_default")]
)
def test_a_topic_action_that_said_nothing_gets_the_domain_answer(policy, domain, action, when_silent):
    events = [faq_message(0.45, 0.4), ActionExecuted(action)]
    assert predicted(policy, domain, events) == when_silent
    assert predicted(policy, domain, events + [BotUttered("answer")]) == "action_listen"


def test_settings_are_checked():
    with pytest.raises(ValueError, match="margin"):
        TopicPolicy.validate_config({"priority": 7, "max_confidence": 0.6, "margin": 2})
