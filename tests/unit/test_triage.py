"""Safety triage on single messages: levels, negation, other people, information questions."""
import pytest


def level(engine, nlp, text):
    return engine(nlp(text.lower())).level


@pytest.mark.parametrize("text", [
    "I can't control my bladder since yesterday",
    "my groin has gone numb and my back is agony",
    "both my legs feel weak and tingly",
    "crushing chest pain",
    "I came off my motorbike and now my back is in agony",
])
def test_emergencies(triage_engine, nlp, text):
    assert level(triage_engine, nlp, text) == "emergency"


@pytest.mark.parametrize("text", [
    "back pain and a high temperature",
    "I had breast cancer and now my back hurts",
    "I've lost weight without trying",
    "I slipped on the stairs and I have osteoporosis",
])
def test_urgent(triage_engine, nlp, text):
    assert level(triage_engine, nlp, text) == "urgent"


@pytest.mark.parametrize("text", [
    "I take warfarin", "on eliquis", "I'm pregnant", "I have a pacemaker", "I have type 2 diabetes",
    "my doctor put me on clopidogrel", "I have von Willebrand disease",
])
def test_caution(triage_engine, nlp, text):
    assert level(triage_engine, nlp, text) == "caution"


def test_misspelt_medicine_is_caught(triage_engine, nlp):
    assert level(triage_engine, nlp, "I'm on rivaroxiban") == "caution"


@pytest.mark.parametrize("text", [
    "I'm not on blood thinners",
    "no numbness down below and my bladder is fine",
    "I don't have a fever",
    "what are the warning signs I should go to A&E for?",
    "my mum had cancer years ago",
    "how many sessions will I need?",
    "I fell off a ladder years ago but I'm fully healed",
])
def test_near_misses_do_not_alarm(triage_engine, nlp, text):
    assert level(triage_engine, nlp, text) in (None, "caution")


def test_findings_say_what_and_why(triage_engine, nlp):
    result = triage_engine(nlp("I'm on warfarin and can't feel anything between my legs"))
    by_id = {f.id: f for f in result.findings}
    assert result.level == "emergency"
    assert by_id["anticoagulant"].level == "caution"
    assert by_id["saddle_numbness"].level == "emergency"
    assert by_id["saddle_numbness"].note
    assert result.as_dict()["level"] == "emergency"


def test_red_flag_buried_in_a_long_message(triage_engine, nlp):
    text = (
        "Hi, I've had lower back pain for a few months and my physio suggested acupuncture. "
        "Since Tuesday I've had trouble peeing and my bum feels numb. "
        "How much does a session cost and do you take insurance?"
    )
    assert level(triage_engine, nlp, text) == "emergency"
