"""Read the safety lexicon (lexicon/*.yml) into terms, combinations and cues.

The lexicon is data that clinicians extend: a new phrase or term needs no code
change. This module only reads and checks it; `lexicon_detector.py` applies it.
"""

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from assistant.names import LEVELS

LEXICON_DIR = Path(__file__).resolve().parents[2] / "lexicon"
# he/she/they words: they point at someone, but are not a relation one can name ("your dad")
THIRD_PERSON = frozenset({"he", "she", "him", "her", "his", "they", "them", "their", "he's", "she's", "they're"})
TERM_FILES = ("symptoms.yml", "conditions.yml", "medicines.yml", "body_parts.yml", "events.yml")


class LexiconError(ValueError):
    """A lexicon file is malformed."""


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    level: Optional[str]
    note: str
    phrases: Tuple[str, ...]


@dataclass(frozen=True)
class Combination:
    id: str
    level: str
    note: str
    all_of: Tuple[str, ...]
    within: int
    # another body part may stand between the parts ("sciatica in my left leg, now the right one too")
    across_body_parts: bool = False


@dataclass(frozen=True)
class Cues:
    negation_words: Tuple[str, ...]
    negation_window: int
    negation_after: Tuple[str, ...]
    negation_after_window: int
    clause_breaks: Tuple[str, ...]
    other_people_words: Tuple[str, ...]
    other_people_window: int
    generic_people_words: Tuple[str, ...]
    info_question: Tuple[str, ...]
    first_person: Tuple[str, ...]
    resolved_past: Tuple[str, ...]
    cannot_forms: Tuple[str, ...] = ()
    negation_inability: Tuple[str, ...] = ()
    figures_of_speech: Tuple[Tuple[str, str], ...] = ()
    hypothetical_you: Tuple[str, ...] = ()
    other_people_over: Tuple[str, ...] = ()
    # name -> phrases (cues.yml benign_patterns)
    benign_patterns: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Lexicon:
    terms: Dict[str, Term]
    combinations: Tuple[Combination, ...]
    cues: Cues

    def entity_ruler_patterns(self) -> List[dict]:
        """Phrase patterns for spaCy's EntityRuler; the term id becomes the entity's ent_id."""
        return [
            {"label": term.label, "pattern": phrase, "id": term.id}
            for term in self.terms.values()
            for phrase in term.phrases
        ]


def _read(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read: {exc}") from exc


def _load_terms(path: Path) -> List[Term]:
    raw = _read(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("label"), str) or not isinstance(raw.get("terms"), dict):
        raise LexiconError(f"{path}: needs 'label: NAME' and a 'terms:' mapping")
    terms = []
    for term_id, spec in raw["terms"].items():
        where = f"{path}: term '{term_id}'"
        if not isinstance(spec, dict) or not spec.get("phrases") or not spec.get("note"):
            raise LexiconError(f"{where} needs a 'note' and a non-empty 'phrases' list")
        level = spec.get("level")
        if level is not None and level not in LEVELS:
            raise LexiconError(f"{where}: level must be one of {', '.join(LEVELS)} (or left out)")
        phrases = tuple(dict.fromkeys(str(p).strip().lower() for p in spec["phrases"] if str(p).strip()))
        terms.append(Term(str(term_id), raw["label"], level, str(spec["note"]).strip(), phrases))
    return terms


def _load_combinations(path: Path, terms: Dict[str, Term]) -> Tuple[Combination, ...]:
    combos = []
    for spec in _read(path) or []:
        where = f"{path}: combination '{spec.get('id')}'"
        if spec.get("level") not in LEVELS or not spec.get("all_of") or not spec.get("note"):
            raise LexiconError(f"{where} needs id, level ({', '.join(LEVELS)}), note and all_of")
        unknown = [t for t in spec["all_of"] if t not in terms]
        if unknown:
            raise LexiconError(f"{where}: unknown term ids {unknown}")
        combos.append(
            Combination(
                spec["id"],
                spec["level"],
                spec["note"].strip(),
                tuple(spec["all_of"]),
                int(spec.get("within", 8)),
                bool(spec.get("across_body_parts", False)),
            )
        )
    return tuple(combos)


def _lower_all(items) -> Tuple[str, ...]:
    return tuple(str(i).lower() for i in items or ())


def _load_cues(path: Path) -> Cues:
    raw = _read(path)
    try:
        return Cues(
            negation_words=_lower_all(raw["negation"]["words"]),
            negation_window=int(raw["negation"]["window"]),
            negation_after=_lower_all(raw["negation"].get("after") or ()),
            negation_after_window=int(raw["negation"].get("after_window", 4)),
            clause_breaks=_lower_all(raw["clause_breaks"]),
            other_people_words=_lower_all(raw["other_people"]["words"]),
            other_people_window=int(raw["other_people"]["window"]),
            generic_people_words=_lower_all(raw["other_people"].get("generic") or ()),
            hypothetical_you=_lower_all(raw["other_people"].get("hypothetical_you")),
            other_people_over=_lower_all(raw["other_people"].get("over")),
            info_question=_lower_all(raw["info_question"]["phrases"]),
            first_person=_lower_all(raw["first_person"]["phrases"]),
            resolved_past=_lower_all(raw["resolved_past"]["phrases"]),
            cannot_forms=_lower_all(raw.get("cannot_forms")),
            negation_inability=_lower_all(raw["negation"].get("inability")),
            benign_patterns=tuple(
                (str(name), _lower_all(phrases)) for name, phrases in (raw.get("benign_patterns") or {}).items()
            ),
            figures_of_speech=tuple((str(k).lower(), str(v)) for k, v in (raw.get("figures_of_speech") or {}).items()),
        )
    except (KeyError, TypeError) as exc:
        raise LexiconError(f"{path}: missing section {exc}") from exc


_CANNOT = ("can't ", "cannot ", "can not ")


def said_other_ways(phrases: Tuple[str, ...], cannot_forms: Tuple[str, ...]) -> Tuple[str, ...]:
    """The phrases, and each one that starts with "can't" also with every other way of saying it
    (cues.yml `cannot_forms`): "can't hold it in" is also "haven't been able to hold it in"."""
    said = []
    for phrase in phrases:
        said.append(phrase)
        start = next((s for s in _CANNOT if phrase.startswith(s)), None)
        if start:
            said.extend(f"{form} {phrase[len(start) :]}" for form in cannot_forms)
    return tuple(dict.fromkeys(said))


def load(directory: Path = LEXICON_DIR) -> Lexicon:
    cues = _load_cues(directory / "cues.yml")
    terms: Dict[str, Term] = {}
    for name in TERM_FILES:
        for term in _load_terms(directory / name):
            if term.id in terms:
                raise LexiconError(f"{directory / name}: term id '{term.id}' is defined twice")
            terms[term.id] = replace(term, phrases=said_other_ways(term.phrases, cues.cannot_forms))
    combos = _load_combinations(directory / "combinations.yml", terms)
    return Lexicon(terms, combos, cues)


@lru_cache(maxsize=None)
def relation_words(directory: Path = LEXICON_DIR) -> frozenset:
    """Words for someone the writer speaks for (mum, husband, client), without pronouns or people in general."""
    cues = _load_cues(directory / "cues.yml")
    return frozenset(set(cues.other_people_words) - set(cues.generic_people_words) - THIRD_PERSON)
