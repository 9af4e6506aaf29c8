"""Two questions in one message: where it splits, what the channel adds, what the policy and the
action do next (exact messages and events)."""

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import topics
from assistant import two_questions
from assistant.dialogue.topic_policy import TopicPolicy
from unit_helpers import create, faq_parse, predicted


@pytest.mark.parametrize(
    "text,parts",
    [
        (
            "How many sessions will I need and how much does it cost?",
            ("How many sessions will I need", "how much does it cost?"),
        ),
        ("does it hurt? is it safe for older people", ("does it hurt", "is it safe for older people")),
        ("what should I wear; can I drive home after", ("what should I wear", "can I drive home after")),
        (
            "hi there, is it any good for sciatica and also how long is a session",
            ("hi there, is it any good for sciatica", "how long is a session"),
        ),
    ],
)
def test_split_where_a_second_question_clearly_starts(text, parts):
    assert two_questions.split_questions(text) == parts


@pytest.mark.parametrize(
    "text",
    [
        "pain in my lower back and down my left leg, will it help",
        "what should I do before and after a session",
        "does it hurt",
        "my mum and dad both want to try it",
        "is it safe and effective",
    ],
)
def test_one_question_is_not_split(text):
    assert two_questions.split_questions(text) is None


def fake_parse(topics_by_text):
    async def parse(text):
        topic, confidence = topics_by_text[text]
        return faq_parse((topic, confidence), text=text)

    return parse


async def test_two_topics_are_put_in_the_metadata():
    parse = fake_parse(
        {"How many sessions will I need": ("session_count", 0.9), "how much does it cost?": ("cost_insurance", 0.8)}
    )
    found = await two_questions.second_question(parse, "How many sessions will I need and how much does it cost?")
    assert found == {
        "parts": [
            {"text": "How many sessions will I need", "topic": "session_count", "confidence": 0.9},
            {"text": "how much does it cost?", "topic": "cost_insurance", "confidence": 0.8},
        ]
    }


async def test_two_parts_on_one_topic_are_one_question():
    parse = fake_parse(
        {"how long is a session": ("session_length", 0.9), "how long do the needles stay in": ("session_length", 0.9)}
    )
    assert (
        await two_questions.second_question(parse, "how long is a session and how long do the needles stay in") is None
    )


def metadata(first="session_count", second="cost_insurance", confidence=0.8):
    return {
        "second_question": {
            "parts": [
                {"text": "How many sessions will I need", "topic": first, "confidence": 0.9},
                {"text": "how much does it cost?", "topic": second, "confidence": confidence},
            ]
        }
    }


def test_pending_part_is_the_one_not_answered():
    assert two_questions.pending_part(metadata(), "cost_insurance")["topic"] == "session_count"
    assert two_questions.pending_part(metadata(), "session_count")["topic"] == "cost_insurance"
    assert two_questions.pending_part({}, "session_count") is None


@pytest.fixture
def policy(tmp_path):
    return create(TopicPolicy, tmp_path, resource="topics")


def user(meta):
    parse = faq_parse(("cost_insurance", 0.9), text="How many sessions will I need and how much does it cost?")
    return UserUttered(parse["text"], parse["intent"], parse_data=parse, metadata=meta)


def test_policy_answers_the_second_question_once_after_the_first_answer(policy, domain):
    answered = [user(metadata()), ActionExecuted("utter_faq"), BotUttered("cost")]
    assert predicted(policy, domain, answered) == "action_answer_second_question"
    both = answered + [ActionExecuted("action_answer_second_question"), BotUttered("sessions")]
    assert predicted(policy, domain, both) == "action_listen"
    assert predicted(policy, domain, [user({}), ActionExecuted("utter_faq"), BotUttered("cost")]) is None


def action_tracker(meta):
    latest = {**faq_parse(("cost_insurance", 0.9), text="two questions"), "metadata": meta}
    return Tracker("conv-1", {}, latest, [], False, None, {}, "utter_faq")


async def test_action_answers_the_other_topic():
    dispatcher = CollectingDispatcher()
    events = await topics.ActionAnswerSecondQuestion().run(dispatcher, action_tracker(metadata()), {})
    assert events == [SlotSet("last_topic", "session_count")]
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/session_count"]


async def test_action_offers_an_unsure_second_topic_as_a_button():
    dispatcher = CollectingDispatcher()
    meta = metadata(first="cost_insurance", second="session_count", confidence=0.3)
    events = await topics.ActionAnswerSecondQuestion().run(dispatcher, action_tracker(meta), {})
    assert events == [SlotSet("offered_topics", ["session_count"])]
    button = topics.BUTTONS["session_count"]
    assert dispatcher.messages[0]["text"] == topics.MESSAGES["second_question"].format(
        question="how much does it cost?"
    )
    assert dispatcher.messages[0]["buttons"] == [{"title": button.title, "payload": button.question}]


async def test_action_does_nothing_without_a_second_question():
    dispatcher = CollectingDispatcher()
    assert await topics.ActionAnswerSecondQuestion().run(dispatcher, action_tracker({}), {}) == []
    assert dispatcher.messages == []
