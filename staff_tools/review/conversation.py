"""Conversations rebuilt from tracker events: one turn per user message, with what followed it.

A turn's topic is what the evaluation scores: the intent, or for the FAQ retrieval intent the
ResponseSelector's sub-topic (faq/<topic>). Its confidence is the weaker of the intent's and,
for an FAQ, the sub-topic's, so a sure "faq" with an unsure topic still shows as unsure.
"""

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

from assistant.names import EMERGENCY, EMERGENCY_ACTION, LEVELS, REFERRAL_SLOT, SAFETY_ACTION
from staff_tools.review.privacy import conversation_label

FEEDBACK_SLOT = "answer_feedback"
RETRIEVAL_INTENT = "faq"
FALLBACK_INTENTS = {"nlu_fallback", "out_of_scope"}
FALLBACK_ACTIONS = {"utter_default", "utter_offer_human", "action_default_fallback"}
REFERRAL_ACTIONS = {EMERGENCY_ACTION, SAFETY_ACTION}
NOT_SHOWN_ACTIONS = {ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME}
DEFAULT_LOW_CONFIDENCE = 0.5
# the chat page marks the greeting it sends by itself when it opens (webchat/widget.js)
AUTOMATIC_KEY = "automatic"
YES = {"true", "yes", "1", "helpful"}
NO = {"false", "no", "0", "not helpful"}


@dataclass
class Step:
    """Something the assistant did in a turn, in order: an action, or a slot it set."""

    action: Optional[str] = None
    slot: Optional[str] = None
    value: Any = None


@dataclass
class Referral:
    action: str
    level: Optional[str] = None
    delivered: bool = False  # the action set `safety_referral`; otherwise the domain's fallback advice was sent


@dataclass
class Feedback:
    helpful: bool
    topic: str
    comment: str = ""
    timestamp: Optional[float] = None


@dataclass
class Turn:
    number: int  # 0: what happened before the first user message, or the chat page's automatic greeting
    timestamp: Optional[float]
    session: int
    text: Optional[str] = None
    intent: Optional[str] = None
    intent_confidence: Optional[float] = None
    topic: Optional[str] = None
    topic_confidence: Optional[float] = None
    best_guess: Optional[str] = None  # for a fallback: what the classifier would have chosen
    safety_detected: Optional[str] = None
    steps: List[Step] = field(default_factory=list)
    bot_replies: List[str] = field(default_factory=list)
    referrals: List[Referral] = field(default_factory=list)
    feedback: List[Feedback] = field(default_factory=list)
    automatic: bool = False  # sent by the chat page itself when it opens, not typed by a person

    @property
    def is_user_turn(self) -> bool:
        return self.number > 0 and not self.automatic

    @property
    def actions(self) -> List[str]:
        return [step.action for step in self.steps if step.action]

    @property
    def confidence(self) -> Optional[float]:
        values = [c for c in (self.intent_confidence, self.topic_confidence) if c is not None]
        return min(values) if values else None

    @property
    def is_fallback(self) -> bool:
        return self.intent in FALLBACK_INTENTS or any(a in FALLBACK_ACTIONS for a in self.actions)

    def is_low_confidence(self, threshold: float) -> bool:
        return self.is_user_turn and self.confidence is not None and self.confidence < threshold


@dataclass
class Conversation:
    sender_id: str
    turns: List[Turn]
    unreadable_events: int = 0

    @property
    def label(self) -> str:
        return conversation_label(self.sender_id)

    @property
    def user_turns(self) -> List[Turn]:
        return [t for t in self.turns if t.is_user_turn]

    @property
    def started(self) -> Optional[float]:
        stamps = [t.timestamp for t in self.turns if t.timestamp is not None]
        return min(stamps) if stamps else None

    @property
    def ended(self) -> Optional[float]:
        stamps = [t.timestamp for t in self.turns if t.timestamp is not None]
        stamps += [f.timestamp for t in self.turns for f in t.feedback if f.timestamp is not None]
        return max(stamps) if stamps else None


def _number(value: Any) -> Optional[float]:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _understanding(turn: Turn, parse_data: Dict[str, Any]) -> None:
    intent = parse_data.get("intent") or {}
    turn.intent = intent.get("name")
    turn.intent_confidence = _number(intent.get("confidence"))
    turn.topic = turn.intent
    if turn.intent == RETRIEVAL_INTENT:
        selected = (((parse_data.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}).get("response")) or {}
        turn.topic = selected.get("intent_response_key") or intent.get("full_retrieval_intent_name") or turn.intent
        turn.topic_confidence = _number(selected.get("confidence"))
    if turn.intent in FALLBACK_INTENTS:
        ranking = [r for r in parse_data.get("intent_ranking") or [] if r.get("name") not in FALLBACK_INTENTS]
        if ranking and _number(ranking[0].get("confidence")) is not None:
            turn.best_guess = f"{ranking[0].get('name')} ({ranking[0]['confidence']:.2f})"
    turn.safety_detected = (parse_data.get("safety") or {}).get("level")


def _feedback(value: Any, timestamp: Optional[float]) -> Optional[Feedback]:
    if not isinstance(value, dict):
        return None
    helpful = value.get("helpful")
    if isinstance(helpful, str):
        helpful = True if helpful.strip().lower() in YES else False if helpful.strip().lower() in NO else None
    if not isinstance(helpful, bool):
        return None
    topic = value.get("topic")
    comment = value.get("comment")
    return Feedback(helpful, str(topic) if topic else "unknown", str(comment) if comment else "", _number(timestamp))


def _close_referrals(turn: Turn) -> None:
    for referral in turn.referrals:
        if referral.level is None:
            referral.level = EMERGENCY if referral.action == EMERGENCY_ACTION else turn.safety_detected or "unknown"


def build(sender_id: str, events: list, unreadable_events: int = 0) -> Conversation:
    """Group a conversation's events (Rasa Event objects, in stored order) into turns."""
    session = 1
    seen_session_start = False
    carrying_over = False  # a new session repeats the earlier slots: not new events of the conversation
    turns = [Turn(number=0, timestamp=None, session=session)]
    for event in events:
        turn = turns[-1]
        if isinstance(event, (ActionExecuted, UserUttered)):
            carrying_over = False
        if isinstance(event, SessionStarted):
            if seen_session_start or len(turns) > 1:
                session += 1
            seen_session_start = carrying_over = True
        elif isinstance(event, SlotSet) and carrying_over:
            continue
        elif isinstance(event, UserUttered):
            _close_referrals(turn)
            automatic = bool((getattr(event, "metadata", None) or {}).get(AUTOMATIC_KEY))
            number = 0 if automatic else sum(t.is_user_turn for t in turns) + 1
            turn = Turn(number, _number(event.timestamp), session, text=event.text, automatic=automatic)
            _understanding(turn, event.parse_data or {})
            turns.append(turn)
        elif isinstance(event, BotUttered):
            turn.bot_replies.append(event.text or "(a message without text)")
        elif isinstance(event, ActionExecuted) and event.action_name and event.action_name not in NOT_SHOWN_ACTIONS:
            turn.steps.append(Step(action=event.action_name))
            if event.action_name in REFERRAL_ACTIONS:
                turn.referrals.append(Referral(event.action_name))
        elif isinstance(event, SlotSet) and event.key == FEEDBACK_SLOT:
            feedback = _feedback(event.value, event.timestamp)
            if feedback:
                turn.feedback.append(feedback)
        elif isinstance(event, SlotSet):
            turn.steps.append(Step(slot=event.key, value=event.value))
            pending = [r for r in turn.referrals if not r.delivered]
            if event.key == REFERRAL_SLOT and event.value and pending:
                level = str(event.value)
                pending[-1].level, pending[-1].delivered = level if level in LEVELS else "other", True
        if turn.timestamp is None and event.timestamp is not None:
            turn.timestamp = _number(event.timestamp)
    _close_referrals(turns[-1])
    opening = turns[0]
    if not (opening.bot_replies or opening.feedback or opening.referrals):  # nothing a reader needs
        turns = turns[1:]
    return Conversation(sender_id, turns, unreadable_events)
