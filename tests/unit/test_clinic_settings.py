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


@pytest.mark.parametrize(
    "text,why", [("clinic_name: [unclosed\n", "not valid YAML"), ("- just\n- a list\n", "mapping")]
)
def test_a_file_that_is_not_a_settings_mapping_is_a_clear_error(tmp_path, text, why):
    with pytest.raises(ClinicSettingsError, match=why):
        clinic_settings.load(write(tmp_path, text))


def changed(change):
    data = valid()
    change(data)
    return data


@pytest.mark.parametrize(
    "change,why",
    [
        *(
            pytest.param(lambda d, f=field: d.pop(f), f"'{field}' is missing", id=f"no {field}")
            for field in ["clinic_name", "phone", "email", "booking_url", "opening_hours", "country"]
        ),
        pytest.param(lambda d: d.update(email="not-an-email"), "email", id="bad email"),
        pytest.param(lambda d: d.update(booking_url="www.example.com"), "booking_url", id="bad url"),
        pytest.param(lambda d: d.update(country="FR"), "country 'FR' has no entry", id="country not listed"),
        pytest.param(
            lambda d: d["countries"][d["country"]].pop("emergency_number"),
            "emergency_number",
            id="country without emergency number",
        ),
    ],
)
def test_a_wrong_setting_is_named(tmp_path, change, why):
    with pytest.raises(ClinicSettingsError, match=why):
        clinic_settings.load(write(tmp_path, changed(change)))


def test_environment_variable_selects_file(tmp_path, monkeypatch):
    data = changed(lambda d: d.update(clinic_name="Test Clinic"))
    monkeypatch.setenv(clinic_settings.SETTINGS_ENV, str(write(tmp_path, data)))
    assert clinic_settings.load().clinic_name == "Test Clinic"


def test_current_settings_follow_the_file_and_survive_a_broken_edit(tmp_path, monkeypatch, caplog):
    import os

    path = tmp_path / "clinic.yml"
    text = (clinic_settings.DEFAULT_PATH).read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(clinic_settings.SETTINGS_ENV, str(path))
    first = clinic_settings.current()
    assert clinic_settings.current() is first  # unchanged file: not read again

    path.write_text(text.replace(first.clinic_name, "Harbour Acupuncture"), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a new modification time, whatever the clock's resolution
    assert clinic_settings.current().clinic_name == "Harbour Acupuncture"

    path.write_text("clinic_name: [broken", encoding="utf-8")
    os.utime(path, ns=(2, 2))
    assert clinic_settings.current().clinic_name == "Harbour Acupuncture"
    assert "Still using the clinic settings read before" in caplog.text
