"""context.py: a turn's safety read with the conversation (relatives named earlier, no repeated referrals)."""

import pytest

from assistant.safety import context
from assistant.safety.lexicon import relation_words

RELATIONS = relation_words()


def safety(level, about="self", *ids):
    findings = [{"id": i, "level": level} for i in ids or (f"{level}_finding",)]
    return {"level": level, "about": about, "findings": findings if level else []}


def turns(*pairs):
    return [context.Turn(text, s) for text, s in pairs]


def test_relative_named_earlier_is_who_the_referral_is_for():
    ts = context.turn_safety(
        turns(
            ("my mum wants acupuncture for her back", {}),
            ("she's on warfarin", safety("caution", "other", "anticoagulant")),
        ),
        [],
        RELATIONS,
    )
    assert (ts.level, ts.about, ts.person, ts.refer) == ("caution", "other", "your mum", True)


def test_relative_named_in_this_turn_wins_over_an_earlier_one():
    ts = context.turn_safety(
        turns(("my dad has a bad back", {}), ("and my wife is pregnant", safety("caution", "other", "pregnancy"))),
        [],
        RELATIONS,
    )
    assert ts.person == "your wife"


def test_the_writer_s_own_finding_has_no_person():
    ts = context.turn_safety(
        turns(("my mum says hi", {}), ("I've got a fever", safety("urgent", "self", "fever"))), [], RELATIONS
    )
    assert (ts.about, ts.person) == ("self", None)


WARFARIN = ("I'm on warfarin, does it hurt?", safety("caution", "self", "anticoagulant"))
STILL_WARFARIN = ("still on warfarin, how much is it?", safety("caution", "self", "anticoagulant"))
PREGNANT = ("I'm also pregnant", safety("caution", "self", "pregnancy"))
FEVER = ("now I've got a fever too", safety("urgent", "self", "fever"))
NUMB_LEGS = ("legs numb", safety("emergency", "self", "both_legs_numb"))
STILL_NUMB = ("still can't feel my legs", safety("emergency", "self", "both_legs_numb"))


@pytest.mark.parametrize(
    "earlier,now,given,refer",
    [
        (WARFARIN, STILL_WARFARIN, "caution", False),
        (WARFARIN, PREGNANT, "caution", True),
        (WARFARIN, FEVER, "caution", True),
        (NUMB_LEGS, STILL_NUMB, "emergency", True),
    ],
    ids=[
        "the same caution is not repeated",
        "a new caution is given",
        "something more serious is given",
        "an emergency is always repeated",
    ],
)
def test_a_referral_is_given_again_only_for_something_new_or_an_emergency(earlier, now, given, refer):
    assert context.turn_safety(turns(earlier, now), [given], RELATIONS).refer is refer


def test_nothing_found_means_no_referral():
    assert (
        context.turn_safety(turns(("how long is a session", {"level": None, "findings": []})), [], RELATIONS).refer
        is False
    )
    assert context.turn_safety([], [], RELATIONS).level is None


def test_turns_and_referrals_from_event_dicts():
    events = [
        {
            "event": "user",
            "text": "I'm on warfarin",
            "parse_data": {"safety": safety("caution", "self", "anticoagulant")},
        },
        {"event": "action", "name": "action_safety_referral"},
        {"event": "slot", "name": "safety_referral", "value": "caution"},
        {"event": "user", "text": "does it hurt", "parse_data": {"safety": {"level": None, "findings": []}}},
        {"event": "slot", "name": "safety_referral", "value": "urgent"},
    ]
    assert [t.text for t in context.user_turns_from_events(events)] == ["I'm on warfarin", "does it hurt"]
    assert context.referrals_before_last_user_turn(events) == ["caution"]


def test_a_tie_goes_to_the_person_spoken_for():
    from assistant.safety.findings import Finding, SafetyResult

    mixed = SafetyResult(
        [
            Finding("both_legs_neuro", "emergency", "n", "legs gone numb", about="self"),
            Finding("urinary_retention", "emergency", "n", "he can't pee", about="other"),
            Finding("anticoagulant", "caution", "n", "warfarin", about="self"),
        ]
    )
    assert (mixed.level, mixed.about) == ("emergency", "other")
    own = SafetyResult(
        [Finding("fever", "urgent", "n", "fever"), Finding("pregnancy", "caution", "n", "wife pregnant", about="other")]
    )
    assert (own.level, own.about) == ("urgent", "self")
