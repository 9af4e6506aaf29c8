"""Safety referral actions: exact messages, numbers per country and events returned."""

import json

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import safety_referral
from assistant import clinic_settings


def make_tracker(text, level, findings, intent="faq", selected=None, sender="conv-1"):
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": [],
        "safety": {"level": level, "findings": findings},
    }
    if selected:
        latest["response_selector"] = {
            "faq": {"response": {"utter_action": selected, "intent_response_key": selected[6:]}}
        }
    return Tracker(sender, {}, latest, [], False, None, {}, "action_listen")


EMERGENCY = {
    "id": "saddle_numbness",
    "level": "emergency",
    "note": "Numbness around the genitals can be serious.",
    "text": "numb groin",
}
URGENT = {"id": "fever", "level": "urgent", "note": "Fever with back pain can mean an infection.", "text": "fever"}
CAUTION = {
    "id": "anticoagulant",
    "level": "caution",
    "note": "Blood thinners raise the risk of bleeding.",
    "text": "warfarin",
}


@pytest.fixture(autouse=True)
def referral_log(tmp_path, monkeypatch):
    path = tmp_path / "referrals.jsonl"
    monkeypatch.setenv("REFERRAL_LOG", str(path))
    return path


@pytest.fixture
def in_country(monkeypatch):
    def use(code):
        settings = clinic_settings.load().for_country(code)
        monkeypatch.setattr(safety_referral.clinic_settings, "current", lambda: settings)

    return use


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


@pytest.mark.parametrize(
    "country,number,department",
    [
        ("GB", "999", "A&E"),
        ("US", "911", "the ER"),
        ("IE", "112 or 999", "the emergency department"),
        ("AU", "000", "the emergency department"),
    ],
)
async def test_emergency_referral_per_country(in_country, country, number, department, referral_log):
    in_country(country)
    messages, events = await run(
        safety_referral.ActionEmergencyReferral(), make_tracker("numb groin", "emergency", [EMERGENCY])
    )
    assert events == [SlotSet("safety_referral", "emergency")]
    assert len(messages) == 1  # the referral only: no topic answer, no selling acupuncture
    text = messages[0]["text"]
    assert f"Call {number} or go to {department} now" in text
    assert EMERGENCY["note"] in text
    assert "not medical advice" in text
    assert "{" not in text


@pytest.mark.parametrize(
    "country,service",
    [
        ("GB", "NHS 111"),
        ("US", "urgent care clinic"),
        ("IE", "out-of-hours GP"),
        ("AU", "healthdirect (1800 022 222)"),
    ],
)
async def test_urgent_referral_per_country(in_country, country, service):
    in_country(country)
    tracker = make_tracker("fever", "urgent", [URGENT], selected="utter_faq/session_count")
    messages, events = await run(safety_referral.ActionSafetyReferral(), tracker)
    assert events == [SlotSet("safety_referral", "urgent")]
    assert len(messages) == 1  # see a doctor today; the topic answer is not given
    assert "see a doctor today" in messages[0]["text"]
    assert service in messages[0]["text"]
    assert URGENT["note"] in messages[0]["text"]


async def test_caution_then_answers_the_question():
    tracker = make_tracker(
        "I take warfarin, how many sessions?", "caution", [CAUTION], selected="utter_faq/session_count"
    )
    messages, events = await run(safety_referral.ActionSafetyReferral(), tracker)
    assert events == [SlotSet("safety_referral", "caution")]
    assert "warfarin" in messages[0]["text"] and "ask your own doctor" in messages[0]["text"]
    assert CAUTION["note"] in messages[0]["text"]
    assert messages[1]["response"] == "utter_faq/session_count"


@pytest.mark.parametrize(
    "intent,answer", [("contact_clinic", "utter_contact_clinic"), ("out_of_scope", None), ("nlu_fallback", None)]
)
async def test_caution_answers_only_covered_topics(intent, answer):
    messages, _ = await run(
        safety_referral.ActionSafetyReferral(), make_tracker("on warfarin", "caution", [CAUTION], intent=intent)
    )
    assert [m.get("response") for m in messages[1:]] == ([answer] if answer else [])


async def test_safety_action_never_plays_an_emergency_down():
    messages, _ = await run(
        safety_referral.ActionSafetyReferral(), make_tracker("numb groin", "emergency", [EMERGENCY])
    )
    assert "see a doctor today" in messages[0]["text"]


async def test_referral_is_recorded_without_message_text(referral_log):
    await run(
        safety_referral.ActionEmergencyReferral(),
        make_tracker("my secret words numb groin", "emergency", [EMERGENCY], sender="abc"),
    )
    await run(safety_referral.ActionSafetyReferral(), make_tracker("warfarin", "caution", [CAUTION], sender="def"))
    lines = [json.loads(line) for line in referral_log.read_text().splitlines()]
    assert [(e["level"], e["conversation_id"], e["findings"]) for e in lines] == [
        ("emergency", "abc", ["saddle_numbness"]),
        ("caution", "def", ["anticoagulant"]),
    ]
    assert all(set(e) == {"level", "time", "conversation_id", "findings", "detectors"} for e in lines)
    assert "secret" not in referral_log.read_text()


async def test_missing_triage_data_still_refers():
    messages, _ = await run(safety_referral.ActionEmergencyReferral(), make_tracker("?", None, []))
    assert "serious problem" in messages[0]["text"]


def relative_tracker(texts_and_safety, sender="rel-1"):
    """A conversation whose user turns carry the NLU's safety results, the last one current."""
    events = [{"event": "user", "text": t, "parse_data": {"safety": s}} for t, s in texts_and_safety]
    text, safety = texts_and_safety[-1]
    latest = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.3}, "entities": [], "safety": safety}
    return Tracker(sender, {}, latest, events, False, None, {}, "action_listen")


async def test_emergency_for_a_relative_is_worded_for_them(referral_log):
    finding = dict(EMERGENCY, about="other")
    tracker = relative_tracker(
        [("my dad can't feel anything down below", {"level": "emergency", "about": "other", "findings": [finding]})]
    )
    messages, events = await run(safety_referral.ActionEmergencyReferral(), tracker)
    text = messages[0]["text"]
    assert text.startswith("⚠️ Your dad needs medical help now.") and "Call 999 for them" in text
    assert events == [SlotSet("safety_referral", "emergency")]


async def test_caution_for_a_relative_named_in_an_earlier_turn():
    finding = dict(CAUTION, about="other")
    tracker = relative_tracker(
        [
            ("my mum wants to try acupuncture for her back", {"level": None, "findings": []}),
            ("she takes warfarin", {"level": "caution", "about": "other", "findings": [finding]}),
        ]
    )
    messages, _ = await run(safety_referral.ActionSafetyReferral(), tracker)
    assert "for your mum: warfarin" in messages[0]["text"] and "their own doctor" in messages[0]["text"]


async def test_urgent_for_someone_unnamed_says_the_person():
    finding = dict(URGENT, about="other")
    tracker = relative_tracker(
        [("he has a high fever with his back pain", {"level": "urgent", "about": "other", "findings": [finding]})]
    )
    messages, _ = await run(safety_referral.ActionSafetyReferral(), tracker)
    assert "make sure the person you're asking about sees a doctor today" in messages[0]["text"]


async def test_the_record_names_the_detector(referral_log):
    finding = {"id": "semantic_emergency", "level": "emergency", "note": "n", "text": "t", "detector": "classifier"}
    await run(safety_referral.ActionEmergencyReferral(), make_tracker("t", "emergency", [finding]))
    entry = json.loads(referral_log.read_text().splitlines()[-1])
    assert entry["detectors"] == ["classifier"] and entry["findings"] == ["semantic_emergency"]


async def test_caution_names_the_lexicon_words_not_a_classifier_sentence():
    sentence = {
        "id": "semantic_caution",
        "level": "caution",
        "note": "n",
        "text": "she's on warfarin after her op",
        "detector": "classifier",
    }
    messages, _ = await run(safety_referral.ActionSafetyReferral(), make_tracker("x", "caution", [CAUTION, sentence]))
    assert "checking first: warfarin." in messages[0]["text"]
    messages, _ = await run(safety_referral.ActionSafetyReferral(), make_tracker("x", "caution", [sentence]))
    assert "checking first: a health condition." in messages[0]["text"]
