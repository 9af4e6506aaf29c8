"""Figures of speech are read plainly before the safety check (assistant/safety/figures_of_speech.py)."""

import pytest

from assistant.safety.figures_of_speech import FiguresOfSpeech
from assistant.safety.lexicon import load

MEANINGS = [
    ("doing my head in", "annoying me"),
    ("crashed out", "fell asleep"),
    ("crashed out on the sofa", "slept on the sofa"),
]


@pytest.mark.parametrize(
    "text,plain",
    [
        ("this back pain is doing my head in", "this back pain is annoying me"),
        ("the kids are doing her head in!", "the kids are annoying her!"),  # said of anyone
        ("Crashed  out on the sofa all weekend", "slept on the sofa all weekend"),  # the longest wins
        ("crashed out", "fell asleep"),
        ("I crashed my car", "I crashed my car"),  # not a figure of speech
        ("headcrashed outward", "headcrashed outward"),  # whole words only
    ],
)
def test_a_figure_of_speech_is_replaced_by_its_meaning(text, plain):
    assert FiguresOfSpeech(MEANINGS).plain(text) == plain


def test_no_figures_of_speech_leaves_the_text_alone():
    assert FiguresOfSpeech([]).plain("my legs went to jelly") == "my legs went to jelly"


def test_the_lexicon_lists_figures_of_speech_that_are_never_symptoms():
    meanings = dict(load().cues.figures_of_speech)
    assert meanings["doing my head in"] == "annoying me"
    assert all(phrase and meaning for phrase, meaning in meanings.items())
