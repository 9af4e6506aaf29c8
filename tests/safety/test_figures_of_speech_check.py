"""Figures of speech through the whole safety check: neither detector reads them as symptoms."""

import pytest


@pytest.fixture(scope="module")
def safety_check():
    from assistant.safety import combine

    return combine.load()


@pytest.mark.parametrize(
    "text",
    [
        "this back pain is doing my head in",
        "it's a pain in the neck having to drive so far to you",
        "crashed out on the couch and woke up with a stiff back",
        "my friend nearly wet herself laughing in her session",
    ],
)
def test_figures_of_speech_raise_no_emergency(safety_check, text):
    assert safety_check(text).level != "emergency"


def test_a_literal_pain_is_still_read(safety_check):
    assert safety_check("I crashed my car this morning and my back is agony").level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "electric shock feeling down the back of my leg when I bend",
        "felt a bit lightheaded when I got off the table after my session",
    ],
)
def test_a_benign_pattern_gets_no_emergency_from_the_classifier(safety_check, text):
    result = safety_check(text)
    assert result.level != "emergency"
    assert any(a.only_this_level for a in result.set_aside)


@pytest.mark.parametrize(
    "text",
    [
        "sciatica down my left leg for months and now the right leg is numb too",
        "the left side of my body has gone numb, arm and leg, came on in minutes",
        "after my session I can't feel my bum on the toilet seat",
    ],
)
def test_spreading_one_sided_and_lexicon_emergencies_still_count(safety_check, text):
    assert safety_check(text).level == "emergency"
