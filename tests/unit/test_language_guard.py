import pytest

from assistant.language_guard import LanguageDetector


@pytest.fixture(scope="module")
def detector():
    return LanguageDetector()


@pytest.mark.parametrize(
    "text,language",
    [
        ("¿La acupuntura sirve para el dolor de espalda?", "spanish"),
        ("Est-ce que l'acupuncture fait mal ?", "french"),
        ("Tut Akupunktur weh?", "german"),
        ("Ile kosztuje akupunktura na ból pleców?", "polish"),
        ("针灸对腰痛有用吗", "non-latin script"),
        ("Помогает ли иглоукалывание при боли в спине?", "non-latin script"),
    ],
)
def test_other_languages(detector, text, language):
    assert detector.other_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "does it hurt",
        "what is de qi",
        "is la acupuncture good",
        "I have a dolor in my back, how much is it",
        "😀",
        "",
        "12345",
        "A&E or GP?",
    ],
)
def test_english_or_unsure_is_left_alone(detector, text):
    assert detector.other_language(text) is None
