"""Safety triage on single messages: levels, negation, other people, information questions."""

import pytest


def level(engine, nlp, text):
    return engine(nlp(text.lower())).level


def cases(expected, *texts):
    return [pytest.param(text, expected, id=f"{expected}: {text}") for text in texts]


LEVELS = [
    *cases(
        "emergency",
        "I can't control my bladder since yesterday",
        "my groin has gone numb and my back is agony",
        "both my legs feel weak and tingly",
        "crushing chest pain",
        "I came off my motorbike and now my back is in agony",
    ),
    *cases(
        "urgent",
        "back pain and a high temperature",
        "I had breast cancer and now my back hurts",
        "I've lost weight without trying",
        "I slipped on the stairs and I have osteoporosis",
    ),
    *cases(
        "caution",
        "I take warfarin",
        "on eliquis",
        "I'm pregnant",
        "I have a pacemaker",
        "I have type 2 diabetes",
        "my doctor put me on clopidogrel",
        "I have von Willebrand disease",
        "I'm on rivaroxiban",  # misspelt
    ),
    # a red flag buried in a long message
    *cases(
        "emergency",
        "Hi, I've had lower back pain for a few months and my physio suggested acupuncture. "
        "Since Tuesday I've had trouble peeing and my bum feels numb. "
        "How much does a session cost and do you take insurance?",
    ),
    # a past emergency with a condition reading is history
    *cases(
        "caution",
        "I'm on Brilinta after my heart attack last year, can I have acupuncture?",
        "I had a heart attack in 2019, is acupuncture safe?",
        "since my heart attack last year my back has been stiff",
        "heart attack 5 years ago, all fine now",
        "history of heart attack, can I book?",
        "I had cauda equina surgery three years ago, can I try acupuncture?",
    ),
    # a current emergency stays one
    *cases(
        "emergency",
        "I think I'm having a heart attack",
        "heart attack symptoms right now",
        "chest pain like a heart attack",
        "I had a heart attack last year and I think I'm having another one now",
        "I had a heart attack in 2019 and now I have crushing chest pain",
        "I think I have cauda equina",
    ),
    # new or severe numbness in both legs stays an emergency
    *cases(
        "emergency",
        "both feet are tingling and numb and my back is killing me",
        "I'm diabetic and both my legs suddenly went numb this morning",
        "I'm diabetic and my feet are numb and my back is killing me",
        "my feet have been numb for years but now it's spreading up both legs",
    ),
    # "can't", said other ways (cues.yml cannot_forms), reads like "can't"
    *cases(
        "emergency",
        "I haven't been able to hold my wee in since Sunday",
        "she's not able to feel the toilet paper when she wipes",
        "unable to empty my bladder and my back is agony",
        "I can no longer control my bowels",
    ),
    # a symptom told as long past, said to be resolved in the same or the next sentence, is history
    *cases(
        None,
        "About ten years ago I had a numb leg and trouble peeing. Surgery sorted it and I've been fine since.",
        "back in 2015 I lost control of my bladder, fixed by an op, no problems since",
    ),
    # ...but not when it is recent, back, or still there
    *cases(
        "emergency",
        "About ten years ago I had a numb leg and trouble peeing. Now it's happening again.",
        "I wet myself this morning, I've been fine since I was a kid",
        "years ago I had numbness down there. Ever since I've had trouble peeing",
        "I lost control of my bladder yesterday. I was fine since the op years ago",
    ),
    # a contraindication asked about for a group or for "you" in general is the precautions question
    *cases(
        None,
        "can pregnant women have acupuncture?",
        "is it ok for diabetics to have needles in their feet?",
        "is it ok if you're on blood thinners?",
        "I've had sciatica for 3 weeks now, does acupuncture help?",  # weeks, not pregnancy
    ),
    # ...but the writer's own, or a relative's, still is
    *cases(
        "caution",
        "can you treat me if I'm pregnant?",
        "my partner is expecting, 22 wks, and her back is sore, do you treat pregnant women?",
        "I'm on warfarin, can you still treat me?",
    ),
    # "you" at the emergency level is often the writer: it stays an emergency
    *cases("emergency", "is it bad if you've wet yourself and your back is agony?"),
    # a fever after a procedure on the spine, or with injecting drugs: a spine infection
    *cases(
        "emergency",
        "had an epidural last week and now I've got a fever and my back is unbearable",
        "he injects heroin and now he's shivering with a fever and can't move for back pain",
    ),
    # an operation in the last few weeks
    *cases("caution", "I had a discectomy 3 weeks ago, can you treat the pain round it?"),
    *cases(None, "I had an epidural when my son was born ten years ago"),
    # new or constant back pain under 20 or over 55 (lexicon/age.yml)
    *cases(
        "urgent",
        "I'm 63 and this back pain came on from nothing last week",
        "my dad is 70 and has new back pain, constant",
        "im 15 and my back hurts all the time even lying in bed",
    ),
    *cases(
        None,
        "I'm 40 and my back pain came on after gardening",
        "I'm 60 with constant back pain for 10 years, would acupuncture help?",
        "I'm 5 foot 2 and my back hurts all the time",
    ),
    # an accident in a past year is history; this morning's is not
    *cases(None, "I fell off a ladder in 2015 and my back has ached ever since"),
    *cases("emergency", "I fell off a ladder this morning and my back is agony"),
]


@pytest.mark.parametrize("text,expected", LEVELS)
def test_level_of_a_message(triage_engine, nlp, text, expected):
    assert level(triage_engine, nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm not on blood thinners",
        "no numbness down below and my bladder is fine",
        "I don't have a fever",
        "what are the warning signs I should go to A&E for?",
        "my mum had cancer years ago",
        "how many sessions will I need?",
        "I fell off a ladder years ago but I'm fully healed",
    ],
)
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


def test_numb_feet_explained_by_diabetes_are_a_caution(triage_engine, nlp):
    result = triage_engine(nlp("I've got type 2 diabetes and my feet are a bit numb, can you needle my legs?"))
    assert result.level == "caution"
    assert [f.id for f in result.findings] == ["diabetes"]


def test_long_standing_numbness_without_a_cause_still_needs_a_doctor(triage_engine, nlp):
    result = triage_engine(nlp("my feet have been numb for years, can acupuncture help my back?"))
    assert result.level == "urgent"
    assert result.findings[0].note


def test_a_malformed_history_file_is_reported(tmp_path):
    from assistant.safety import lexicon_detector as triage
    from assistant.safety.lexicon import LexiconError

    bad = tmp_path / "history.yml"
    bad.write_text("past: {}\n")
    with pytest.raises(LexiconError):
        triage.load_history(bad)


def test_a_cant_phrase_is_also_matched_said_other_ways():
    from assistant.safety.lexicon import said_other_ways

    phrases = said_other_ways(("can't hold it in", "cannot feel", "numb"), ("unable to", "haven't been able to"))
    assert phrases == (
        "can't hold it in",
        "unable to hold it in",
        "haven't been able to hold it in",
        "cannot feel",
        "unable to feel",
        "haven't been able to feel",
        "numb",
    )


def test_a_malformed_age_file_is_reported(tmp_path):
    from assistant.safety.age import load_age_rule
    from assistant.safety.lexicon import LexiconError

    bad = tmp_path / "age.yml"
    bad.write_text("id: x\nlevel: someday\n")
    with pytest.raises(LexiconError):
        load_age_rule(bad)
