"""SafetyPolicy: referral first whatever the topic; listen after a delivered referral; fallback after a failed one."""

import pytest
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

from assistant.safety.policy import SafetyPolicy
from unit_helpers import create, predicted


@pytest.fixture
def policy(tmp_path):
    return create(SafetyPolicy, tmp_path, resource="safety")


def user(text, safety="absent", intent="faq"):
    parse = {"intent": {"name": intent, "confidence": 1.0}, "entities": [], "text": text}
    if safety != "absent":
        parse["safety"] = {"level": safety, "findings": []}
    return UserUttered(text, {"name": intent, "confidence": 1.0}, [], parse)


@pytest.mark.parametrize(
    "level,action",
    [
        ("emergency", "action_emergency_referral"),
        ("urgent", "action_safety_referral"),
        ("caution", "action_safety_referral"),
        (None, None),
    ],
)
def test_referral_follows_the_nlu_safety_level(policy, domain, level, action):
    assert predicted(policy, domain, [user("text", level)]) == action


def test_without_nlu_result_the_policy_triages_the_text(policy, domain):
    assert predicted(policy, domain, [user("I keep wetting myself and my back hurts")]) == "action_emergency_referral"
    assert predicted(policy, domain, [user("how long is a session")]) is None


@pytest.mark.parametrize(
    "action,level", [("action_emergency_referral", "emergency"), ("action_safety_referral", "caution")]
)
def test_delivered_referral_ends_the_turn(policy, domain, action, level):
    events = [user("x", level), ActionExecuted(action), SlotSet("safety_referral", level)]
    assert predicted(policy, domain, events) == "action_listen"


@pytest.mark.parametrize(
    "action,fallback",
    [
        ("action_emergency_referral", "utter_emergency_fallback"),
        ("action_safety_referral", "utter_safety_fallback"),
    ],
)
def test_failed_referral_gets_the_domain_fallback_then_listens(policy, domain, action, fallback):
    events = [user("x", "emergency"), ActionExecuted(action)]
    assert predicted(policy, domain, events) == fallback
    assert predicted(policy, domain, events + [ActionExecuted(fallback)]) == "action_listen"


def test_a_referral_in_an_earlier_turn_does_not_count(policy, domain):
    events = [
        user("x", "emergency"),
        ActionExecuted("action_emergency_referral"),
        SlotSet("safety_referral", "emergency"),
        ActionExecuted("action_listen"),
        user("y", "emergency"),
        ActionExecuted("action_emergency_referral"),
    ]
    assert predicted(policy, domain, events) == "utter_emergency_fallback"
