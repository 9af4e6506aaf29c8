"""The safety of a turn read with the conversation so far.

Works on plain data that both the Rasa server (SafetyPolicy) and the action server (the
referral actions) have: each user turn's text and its `safety` parse result, and the referral
levels already given. No model is needed, so both sides reach the same answer.

- Someone spoken for: a finding about another person ("she's on warfarin") is worded for the
  relative named in this turn or, failing that, the most recent one named earlier ("your mum").
- No repeats: a same-day or caution referral is not given again when every finding of this turn
  was already found earlier and a referral at least as serious was given. An emergency always is:
  someone still describing an emergency must hear the advice again.
"""

from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence

from assistant.names import EMERGENCY, REFERRAL_SLOT, SEVERITY
from assistant.safety.findings import OTHER
from assistant.safety.wording import person_spoken_for


@dataclass(frozen=True)
class Turn:
    text: str
    safety: dict  # the NLU's `safety` result: {level, about, findings}


@dataclass(frozen=True)
class TurnSafety:
    level: Optional[str]
    about: Optional[str]
    person: Optional[str]  # "your dad" when speaking for someone, else None
    refer: bool


def _finding_ids(safety: dict) -> set:
    return {f.get("id") for f in safety.get("findings") or () if f.get("level")}


def person_for(turns: Sequence[Turn], relations: Iterable[str]) -> Optional[str]:
    """The relative named in the latest turn that names one."""
    for turn in reversed(turns):
        person = person_spoken_for(turn.text, relations)
        if person:
            return person
    return None


def turn_safety(turns: Sequence[Turn], earlier_referrals: Sequence[str], relations: Iterable[str]) -> TurnSafety:
    """turns: the conversation's user turns, oldest first, the current one last."""
    if not turns:
        return TurnSafety(None, None, None, False)
    current = turns[-1].safety or {}
    level, about = current.get("level"), current.get("about")
    if level not in SEVERITY:
        return TurnSafety(None, None, None, False)
    person = person_for(turns, relations) if about == OTHER else None
    return TurnSafety(level, about, person, _needs_referral(level, current, turns[:-1], earlier_referrals))


def _needs_referral(level: str, current: dict, earlier: Sequence[Turn], earlier_referrals: Sequence[str]) -> bool:
    if level == EMERGENCY:
        return True
    given = max((SEVERITY.get(r, 0) for r in earlier_referrals), default=0)
    if given < SEVERITY[level]:
        return True
    seen: set = set()
    for turn in earlier:
        seen |= _finding_ids(turn.safety or {})
    return not _finding_ids(current) <= seen


def user_turns_from_events(events: List[dict]) -> List[Turn]:
    """Turns from a tracker's events as dicts (the action server's view)."""
    return [
        Turn(e.get("text") or "", (e.get("parse_data") or {}).get("safety") or {})
        for e in events
        if e.get("event") == "user"
    ]


def referrals_before_last_user_turn(events: List[dict]) -> List[str]:
    """Referral levels set (slot `safety_referral`) before the latest user message, from event dicts."""
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    return [
        e.get("value")
        for e in events[:last_user]
        if e.get("event") == "slot" and e.get("name") == REFERRAL_SLOT and e.get("value")
    ]
