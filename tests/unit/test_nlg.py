"""Answers are filled with the clinic's details by the custom response generator."""
from types import SimpleNamespace

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from assistant import clinic_settings
from assistant.nlg import ClinicResponseGenerator


@pytest.fixture(scope="module")
def domain(root):
    return Domain.load(str(root / "domain.yml"))


@pytest.mark.parametrize("country,number", [("GB", "999"), ("US", "911"), ("AU", "000"), ("IE", "112 or 999")])
async def test_emergency_fallback_uses_the_country_number(domain, country, number):
    settings = clinic_settings.load().for_country(country)
    nlg = ClinicResponseGenerator(domain=domain, settings=settings)
    tracker = DialogueStateTracker("t", domain.slots)
    reply = await nlg.generate("utter_emergency_fallback", tracker, "rest")
    assert f"Call {number} now" in reply["text"]


async def test_every_answer_is_fully_filled(domain):
    settings = clinic_settings.load()
    nlg = ClinicResponseGenerator(domain=domain, settings=settings)
    tracker = DialogueStateTracker("t", domain.slots)
    for name in domain.responses:
        reply = await nlg.generate(name, tracker, "rest")
        assert "{" not in reply["text"], name
    contact = (await nlg.generate("utter_contact_clinic", tracker, "rest"))["text"]
    assert settings.phone in contact and settings.email in contact and settings.booking_url in contact


def test_broken_settings_stop_the_generator(domain, tmp_path, monkeypatch):
    monkeypatch.setenv(clinic_settings.SETTINGS_ENV, str(tmp_path / "missing.yml"))
    with pytest.raises(clinic_settings.ClinicSettingsError):
        ClinicResponseGenerator(domain=domain)
