"""Readable Markdown: one transcript per conversation, and the summary page.

Every piece of text from a conversation goes through `mask` (e-mail addresses, phone numbers)
and is HTML-escaped, so nothing a person typed can run as markup in a Markdown viewer.
"""

import html
from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Optional

from staff_tools.review.conversation import Conversation, Turn

Mask = Callable[[str], str]


def when(timestamp: Optional[float], fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    if timestamp is None:
        return "(no time)"
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime(fmt)


def safe(text: str, mask: Mask) -> str:
    return html.escape(mask(text), quote=False)


def quote(text: str, mask: Mask) -> str:
    lines = safe(text, mask).splitlines() or [""]
    return "\n".join(f"> {line}".rstrip() for line in lines)


def confidence(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def flags(turn: Turn, low_confidence: float) -> List[str]:
    marks = []
    if turn.is_fallback:
        marks.append("FALLBACK")
    if turn.is_low_confidence(low_confidence):
        marks.append("LOW CONFIDENCE")
    marks += [f"SAFETY: {r.level}" for r in turn.referrals]
    marks += ["NOT HELPFUL" for f in turn.feedback if not f.helpful]
    return marks


def _understood(turn: Turn, mask: Mask) -> str:
    line = f"- Understood as: `{safe(turn.topic or '(nothing)', mask)}`, confidence {confidence(turn.confidence)}"
    if turn.topic_confidence is not None:
        line += (
            f" (intent {turn.intent} {confidence(turn.intent_confidence)}, topic {confidence(turn.topic_confidence)})"
        )
    if turn.best_guess:
        line += f"; best guess {safe(turn.best_guess, mask)}"
    return line


def _turn(turn: Turn, mask: Mask, low_confidence: float) -> List[str]:
    marks = flags(turn, low_confidence)
    if turn.is_user_turn:
        title = f"Turn {turn.number}"
    else:
        title = (
            "Chat page opened (its automatic greeting, not counted)" if turn.automatic else "Before the first message"
        )
    out = [f"### {when(turn.timestamp, '%H:%M:%S')} · {title}" + (f" · {' · '.join(marks)}" if marks else ""), ""]
    if turn.is_user_turn:
        out += ["**Person:**", "", quote(turn.text or "(empty message)", mask), "", _understood(turn, mask)]
        if turn.safety_detected:
            out.append(f"- Safety check found: {turn.safety_detected}")
    if turn.actions:
        out.append("- Actions: " + ", ".join(f"`{a}`" for a in turn.actions))
    for referral in turn.referrals:
        outcome = "given" if referral.delivered else "action failed, fallback advice sent"
        out.append(f"- Safety referral: {referral.level} ({referral.action}: {outcome})")
    for reply in turn.bot_replies:
        out += ["", "**Assistant:**", "", quote(reply, mask)]
    for item in turn.feedback:
        verdict = "helpful" if item.helpful else "not helpful"
        comment = f': "{safe(item.comment, mask)}"' if item.comment else ""
        out += ["", f"- Feedback: **{verdict}** (topic `{safe(item.topic, mask)}`){comment}"]
    return out + [""]


def transcript(conversation: Conversation, mask: Mask, low_confidence: float) -> str:
    turns = conversation.user_turns
    out = [
        f"# Conversation {conversation.label}",
        "",
        f"- From {when(conversation.started, '%Y-%m-%d %H:%M')} to {when(conversation.ended, '%Y-%m-%d %H:%M')} (UTC)",
        f"- {len(turns)} turns; fallbacks: {sum(t.is_fallback for t in turns)}; "
        f"below confidence {low_confidence:g}: {sum(t.is_low_confidence(low_confidence) for t in turns)}; "
        f"safety referrals: {sum(len(t.referrals) for t in conversation.turns)}; "
        f"feedback: {sum(len(t.feedback) for t in conversation.turns)}",
        f"- Make it a test story: `make story-from-conversation ID={conversation.label}`",
        "",
    ]
    session = None
    for turn in conversation.turns:
        if turn.session != session:
            session = turn.session
            out += [f"## Session {session} · {when(turn.timestamp, '%Y-%m-%d')}", ""]
        out += _turn(turn, mask, low_confidence)
    return "\n".join(out)


def _table(header: List[str], rows: List[List[Any]]) -> List[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines + [""]


def summary_page(summary: Dict[str, Any], conversations: List[Conversation], selection: str, mask: Mask) -> str:
    low = summary["low_confidence"]
    referrals = summary["safety_referrals"]
    feedback = summary["feedback"]
    out = [
        "# Conversation review",
        "",
        f"Selection: {selection}. Times are UTC. E-mail addresses and phone numbers are masked.",
        "",
        *_table(
            ["what", "count"],
            [
                ["conversations", summary["conversations"]],
                ["turns (messages from people)", summary["turns"]],
                ["fallbacks (not understood, out of scope, offered a person)", summary["fallbacks"]],
                [f"low-confidence turns (below {low['threshold']:g})", low["turns"]],
                ["safety referrals", referrals["total"]],
                *[[f"  {level}", n] for level, n in referrals["by_level"].items()],
                ["  referral action failed (fallback advice sent)", referrals["not_delivered"]],
                ["feedback: helpful", feedback["helpful"]],
                ["feedback: not helpful", feedback["not_helpful"]],
            ],
        ),
    ]
    if summary["first_message"]:
        out += [f"From {summary['first_message']} to {summary['last_message']}.", ""]
    if feedback["by_topic"]:
        out += ["## Feedback per topic", ""]
        out += _table(
            ["topic", "helpful", "not helpful"],
            [[f"`{html.escape(t)}`", c["helpful"], c["not_helpful"]] for t, c in feedback["by_topic"].items()],
        )
    if summary["topics"]:
        out += ["## Topics asked", ""]
        out += _table(["topic", "turns"], [[f"`{html.escape(t)}`", n] for t, n in summary["topics"].items()])
    if conversations:
        out += ["## Conversations", ""]
        out += _table(
            ["conversation", "started", "turns", "fallbacks", "safety", "feedback"],
            [
                [
                    f"[{c.label}](conversations/{c.label}.md)",
                    when(c.started, "%Y-%m-%d %H:%M"),
                    len(c.user_turns),
                    sum(t.is_fallback for t in c.user_turns),
                    ", ".join(r.level for t in c.turns for r in t.referrals) or "-",
                    ", ".join("helpful" if f.helpful else "not helpful" for t in c.turns for f in t.feedback) or "-",
                ]
                for c in conversations
            ],
        )
    if summary["unreadable_events"]:
        out += [f"{summary['unreadable_events']} stored events could not be read and were left out.", ""]
    return "\n".join(out)
