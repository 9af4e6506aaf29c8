"""Shared names: the topic of a parse, the web chat check and the tracker database default."""

import pytest

from assistant import names
from unit_helpers import faq_parse


@pytest.mark.parametrize(
    "parse,topic",
    [
        (faq_parse(("does_it_hurt", 0.9)), "faq/does_it_hurt"),
        # the topic classifier always fills the faq selector: it names the topic only when the intent is faq
        (faq_parse(("does_it_hurt", 0.9), intent="greet"), "greet"),
        ({"intent": {"name": "faq"}}, "faq"),
        ({"intent": {"name": "contact_clinic"}}, "contact_clinic"),
        ({}, ""),
    ],
)
def test_topic_of_is_the_intent_or_the_faq_key(parse, topic):
    assert names.topic_of(parse) == topic


@pytest.mark.parametrize(
    "metadata,web", [({"client": "webchat"}, True), ({"client": "sms"}, False), ({}, False), (None, False)]
)
def test_web_chat_is_told_by_the_client_metadata(metadata, web):
    assert names.is_web_chat(metadata) is web


def test_tracker_db_is_the_environment_s_or_var(monkeypatch):
    monkeypatch.delenv(names.TRACKER_DB_ENV, raising=False)
    assert names.tracker_db() == str(names.ROOT / "var" / "tracker.db")
    monkeypatch.setenv(names.TRACKER_DB_ENV, "/data/t.db")
    assert names.tracker_db() == "/data/t.db"


def test_severity_orders_the_levels_most_serious_first():
    assert sorted(names.LEVELS, key=names.SEVERITY.get, reverse=True) == list(names.LEVELS)
