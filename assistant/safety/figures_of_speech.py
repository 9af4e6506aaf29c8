"""Figures of speech read plainly: "it's a pain in the neck" is a nuisance, not neck pain.

The lexicon (cues.yml `figures_of_speech`) gives each figure of speech its plain meaning. The safety
check reads a message with each one replaced by its meaning before either detector sees it, so the
lexicon and the classifier do not take "crashed on the sofa" for an accident or "this is doing my head
in" for a head injury. The classifier's false emergencies on plain messages were mostly such idioms.
"""

import re
from typing import Dict, Iterable, Tuple

# a figure of speech said of the writer is said of anyone: "wet myself laughing", "wet herself laughing"
_PERSONS = (
    {"my": "my", "me": "me", "myself": "myself", "i'm": "i'm"},
    {"my": "his", "me": "him", "myself": "himself", "i'm": "he's"},
    {"my": "her", "me": "her", "myself": "herself", "i'm": "she's"},
    {"my": "their", "me": "them", "myself": "themselves", "i'm": "they're"},
    {"my": "your", "me": "you", "myself": "yourself", "i'm": "you're"},
)


def _said_of_anyone(phrase: str, meaning: str) -> Dict[str, str]:
    if not any(w in _PERSONS[0] for w in phrase.split()):
        return {phrase: meaning}
    return {
        " ".join(person.get(w, w) for w in phrase.split()): " ".join(person.get(w, w) for w in meaning.split())
        for person in _PERSONS
    }


class FiguresOfSpeech:
    def __init__(self, meanings: Iterable[Tuple[str, str]]) -> None:
        self.meanings: Dict[str, str] = {}
        for phrase, meaning in meanings:
            for said, meant in _said_of_anyone(phrase.lower(), meaning).items():
                self.meanings.setdefault(said, meant)
        # the longest first, so "crashed out on the sofa" wins over "crashed out"; any spaces between words
        alternatives = "|".join(
            re.escape(p).replace(r"\ ", r"\s+") for p in sorted(self.meanings, key=len, reverse=True)
        )
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) if self.meanings else None

    def plain(self, text: str) -> str:
        """The text with each figure of speech replaced by its plain meaning."""
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: self.meanings[" ".join(m.group(0).lower().split())], text)
