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
