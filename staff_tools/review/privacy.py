"""Mask e-mail addresses and phone numbers in any text a review output shows.

The clinic's own public contact details (settings/clinic.yml) stay readable in the
assistant's answers; everything else that looks like an address or a number of eight
or more digits is replaced.
"""

import hashlib
import re
from dataclasses import dataclass, field
from typing import FrozenSet, Optional

EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# A digit, then at least seven more, each after at most two separators: "+44 (0)20 7946 0000",
# "07700-900123", "(555) 123 4567". Short numbers (999, 111, 2018, 20,800) stay.
PHONE = re.compile(r"(?<!\w)\+?\(?\d(?:[ \t().\-/]{0,2}\d){7,}(?!\w)")
# A conversation id used as is in file names and outputs only when it is plain and shows nothing personal.
PLAIN_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@dataclass(frozen=True)
class Masker:
    """Masks personal contact details; `public_*` are the clinic's own, left as they are."""

    public_emails: FrozenSet[str] = field(default_factory=frozenset)
    public_phones: FrozenSet[str] = field(default_factory=frozenset)

    def __call__(self, text: Optional[str]) -> str:
        if not text:
            return ""
        text = EMAIL.sub(self._email, str(text))
        return PHONE.sub(self._phone, text)

    def _email(self, match: "re.Match") -> str:
        return match.group(0) if match.group(0).lower() in self.public_emails else EMAIL_MASK

    def _phone(self, match: "re.Match") -> str:
        return match.group(0) if digits(match.group(0)) in self.public_phones else PHONE_MASK


def clinic_masker() -> Masker:
    """A masker that keeps the clinic's contact details and public health numbers readable."""
    from assistant import clinic_settings

    try:
        settings = clinic_settings.load()
    except clinic_settings.ClinicSettingsError:
        return Masker()  # no settings: mask every number, which is the safe side
    phones = {settings.phone}
    for country in settings.countries.values():
        phones.update({country.emergency_number, country.urgent_number, country.urgent_service})
    public_phones = {digits(m.group(0)) for text in phones for m in PHONE.finditer(text)}
    return Masker(frozenset({settings.email.lower()}), frozenset(public_phones))


def conversation_label(sender_id: str) -> str:
    """The conversation id as outputs show it: as is when plain, else a stable pseudonym.

    Some channels use a phone number or an e-mail address as the conversation id.
    """
    if PLAIN_ID.match(sender_id) and not EMAIL.search(sender_id) and not PHONE.search(sender_id):
        return sender_id
    return "conv-" + hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:12]
