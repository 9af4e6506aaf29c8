"""With the action server down, red flags still get the emergency advice from the domain."""

import pytest

pytestmark = pytest.mark.live


def test_emergency_advice_without_the_action_server(server_without_actions):
    server = server_without_actions
    replies = server.say("down-1", "both my legs have gone numb and weak since this morning")
    texts = " ".join(r["text"] for r in replies)
    assert "Call 999 now" in texts and "emergency department" in texts
    actions = [e["name"] for e in server.tracker("down-1")["events"] if e["event"] == "action"]
    assert "action_emergency_referral" in actions and "utter_emergency_fallback" in actions


def test_caution_advice_without_the_action_server(server_without_actions):
    replies = server_without_actions.say("down-2", "I'm on warfarin, is acupuncture ok?")
    assert any("check with your own doctor" in r["text"] for r in replies)


def test_ordinary_answers_without_the_action_server(server_without_actions):
    replies = server_without_actions.say("down-3", "how long does a session last")
    assert any("20–40 minutes" in r["text"] for r in replies)
