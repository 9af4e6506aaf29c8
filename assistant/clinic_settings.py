"""Load and validate the clinic settings file (settings/clinic.yml).

Both the Rasa server (to fill answer placeholders) and the action server (for
safety referrals) read the clinic's details from here, so a clinic changes one
file, never an answer's text. A missing or malformed file raises
`ClinicSettingsError` with a message that says what to fix.
"""

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Tuple

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = REPO_ROOT / "settings" / "clinic.yml"
SETTINGS_ENV = "CLINIC_SETTINGS"

REQUIRED_TEXT_FIELDS = ("clinic_name", "phone", "email", "booking_url", "opening_hours", "country")
REQUIRED_COUNTRY_FIELDS = (
    "name",
    "emergency_number",
    "emergency_department",
    "urgent_number",
    "urgent_service",
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://\S+$")


class ClinicSettingsError(RuntimeError):
    """The clinic settings file is missing or malformed."""


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency_number: str
    emergency_department: str
    urgent_number: str
    urgent_service: str


@dataclass(frozen=True)
class ClinicSettings:
    clinic_name: str
    phone: str
    email: str
    booking_url: str
    opening_hours: str
    country: Country
    colours: Dict[str, str]
    allowed_origins: tuple
    countries: Dict[str, Country]

    def for_country(self, code: str) -> "ClinicSettings":
        """The same clinic as if it were in another country (used by tests and previews)."""
        if code not in self.countries:
            raise ClinicSettingsError(f"country '{code}' is not listed under 'countries'")
        return ClinicSettings(**{**self.__dict__, "country": self.countries[code]})

    def placeholders(self) -> Dict[str, str]:
        """The values that answers may use as {placeholders}."""
        return {
            "clinic_name": self.clinic_name,
            "clinic_phone": self.phone,
            "clinic_email": self.email,
            "booking_url": self.booking_url,
            "opening_hours": self.opening_hours,
            "emergency_number": self.country.emergency_number,
            "emergency_department": self.country.emergency_department,
            "urgent_number": self.country.urgent_number,
            "urgent_service": self.country.urgent_service,
        }


logger = logging.getLogger(__name__)
_last_read: Dict[Path, Tuple[Optional[int], "ClinicSettings"]] = {}


def current() -> "ClinicSettings":
    """The settings as the file is now, re-read whenever it changes: the running servers pick up a
    new name, phone or country at the next message, without a restart or retraining. A broken edit
    keeps the last good settings and logs why; the first read raises, so start-up still fails."""
    path = settings_path()
    try:
        stamp: Optional[int] = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    last = _last_read.get(path)
    if last and last[0] == stamp:
        return last[1]
    try:
        settings = load(path)
    except ClinicSettingsError as problem:
        if last is None:
            raise
        logger.error("%s. Still using the clinic settings read before; fix the file to apply the change.", problem)
        settings = last[1]
    _last_read[path] = (stamp, settings)
    return settings


def settings_path() -> Path:
    return Path(os.environ.get(SETTINGS_ENV) or DEFAULT_PATH)


def load(path: Optional[Path] = None) -> ClinicSettings:
    path = Path(path) if path else settings_path()
    where = f"clinic settings file {path}"
    if not path.is_file():
        raise ClinicSettingsError(f"{where} not found: copy settings/clinic.yml from the repository and fill it in")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ClinicSettingsError(f"{where} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ClinicSettingsError(f"{where} must be a mapping of setting names to values")

    for field in REQUIRED_TEXT_FIELDS:
        value = raw.get(field)
        if not isinstance(value, str) or not value.strip():
            raise ClinicSettingsError(f"{where}: '{field}' is missing or empty")
    if not _EMAIL.match(raw["email"]):
        raise ClinicSettingsError(f"{where}: 'email' is not an email address: {raw['email']!r}")
    if not _URL.match(raw["booking_url"]):
        raise ClinicSettingsError(f"{where}: 'booking_url' must start with http:// or https://")

    countries = _load_countries(raw.get("countries"), where)
    code = raw["country"].strip().upper()
    if code not in countries:
        raise ClinicSettingsError(
            f"{where}: country '{code}' has no entry under 'countries' (known: {', '.join(sorted(countries))})"
        )
    colours = raw.get("colours") or {}
    origins = raw.get("allowed_origins") or []
    if not isinstance(colours, dict) or not isinstance(origins, list):
        raise ClinicSettingsError(f"{where}: 'colours' must be a mapping and 'allowed_origins' a list")
    return ClinicSettings(
        clinic_name=raw["clinic_name"].strip(),
        phone=raw["phone"].strip(),
        email=raw["email"].strip(),
        booking_url=raw["booking_url"].strip(),
        opening_hours=raw["opening_hours"].strip(),
        country=countries[code],
        colours={str(k): str(v) for k, v in colours.items()},
        allowed_origins=tuple(str(o) for o in origins),
        countries=countries,
    )


def _load_countries(raw, where: str) -> Dict[str, Country]:
    if not isinstance(raw, dict) or not raw:
        raise ClinicSettingsError(f"{where}: 'countries' must list at least the clinic's own country")
    countries = {}
    for code, entry in raw.items():
        if not isinstance(entry, dict):
            raise ClinicSettingsError(f"{where}: countries.{code} must be a mapping")
        for field in REQUIRED_COUNTRY_FIELDS:
            value = entry.get(field)
            if not isinstance(value, (str, int)) or not str(value).strip():
                raise ClinicSettingsError(f"{where}: countries.{code}.{field} is missing or empty")
        code = str(code).upper()
        countries[code] = Country(code=code, **{f: str(entry[f]).strip() for f in REQUIRED_COUNTRY_FIELDS})
    return countries
