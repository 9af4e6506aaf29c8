"""Whole conversations against the live assistant: context, safety on any topic, persistence."""

import pytest

pytestmark = pytest.mark.live


def actions_of(tracker):
    return [e["name"] for e in tracker["events"] if e["event"] == "action"]


def test_follow_up_questions(live_server):
    sender = "follow-up"
    live_server.say(sender, "what happens in an acupuncture session?")
    replies = live_server.say(sender, "how many will I need?")
    assert "6–12" in replies[0]["text"]
    replies = live_server.say(sender, "does it hurt?")
    assert "tingle" in replies[0]["text"]


def test_red_flag_inside_a_topic_question_gets_emergency_advice_only(live_server):
    sender = "buried-red-flag"
    replies = live_server.say(
        sender, "How long is a session? Since yesterday my back is bad and I keep wetting myself."
    )
    assert len(replies) == 1 and "Call 999" in replies[0]["text"]
    assert "action_emergency_referral" in actions_of(live_server.tracker(sender))


def test_contraindication_gets_referral_then_the_answer(live_server):
    sender = "caution-answer"
    replies = live_server.say(sender, "I take warfarin, how many sessions would I need?")
    texts = [r["text"] for r in replies]
    assert "warfarin" in texts[0] and "ask your own doctor" in texts[0]
    assert "6–12" in texts[1]


def test_negated_contraindication_does_not_warn(live_server):
    sender = "negation"
    live_server.say(sender, "I'm not on any blood thinners, is acupuncture safe?")
    assert "action_safety_referral" not in actions_of(live_server.tracker(sender))


def test_every_answer_says_general_information(live_server):
    for i, text in enumerate(
        ["what is acupuncture", "is it safe", "side effects?", "cost?", "I take warfarin", "I can't feel my groin"]
    ):
        replies = live_server.say(f"disclaimer-{i}", text)
        assert any("not medical advice" in r["text"] for r in replies), (text, replies)


def test_conversation_survives_a_restart(live_server):
    sender = "restart"
    live_server.say(sender, "hello")
    live_server.say(sender, "does acupuncture hurt")
    before = live_server.tracker(sender)["events"]
    live_server.stop()
    live_server.start()
    after = live_server.tracker(sender)["events"]
    assert [e["event"] for e in after] == [e["event"] for e in before]
    live_server.say(sender, "thanks")
    users = [e["text"] for e in live_server.tracker(sender)["events"] if e["event"] == "user"]
    assert users == ["hello", "does acupuncture hurt", "thanks"]


def test_two_questions_in_one_message_get_both_answers(live_server):
    sender = "two-questions"
    replies = live_server.say(sender, "How many sessions will I need and how much does it cost?")
    texts = " ".join(r["text"] for r in replies)
    assert "6–12 sessions" in texts and "Prices vary" in texts, texts
    assert "action_answer_second_question" in actions_of(live_server.tracker(sender))
    # the next turn is a new question: nothing extra is added to it
    replies = live_server.say(sender, "does it hurt?")
    assert len(replies) == 1 and "tingl" in replies[0]["text"]
