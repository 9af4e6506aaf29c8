"""Safety referral actions.

SafetyPolicy runs one of these whenever the safety triage (assistant/safety/lexicon_detector.py)
finds something in a message, whatever its topic:
- action_emergency_referral: emergency red flags. Tells the person to call the
  emergency number or go to the emergency department now, and stops there.
- action_safety_referral: "see a doctor today" red flags, and personal
  contraindications ("ask your own doctor first"). For a contraindication it then
  answers what was asked, if it was a topic the assistant covers.
The wording is in content/safety_messages.yml and the numbers come from the
clinic settings (settings/clinic.yml), so staff change text without touching Python. On success
each action sets the slot `safety_referral` to the level it gave, and SafetyPolicy ends the
turn; if an action fails, SafetyPolicy and the rules in data/rules.yml give the domain's
fallback advice instead.
"""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import referral_log
from assistant import clinic_settings, messages
from assistant.names import (
    CAUTION,
    EMERGENCY,
    EMERGENCY_ACTION,
    FAQ_INTENT,
    REFERRAL_SLOT,
    SAFETY_ACTION,
    SEVERITY,
    URGENT,
    is_web_chat,
    topic_of,
)
from assistant.safety import context
from assistant.safety.findings import OTHER
from assistant.safety.lexicon import relation_words

# Loaded when the action server starts: a broken settings or messages file stops it with a clear error.
clinic_settings.current()  # a broken settings file stops the action server at start
MESSAGES = messages.load()

SOMEONE = "the person you're asking about"
# Topics that have a plain answer `utter_<intent>` besides the FAQ retrieval intent.
PLAIN_ANSWER_INTENTS = {"greet", "goodbye", "thank", "bot_challenge", "contact_clinic"}
GENERIC_REASON = {
    EMERGENCY: "What you describe can be a sign of a serious problem.",
    URGENT: "What you describe needs a doctor's check today.",
    CAUTION: "Some health conditions and medicines need care with acupuncture.",
}


def safety_of(tracker: Tracker) -> Dict[Text, Any]:
    return (tracker.latest_message or {}).get("safety") or {}


def findings_at(safety: Dict[Text, Any], level: Text) -> List[Dict[Text, Any]]:
    return [f for f in safety.get("findings", []) if f.get("level") == level]


def most_serious_level(safety: Dict[Text, Any], default: Text) -> Text:
    levels = [f.get("level") for f in safety.get("findings", []) if f.get("level") in SEVERITY]
    return max(levels, key=SEVERITY.get) if levels else default


def answer_for_topic(tracker: Tracker) -> Optional[Text]:
    """The response that answers what was asked, as the rules would have chosen it."""
    topic = topic_of(tracker.latest_message or {})
    if topic.startswith(f"{FAQ_INTENT}/") or topic in PLAIN_ANSWER_INTENTS:
        return f"utter_{topic}"
    return None


def say(dispatcher: CollectingDispatcher, kind: Text, settings=None, **values: Text) -> None:
    dispatcher.utter_message(text=messages.render(MESSAGES[kind], settings or clinic_settings.current(), **values))


def turn_safety(tracker: Tracker) -> context.TurnSafety:
    """This turn's safety read with the conversation so far (the same reading SafetyPolicy made)."""
    events = list(tracker.events or [])
    turns = context.user_turns_from_events(events)
    if not turns and tracker.latest_message:
        turns = [context.Turn(tracker.latest_message.get("text") or "", safety_of(tracker))]
    return context.turn_safety(turns, context.referrals_before_last_user_turn(events), relation_words())


def say_for(dispatcher: CollectingDispatcher, tracker: Tracker, kind: Text, **values: Text) -> None:
    """The referral worded for the writer, or for the person they speak for ("your dad")."""
    turn = turn_safety(tracker)
    if turn.about == OTHER:
        person = turn.person or SOMEONE
        say(dispatcher, f"{kind}_other", person=person, Person=person[:1].upper() + person[1:], **values)
    else:
        say(dispatcher, kind, **values)


def detectors_of(findings: List[Dict[Text, Any]]) -> List[Text]:
    return sorted({f.get("detector") or "lexicon" for f in findings})


def delivered(level: Text) -> List[EventType]:
    return [SlotSet(REFERRAL_SLOT, level)]


def mark_for_web_chat(dispatcher: CollectingDispatcher, tracker: Tracker, level: Text) -> None:
    """The chat page (webchat/) asks for this marker in the message metadata, to make a referral stand out.

    Other channels don't get it: most would show it as text.
    """
    if is_web_chat((tracker.latest_message or {}).get("metadata")):
        dispatcher.utter_message(json_message={"safety_level": level})


class ActionEmergencyReferral(Action):
    def name(self) -> Text:
        return EMERGENCY_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        safety = safety_of(tracker)
        findings = findings_at(safety, EMERGENCY)
        reason = findings[0]["note"] if findings else GENERIC_REASON[EMERGENCY]
        say_for(dispatcher, tracker, EMERGENCY, reason=reason)
        mark_for_web_chat(dispatcher, tracker, EMERGENCY)
        referral_log.record(EMERGENCY, tracker.sender_id, (f["id"] for f in findings), detectors_of(findings))
        return delivered(EMERGENCY)


class ActionSafetyReferral(Action):
    def name(self) -> Text:
        return SAFETY_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        safety = safety_of(tracker)
        level = most_serious_level(safety, default=CAUTION)
        if level == EMERGENCY:  # only reached if called directly; never play an emergency down
            level = URGENT
        findings = findings_at(safety, level)
        if level == URGENT:
            reason = findings[0]["note"] if findings else GENERIC_REASON[URGENT]
            say_for(dispatcher, tracker, URGENT, reason=reason)
        else:
            # the lexicon's words as the person wrote them; a classifier finding's text is a whole sentence
            mentioned = list(dict.fromkeys(f["text"] for f in findings if f.get("detector", "lexicon") == "lexicon"))[
                :3
            ]
            reasons = list(dict.fromkeys(f["note"] for f in findings))[:2]
            say_for(
                dispatcher,
                tracker,
                CAUTION,
                caution=", ".join(mentioned) or "a health condition",
                reason=" ".join(reasons) or GENERIC_REASON[CAUTION],
            )
            answer = answer_for_topic(tracker)
            if answer:
                dispatcher.utter_message(response=answer)
        mark_for_web_chat(dispatcher, tracker, level)
        referral_log.record(level, tracker.sender_id, (f["id"] for f in findings), detectors_of(findings))
        return delivered(level)
