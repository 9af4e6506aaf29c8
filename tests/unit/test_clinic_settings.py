import pytest
import yaml

from assistant import clinic_settings
from assistant.clinic_settings import ClinicSettingsError


def write(tmp_path, data):
    path = tmp_path / "clinic.yml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return path


def valid():
    return yaml.safe_load(clinic_settings.DEFAULT_PATH.read_text())


def test_repository_settings_load():
    settings = clinic_settings.load()
    assert settings.clinic_name
    assert settings.country.code == valid()["country"]
    assert settings.placeholders()["emergency_number"] == settings.country.emergency_number


def test_placeholders_cover_every_answer_placeholder(domain):
    import re

    texts = " ".join(variant["text"] for variants in domain.responses.values() for variant in variants)
    used = set(re.findall(r"\{(\w+)\}", texts))
    assert used <= set(clinic_settings.load().placeholders())


@pytest.mark.parametrize(
    "code,emergency,urgent",
    [("GB", "999", "111"), ("US", "911", "urgent care"), ("IE", "112", "GP"), ("AU", "000", "healthdirect")],
)
def test_numbers_per_country(code, emergency, urgent):
    values = clinic_settings.load().for_country(code).placeholders()
    assert emergency in values["emergency_number"]
    assert urgent in values["urgent_number"] + values["urgent_service"]


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ClinicSettingsError, match="not found"):
        clinic_settings.load(tmp_path / "nope.yml")


def test_malformed_yaml_is_a_clear_error(tmp_path):
    with pytest.raises(ClinicSettingsError, match="not valid YAML"):
        clinic_settings.load(write(tmp_path, "clinic_name: [unclosed\n"))


def test_not_a_mapping(tmp_path):
    with pytest.raises(ClinicSettingsError, match="mapping"):
        clinic_settings.load(write(tmp_path, "- just\n- a list\n"))


@pytest.mark.parametrize("field", ["clinic_name", "phone", "email", "booking_url", "opening_hours", "country"])
def test_missing_field_is_named(tmp_path, field):
    data = valid()
    del data[field]
    with pytest.raises(ClinicSettingsError, match=f"'{field}' is missing"):
        clinic_settings.load(write(tmp_path, data))


def test_bad_email_and_url(tmp_path):
    data = valid()
    data["email"] = "not-an-email"
    with pytest.raises(ClinicSettingsError, match="email"):
        clinic_settings.load(write(tmp_path, data))
    data = valid()
    data["booking_url"] = "www.example.com"
    with pytest.raises(ClinicSettingsError, match="booking_url"):
        clinic_settings.load(write(tmp_path, data))


def test_country_must_be_listed(tmp_path):
    data = valid()
    data["country"] = "FR"
    with pytest.raises(ClinicSettingsError, match="country 'FR' has no entry"):
        clinic_settings.load(write(tmp_path, data))


def test_country_entry_needs_emergency_number(tmp_path):
    data = valid()
    del data["countries"][data["country"]]["emergency_number"]
    with pytest.raises(ClinicSettingsError, match="emergency_number"):
        clinic_settings.load(write(tmp_path, data))


def test_environment_variable_selects_file(tmp_path, monkeypatch):
    data = valid()
    data["clinic_name"] = "Test Clinic"
    monkeypatch.setenv(clinic_settings.SETTINGS_ENV, str(write(tmp_path, data)))
    assert clinic_settings.load().clinic_name == "Test Clinic"
