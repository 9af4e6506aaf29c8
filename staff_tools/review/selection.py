"""Which conversations to review: filters that can be combined (a conversation must meet all).

--since / --until keep the turns in that period (dates are UTC; --until's whole day counts);
the other filters keep whole conversations that have at least one matching turn.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import List, Optional

from staff_tools.review.conversation import Conversation


def parse_moment(value: str, end_of_day: bool = False) -> datetime:
    """'2026-11-01' or '2026-11-01T14:30' (UTC). A bare date as an end means the end of that day."""
    value = value.strip()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            moment = datetime.combine(day + timedelta(days=1) if end_of_day else day, time())
        else:
            moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a date like 2026-11-01 or 2026-11-01T14:30") from None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


@dataclass(frozen=True)
class Selection:
    conversation: Optional[str] = None  # the conversation id, or the label outputs show for it
    fallbacks: bool = False
    low_confidence: Optional[float] = None
    safety: bool = False
    since: Optional[datetime] = None
    until: Optional[datetime] = None  # exclusive

    def describe(self) -> str:
        parts = []
        if self.conversation:
            parts.append("one conversation")
        if self.fallbacks:
            parts.append("with a fallback")
        if self.low_confidence is not None:
            parts.append(f"with a turn below confidence {self.low_confidence:g}")
        if self.safety:
            parts.append("with a safety referral")
        if self.since:
            parts.append(f"from {self.since:%Y-%m-%d %H:%M} UTC")
        if self.until:
            parts.append(f"before {self.until:%Y-%m-%d %H:%M} UTC")
        return ", ".join(parts) or "all conversations"

    def _in_period(self, timestamp: Optional[float]) -> bool:
        if timestamp is None:
            return self.since is None and self.until is None
        moment = datetime.fromtimestamp(timestamp, tz=timezone.utc)
        return (self.since is None or moment >= self.since) and (self.until is None or moment < self.until)

    def _matches(self, conversation: Conversation) -> bool:
        turns = conversation.user_turns
        if self.conversation and self.conversation not in (conversation.sender_id, conversation.label):
            return False
        if self.fallbacks and not any(t.is_fallback for t in turns):
            return False
        if self.low_confidence is not None and not any(t.is_low_confidence(self.low_confidence) for t in turns):
            return False
        if self.safety and not any(t.referrals for t in conversation.turns):
            return False
        return bool(turns)

    def apply(self, conversations: List[Conversation]) -> List[Conversation]:
        chosen = []
        for conversation in conversations:
            if self.since or self.until:
                conversation = replace(
                    conversation, turns=[t for t in conversation.turns if self._in_period(t.timestamp)]
                )
            if self._matches(conversation):
                chosen.append(conversation)
        return sorted(chosen, key=lambda c: c.started or 0)
