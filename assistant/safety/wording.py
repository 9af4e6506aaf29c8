"""Whom a finding is about, in words: the writer, or the person they speak for ("your dad")."""

import re
from typing import Iterable, Optional

# possessive + relation as people write it; the noun is kept as written ("my mum" -> "your mum")
_RELATION = re.compile(
    r"\b(?:my|our)\s+((?:little\s+|older\s+|younger\s+|elderly\s+|teenage\s+|\d+\s*(?:yo|year\s*old)\s+)?([a-z\-]+))",
    re.I,
)
_THIRD_PERSON = re.compile(r"\b(he|she|him|her|his|hers|they|them|their|he's|she's|they're)\b", re.I)
_FIRST_PERSON = re.compile(r"\b(i|i'm|im|i've|ive|i'd|me|my|myself)\b", re.I)


def person_spoken_for(text: str, relations: Iterable[str]) -> Optional[str]:
    """'your dad' when the text is about the writer's dad, by the first relation word after my/our."""
    relations = {r.lower() for r in relations}
    for match in _RELATION.finditer(text):
        if match.group(2).lower() in relations:
            return "your " + match.group(2).lower()
    return None


def about_someone_else(text: str, relations: Iterable[str]) -> bool:
    """A relation is named and the text speaks of them (he/she/they) rather than of the writer too."""
    relations = {r.lower() for r in relations}
    named = [m for m in _RELATION.finditer(text) if m.group(2).lower() in relations]
    if not named:
        return False
    rest = text
    for match in reversed(named):
        rest = rest[: match.start()] + rest[match.end() :]
    return bool(_THIRD_PERSON.search(text)) or not _FIRST_PERSON.search(rest)
