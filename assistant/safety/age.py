"""New back pain at an age when it is less often a simple strain (lexicon/age.yml): a same-day referral.

"I'm 63 and this back pain came on from nothing last week", "my dad is 70 and has new back pain,
constant": the age is read from the words around a number, and the rule needs words that say the
pain is new or constant. Who it is about follows the age phrase ("my dad is 70": someone else).
"""

from dataclasses import dataclass
from typing import Optional, Tuple

import yaml

from assistant.names import LEVELS
from assistant.safety.lexicon import LEXICON_DIR, LexiconError
from assistant.safety.phrases import by_first_word, spans

AGE_FILE = LEXICON_DIR / "age.yml"
_FIRST_PERSON = ("i'm", "im", "i", "aged", "age")


@dataclass(frozen=True)
class AgeRule:
    id: str
    level: str
    note: str
    under: int
    over: int
    age_phrases: Tuple[str, ...]
    not_an_age_after: Tuple[str, ...]
    new_pain: Tuple[str, ...]


def load_age_rule(path=AGE_FILE) -> AgeRule:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        rule = AgeRule(
            id=str(raw["id"]),
            level=str(raw["level"]),
            note=str(raw["note"]).strip(),
            under=int(raw["under"]),
            over=int(raw["over"]),
            age_phrases=tuple(str(p).lower() for p in raw["age_phrases"]),
            not_an_age_after=tuple(str(p).lower() for p in raw["not_an_age_after"]),
            new_pain=tuple(str(p).lower() for p in raw["new_pain"]),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise LexiconError(f"{path}: cannot read or missing setting: {exc}") from exc
    if rule.level not in LEVELS:
        raise LexiconError(f"{path}: level must be one of {', '.join(LEVELS)}")
    return rule


class AgeReader:
    def __init__(self, nlp, rule: AgeRule, cue_norms) -> None:
        self.rule = rule
        self.age_phrases = by_first_word(cue_norms(nlp, rule.age_phrases))
        self.new_pain = by_first_word(cue_norms(nlp, rule.new_pain))
        self.not_an_age_after = set(rule.not_an_age_after)

    def age_at_risk(self, doc, norms) -> Optional[Tuple[int, int, bool]]:
        """(start, end, about the writer) of an age under or over the rule's limits, when the pain is new."""
        if not spans(norms, self.new_pain):
            return None
        for start, end in spans(norms, self.age_phrases):
            number = next((i for i in range(start, end) if norms[i] == "#"), None)
            if number is None or (number + 1 < len(doc) and doc[number + 1].norm_ in self.not_an_age_after):
                continue
            try:
                age = int(float(doc[number].text.rstrip("s")))
            except ValueError:
                continue
            if 0 < age < self.rule.under or self.rule.over < age < 120:
                return start, end, doc[start].norm_ in _FIRST_PERSON or norms[start] == "#"
        return None
