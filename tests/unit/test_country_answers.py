"""Each clinic gets answers that fit its country: cost, cover, regulation and practitioner answers
name only that country's facts (the terms are the content check's, content/check_rules.yml)."""

import pytest
import yaml
from rasa.shared.core.trackers import DialogueStateTracker

from assistant import clinic_settings
from assistant.country_answers import for_country, without_country
from assistant.nlg import ClinicResponseGenerator
from staff_tools.content_check.countries import term_pattern

RULES = yaml.safe_load((clinic_settings.DEFAULT_PATH.parents[1] / "content" / "check_rules.yml").read_text())
COUNTRY_ANSWERS = RULES["countries"]["answers"]
TERMS = RULES["countries"]["terms"]
SETTINGS = clinic_settings.load()


@pytest.mark.parametrize("country", sorted(SETTINGS.countries))
@pytest.mark.parametrize("answer", COUNTRY_ANSWERS)
async def test_answer_names_no_other_countrys_facts(domain, answer, country):
    nlg = ClinicResponseGenerator(domain=domain, settings=SETTINGS.for_country(country))
    text = (await nlg.generate(answer, DialogueStateTracker("t", domain.slots), "rest"))["text"]
    for code, terms in TERMS.items():
        if code != country:
            named = [t for t in terms if term_pattern(t).search(text)]
            assert not named, f"{answer} for a {country} clinic names {code} facts {named}:\n{text}"


async def test_each_country_with_its_own_facts_gets_them(domain):
    tracker = DialogueStateTracker("t", domain.slots)
    uk = ClinicResponseGenerator(domain=domain, settings=SETTINGS.for_country("GB"))
    us = ClinicResponseGenerator(domain=domain, settings=SETTINGS.for_country("US"))
    assert "NHS" in (await uk.generate("utter_faq/cost_insurance", tracker, "rest"))["text"]
    assert "Medicare" in (await us.generate("utter_faq/cost_insurance", tracker, "rest"))["text"]
    assert "BAcC" in (await uk.generate("utter_faq/find_practitioner", tracker, "rest"))["text"]
    assert "NCCAOM" in (await us.generate("utter_faq/find_practitioner", tracker, "rest"))["text"]


def test_own_variation_wins_then_the_unmarked_one_and_the_mark_is_not_sent():
    gb = {"text": "NHS", "metadata": {"country": "GB"}}
    us = {"text": "Medicare", "metadata": {"country": "US", "note": "kept"}}
    other = {"text": "ask your insurer"}
    responses = {"utter_cost": [gb, us, other], "utter_greet": [{"text": "hi"}]}
    assert for_country(responses, "GB") == {"utter_cost": [{"text": "NHS"}], "utter_greet": [{"text": "hi"}]}
    assert for_country(responses, "US")["utter_cost"] == [{"text": "Medicare", "metadata": {"note": "kept"}}]
    assert for_country(responses, "AU")["utter_cost"] == [other]
    assert without_country(other) is other


async def test_country_is_kept_when_rasa_resets_the_responses(domain):
    """Rasa's Agent sets `nlg.responses = domain.responses` after loading a model."""
    nlg = ClinicResponseGenerator(domain=domain, settings=SETTINGS.for_country("GB"))
    nlg.responses = domain.responses
    tracker = DialogueStateTracker("t", domain.slots)
    for _ in range(20):  # variations are picked at random: every pick must be the GB one
        text = (await nlg.generate("utter_faq/cost_insurance", tracker, "rest"))["text"]
        assert "NHS" in text and "Medicare" not in text


async def test_a_settings_change_switches_the_country_at_the_next_answer(domain, tmp_path, monkeypatch):
    import os

    path = tmp_path / "clinic.yml"
    text = clinic_settings.DEFAULT_PATH.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(clinic_settings.SETTINGS_ENV, str(path))
    nlg = ClinicResponseGenerator(domain=domain)  # follows the file
    tracker = DialogueStateTracker("t", domain.slots)
    assert "NHS" in (await nlg.generate("utter_faq/cost_insurance", tracker, "rest"))["text"]
    path.write_text(text.replace("country: GB", "country: US", 1), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert "Medicare" in (await nlg.generate("utter_faq/cost_insurance", tracker, "rest"))["text"]
