"""Messages carrying distinctive personal details, and the check that none of them reached a log."""

import json
from pathlib import Path
from typing import Iterable, List, Tuple

NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine.quillfeather@example.org"
PHONE = "+44 7700 900461"
PHONE_DIGITS = "07700900461"
SECRETS = [NAME, "Quillfeather", EMAIL, "zephyrine.quillfeather", PHONE, "7700 900461", PHONE_DIGITS, "900461"]

# (kind, text): ordinary questions, and every safety level, so the referral actions run
MESSAGES = [
    ("question", f"Hello, I'm {NAME} ({EMAIL}), does acupuncture hurt?"),
    ("emergency", f"since my fall I can't control my bladder and my legs are numb, call me on {PHONE}"),
    ("urgent", f"I have a fever and a history of cancer, write to {EMAIL}"),
    ("caution", f"I take warfarin, my number is {PHONE_DIGITS}, is acupuncture safe? {NAME}"),
    ("long", (f"my back hurts {NAME} {EMAIL} " * 3000)),
]


def bad_bodies(sender: str) -> List[Tuple[str, bytes]]:
    """Malformed requests that carry the same details (they must be refused without logging them)."""
    text = f"{NAME} {EMAIL} {PHONE}"
    return [
        ("malformed JSON", ('{"sender": "%s", "message": "%s"' % (sender, text)).encode()),
        ("invalid UTF-8", ('{"sender": "%s", "message": "%s' % (sender, text)).encode() + b'\xff"}'),
        ("message not a string", json.dumps({"sender": sender, "message": [text]}).encode()),
        ("metadata not an object", json.dumps({"sender": sender, "message": text, "metadata": text}).encode()),
        ("not an object", json.dumps([text]).encode()),
        ("sender is the text", json.dumps({"sender": text * 20, "message": "hi"}).encode()),
    ]


def leaks(paths: Iterable[Path], secrets: Iterable[str] = SECRETS) -> List[str]:
    """Each (file, secret) where a secret appears, case-insensitively."""
    found = []
    for path in paths:
        content = path.read_text(encoding="utf-8", errors="replace").lower() if path.exists() else ""
        found += [f"{path.name}: {secret!r}" for secret in secrets if secret.lower() in content]
    return found
