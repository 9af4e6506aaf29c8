"""Fixed messages from content/safety_messages.yml, filled with the clinic's details."""

from pathlib import Path
from typing import Dict, Optional

import yaml

from assistant.clinic_settings import ClinicSettings
from assistant.names import LEVELS

MESSAGES_FILE = Path(__file__).resolve().parent.parent / "content" / "safety_messages.yml"
REQUIRED = (*LEVELS, *(f"{level}_other" for level in LEVELS), "empty_message")


class MessagesError(RuntimeError):
    """The messages file is missing or incomplete."""


class _KeepUnknown(dict):
    def __missing__(self, key):  # an unknown placeholder stays visible rather than crashing a referral
        return "{" + key + "}"


def load(path: Optional[Path] = None) -> Dict[str, str]:
    path = Path(path or MESSAGES_FILE)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MessagesError(f"{path}: cannot read: {exc}") from exc
    missing = [k for k in REQUIRED if not isinstance((raw or {}).get(k), str)]
    if missing:
        raise MessagesError(f"{path}: missing messages {missing}")
    return raw


def render(template: str, settings: ClinicSettings, **values: str) -> str:
    return template.format_map(_KeepUnknown({**settings.placeholders(), **values}))
