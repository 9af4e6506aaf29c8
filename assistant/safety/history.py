"""History rules (lexicon/history.yml): when a red flag is past or long-standing rather than happening now."""

import re
from dataclasses import dataclass
from typing import Tuple

import yaml

from assistant.names import LEVELS
from assistant.safety.lexicon import LEXICON_DIR, LexiconError

HISTORY_FILE = LEXICON_DIR / "history.yml"
# a year on its own ("a heart attack in 2019") puts what is in its clause in the past
YEAR = re.compile(r"^(?:(?:19|20)\d\d|(?:19|20)?\d0'?s)$")  # 2019, the 1980s, the 80s


@dataclass(frozen=True)
class History:
    """The parsed history file."""

    past_clause_cues: Tuple[str, ...]
    past_before: Tuple[str, ...]
    happening_again: Tuple[str, ...]
    long_standing_findings: Tuple[str, ...]
    explained_by: Tuple[str, ...]
    long_standing_phrases: Tuple[str, ...]
    long_standing_id: str
    long_standing_level: str
    long_standing_note: str
    new_or_worse: Tuple[str, ...]
    passed: Tuple[str, ...] = ()
    passed_unless: Tuple[str, ...] = ()
    passed_long_ago: Tuple[str, ...] = ()


def load_history(path=HISTORY_FILE) -> History:
    def words(items):
        return tuple(str(i).lower() for i in items or ())

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        past, lasting = raw["past"], raw["long_standing"]
        history = History(
            past_clause_cues=words(past["clause_cues"]),
            past_before=words(past["before"]),
            happening_again=words(past["again"]),
            long_standing_findings=words(lasting["findings"]),
            explained_by=words(lasting["explained_by"]),
            long_standing_phrases=words(lasting["phrases"]),
            long_standing_id=str(lasting["id"]),
            long_standing_level=str(lasting["level"]),
            long_standing_note=str(lasting["note"]).strip(),
            new_or_worse=words(lasting["new_or_worse"]),
            passed=words((raw.get("passed") or {}).get("phrases")),
            passed_unless=words((raw.get("passed") or {}).get("unless")),
            passed_long_ago=words((raw.get("passed") or {}).get("long_ago")),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise LexiconError(f"{path}: cannot read or missing section: {exc}") from exc
    if history.long_standing_level not in LEVELS:
        raise LexiconError(f"{path}: long_standing level must be one of {', '.join(LEVELS)}")
    return history
