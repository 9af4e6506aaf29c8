"""Counts over the selected conversations: what the summary page and summary.json show."""

from collections import Counter, defaultdict
from datetime import datetime, timezone
from typing import Any, Callable, Dict, List

from staff_tools.review.conversation import LEVELS, Conversation


def _when(timestamp) -> str:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if timestamp else ""


def summarise(conversations: List[Conversation], low_confidence: float, mask: Callable[[str], str]) -> Dict[str, Any]:
    turns = [t for c in conversations for t in c.user_turns]
    referrals = [r for c in conversations for t in c.turns for r in t.referrals]
    feedback = [f for c in conversations for t in c.turns for f in t.feedback]
    by_level = Counter(r.level for r in referrals)
    by_topic: Dict[str, Dict[str, int]] = defaultdict(lambda: {"helpful": 0, "not_helpful": 0})
    for item in feedback:
        by_topic[mask(item.topic)]["helpful" if item.helpful else "not_helpful"] += 1
    starts = [c.started for c in conversations if c.started]
    ends = [c.ended for c in conversations if c.ended]
    return {
        "conversations": len(conversations),
        "turns": len(turns),
        "first_message": _when(min(starts)) if starts else "",
        "last_message": _when(max(ends)) if ends else "",
        "fallbacks": sum(t.is_fallback for t in turns),
        "low_confidence": {
            "threshold": low_confidence,
            "turns": sum(t.is_low_confidence(low_confidence) for t in turns),
        },
        "safety_referrals": {
            "total": len(referrals),
            "by_level": {level: by_level.get(level, 0) for level in LEVELS}
            | {level: n for level, n in by_level.items() if level not in LEVELS},
            "not_delivered": sum(not r.delivered for r in referrals),
        },
        "feedback": {
            "helpful": sum(f.helpful for f in feedback),
            "not_helpful": sum(not f.helpful for f in feedback),
            "by_topic": dict(sorted(by_topic.items())),
        },
        "topics": dict(Counter(mask(t.topic or "(none)") for t in turns).most_common()),
        "unreadable_events": sum(c.unreadable_events for c in conversations),
    }
