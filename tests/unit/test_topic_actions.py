"""Topic actions: the "Did you mean...?" buttons and follow-ups answered with the last topic (exact messages and events)."""

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import topics
from unit_helpers import faq_parse


def tracker(latest=None, events=()):
    return Tracker(
        "conv-1",
        {},
        latest or {"text": "x", "intent": {"name": "follow_up", "confidence": 0.9}},
        list(events),
        False,
        None,
        {},
        "action_listen",
    )


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


def close_parse():
    return faq_parse(
        ("session_length", 0.48), ("session_count", 0.44), ("cost_insurance", 0.08), confidence=0.95, text="how long"
    )


async def test_did_you_mean_offers_the_two_closest_topics_and_something_else():
    messages, events = await run(topics.ActionDidYouMean(), tracker(close_parse()))
    assert events == [SlotSet("offered_topics", ["session_length", "session_count"])]
    assert len(messages) == 1 and messages[0]["text"] == topics.MESSAGES["did_you_mean"]
    assert messages[0]["buttons"] == [
        {"title": "How long a session lasts", "payload": "How long does a session last?"},
        {"title": "How many sessions, how soon", "payload": "How many sessions will I need?"},
        {"title": "Something else", "payload": "/deny"},
    ]


async def test_did_you_mean_with_one_candidate_answers_it():
    parse = close_parse()
    parse["response_selector"]["faq"]["ranking"] = parse["response_selector"]["faq"]["ranking"][:1]
    messages, _ = await run(topics.ActionDidYouMean(), tracker(parse))
    assert [m["response"] for m in messages] == ["utter_faq/session_length"]


async def test_follow_up_repeats_the_last_answers_topic():
    events = [
        {"event": "user", "text": "side effects?"},
        {
            "event": "bot",
            "text": "Most side effects are minor.",
            "metadata": {"utter_action": "utter_faq/side_effects"},
        },
        {"event": "user", "text": "is that normal?"},
    ]
    messages, returned = await run(topics.ActionAnswerFollowUp(), tracker(events=events))
    assert returned == [SlotSet("last_topic", "side_effects")]
    assert [m["response"] for m in messages] == ["utter_faq/side_effects"]


async def test_follow_up_without_an_earlier_answer_asks_what_they_want_to_know():
    messages, returned = await run(
        topics.ActionAnswerFollowUp(), tracker(events=[{"event": "user", "text": "is that normal?"}])
    )
    assert [m["text"] for m in messages] == [topics.MESSAGES["follow_up_without_topic"]]
    assert returned == [SlotSet("last_topic", None)]
