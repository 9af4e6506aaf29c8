"""TopicPolicy: "Did you mean...?" only when two topics are close, not twice in a row, and never a silent turn."""

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from assistant.dialogue.topic_policy import TopicPolicy
from unit_helpers import create, faq_parse, predicted


@pytest.fixture
def policy(tmp_path):
    return create(TopicPolicy, tmp_path, resource="topics")


def faq_message(first, second):
    parse = faq_parse(("session_length", first), ("session_count", second))
    return UserUttered("q", parse["intent"], [], parse)


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
