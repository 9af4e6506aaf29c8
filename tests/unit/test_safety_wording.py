"""wording.py: whom a message speaks for."""

import pytest

from assistant.safety import wording
from assistant.safety.lexicon import relation_words

RELATIONS = relation_words()


@pytest.mark.parametrize(
    "text,person",
    [
        ("my dad can't pass urine since this morning", "your dad"),
        ("My Mum's legs have both gone numb", "your mum"),
        ("our little daughter has a fever and a stiff neck", "your daughter"),
        ("I think my husband is having a stroke", "your husband"),
        ("my back hurts and I have a fever", None),
        ("my own legs are numb", None),
    ],
)
def test_person_spoken_for(text, person):
    assert wording.person_spoken_for(text, RELATIONS) == person


@pytest.mark.parametrize(
    "text,other",
    [
        ("my dad can't feel his legs", True),
        ("my mum says my face looks droopy", False),
        ("my wife is pregnant, can she come?", True),
        ("I can't feel my legs", False),
    ],
)
def test_about_someone_else(text, other):
    assert wording.about_someone_else(text, RELATIONS) is other


def test_pronouns_and_people_in_general_are_not_relations():
    assert not {"he", "she", "someone", "people", "patient"} & RELATIONS
