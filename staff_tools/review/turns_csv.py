"""One CSV row per turn of the selected conversations, for a spreadsheet.

Text cells are masked, and a cell that starts like a formula (= + - @) gets a leading
apostrophe so a spreadsheet shows it instead of running it.
"""

import csv
from pathlib import Path
from typing import Callable, List

from staff_tools.review.conversation import Conversation
from staff_tools.review.markdown import when

COLUMNS = [
    "conversation",
    "session",
    "turn",
    "time_utc",
    "user_text",
    "topic",
    "confidence",
    "intent",
    "intent_confidence",
    "topic_confidence",
    "best_guess",
    "fallback",
    "low_confidence",
    "safety_detected",
    "safety_referral",
    "actions",
    "bot_replies",
    "feedback",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _number(value) -> str:
    return "" if value is None else f"{value:.4f}"


def write(path: Path, conversations: List[Conversation], mask: Callable[[str], str], low_confidence: float) -> int:
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for conversation in conversations:
            for turn in conversation.user_turns:
                feedback = "; ".join(
                    f"{'helpful' if f.helpful else 'not helpful'} ({f.topic}){': ' + f.comment if f.comment else ''}"
                    for f in turn.feedback
                )
                row = {
                    "conversation": conversation.label,
                    "session": turn.session,
                    "turn": turn.number,
                    "time_utc": when(turn.timestamp),
                    "user_text": mask(turn.text or ""),
                    "topic": mask(turn.topic or ""),
                    "confidence": _number(turn.confidence),
                    "intent": mask(turn.intent or ""),
                    "intent_confidence": _number(turn.intent_confidence),
                    "topic_confidence": _number(turn.topic_confidence),
                    "best_guess": mask(turn.best_guess or ""),
                    "fallback": "yes" if turn.is_fallback else "no",
                    "low_confidence": "yes" if turn.is_low_confidence(low_confidence) else "no",
                    "safety_detected": turn.safety_detected or "",
                    "safety_referral": "; ".join(
                        f"{r.level}{'' if r.delivered else ' (fallback advice)'}" for r in turn.referrals
                    ),
                    "actions": " ".join(turn.actions),
                    "bot_replies": mask("\n---\n".join(turn.bot_replies)),
                    "feedback": mask(feedback),
                }
                writer.writerow({key: cell(str(value)) for key, value in row.items()})
                rows += 1
    return rows
