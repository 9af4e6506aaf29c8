"""Topics of a parse, the last answered topic, and when two topics are too close to choose."""

import pytest

from assistant.dialogue import topic_buttons
from assistant.dialogue.clarify import ClarifyRule
from assistant.dialogue.topics import last_answered_topic, sub_topic_of, topic_ranking
from unit_helpers import faq_parse


def test_sub_topic_of_reads_the_faq_sub_topic_or_the_intent():
    assert sub_topic_of(faq_parse(("cost_insurance", 0.8), confidence=0.9)) == "cost_insurance"
    assert sub_topic_of({"intent": {"name": "greet", "confidence": 1.0}}) == "greet"
    assert sub_topic_of({}) == ""


def test_ranking_puts_faq_topics_and_plain_intents_on_one_scale():
    parse = faq_parse(
        ("cost_insurance", 0.8),
        ("session_count", 0.2),
        confidence=0.5,
        others=[("contact_clinic", 0.45), ("greet", 0.05)],
    )
    assert topic_ranking(parse) == [("contact_clinic", 0.45), ("cost_insurance", 0.4), ("session_count", 0.1)]


def test_last_answered_topic_comes_from_the_latest_faq_answer_of_this_session():
    answer = lambda topic: {"event": "bot", "metadata": {"utter_action": f"utter_faq/{topic}"}}  # noqa: E731
    events = [
        answer("cost_insurance"),
        {"event": "user", "text": "ok"},
        answer("side_effects"),
        {"event": "bot", "metadata": {"utter_action": "utter_thank"}},
    ]
    assert last_answered_topic(events) == "side_effects"
    assert last_answered_topic([answer("cost_insurance"), {"event": "session_started"}]) is None
    assert last_answered_topic([]) is None


RULE = ClarifyRule(max_confidence=0.5, margin=0.2)


@pytest.mark.parametrize(
    "ranking,expected",
    [
        (
            (("session_count", 0.45), ("session_length", 0.4)),
            ["session_count", "session_length"],
        ),  # close and unsure: ask
        ((("session_count", 0.45), ("session_length", 0.2)), []),  # a clear winner
        ((("session_count", 0.65), ("session_length", 0.35)), []),  # confident enough
    ],
)
def test_clarify_only_when_unsure_between_close_topics(ranking, expected):
    assert RULE.close_topics(faq_parse(*ranking)) == expected


def test_every_faq_topic_has_a_button(root):
    import yaml

    rules = yaml.safe_load((root / "content" / "check_rules.yml").read_text())
    buttons = topic_buttons.load()
    assert set(rules["topics"]["faq_topics"]) <= set(buttons)


def test_a_broken_topics_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "topics.yml"
    bad.write_text(
        "messages: {did_you_mean: Did you mean, follow_up_without_topic: Say more, second_question: Also}\n"
        "topics:\n  cost_insurance: {title: Cost}\n"
    )
    with pytest.raises(topic_buttons.TopicsError, match="cost_insurance.*question"):
        topic_buttons.load(bad)
    bad.write_text("topics: {}\n")
    with pytest.raises(topic_buttons.TopicsError, match="follow_up_without_topic"):
        topic_buttons.load(bad)
