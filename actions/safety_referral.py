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

# Loaded when the action server starts: a broken settings or messages file stops it with a clear error.
SETTINGS = clinic_settings.load()
MESSAGES = messages.load()

SEVERITY = {"emergency": 3, "urgent": 2, "caution": 1}
# Topics that have a plain answer `utter_<intent>` besides the FAQ retrieval intent.
PLAIN_ANSWER_INTENTS = {"greet", "goodbye", "thank", "bot_challenge", "contact_clinic"}
GENERIC_REASON = {
    "emergency": "What you describe can be a sign of a serious problem.",
    "urgent": "What you describe needs a doctor's check today.",
    "caution": "Some health conditions and medicines need care with acupuncture.",
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
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    if intent == "faq":
        selected = ((message.get("response_selector") or {}).get("faq") or {}).get("response") or {}
        return selected.get("utter_action")
    if intent in PLAIN_ANSWER_INTENTS:
        return f"utter_{intent}"
    return None


def say(dispatcher: CollectingDispatcher, kind: Text, settings=None, **values: Text) -> None:
    dispatcher.utter_message(text=messages.render(MESSAGES[kind], settings or SETTINGS, **values))


def delivered(level: Text) -> List[EventType]:
    return [SlotSet("safety_referral", level)]


def mark_for_web_chat(dispatcher: CollectingDispatcher, tracker: Tracker, level: Text) -> None:
    """The chat page (webchat/) asks for this marker in the message metadata, to make a referral stand out.

    Other channels don't get it: most would show it as text.
    """
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    if metadata.get("client") == "webchat":
        dispatcher.utter_message(json_message={"safety_level": level})


class ActionEmergencyReferral(Action):
    def name(self) -> Text:
        return "action_emergency_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        safety = safety_of(tracker)
        findings = findings_at(safety, "emergency")
        reason = findings[0]["note"] if findings else GENERIC_REASON["emergency"]
        say(dispatcher, "emergency", reason=reason)
        mark_for_web_chat(dispatcher, tracker, "emergency")
        referral_log.record("emergency", tracker.sender_id, (f["id"] for f in findings))
        return delivered("emergency")


class ActionSafetyReferral(Action):
    def name(self) -> Text:
        return "action_safety_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        safety = safety_of(tracker)
        level = most_serious_level(safety, default="caution")
        if level == "emergency":  # only reached if called directly; never play an emergency down
            level = "urgent"
        findings = findings_at(safety, level)
        if level == "urgent":
            reason = findings[0]["note"] if findings else GENERIC_REASON["urgent"]
            say(dispatcher, "urgent", reason=reason)
        else:
            mentioned = list(dict.fromkeys(f["text"] for f in findings))[:3]
            reasons = list(dict.fromkeys(f["note"] for f in findings))[:2]
            say(
                dispatcher,
                "caution",
                caution=", ".join(mentioned) or "a health condition",
                reason=" ".join(reasons) or GENERIC_REASON["caution"],
            )
            answer = answer_for_topic(tracker)
            if answer:
                dispatcher.utter_message(response=answer)
        mark_for_web_chat(dispatcher, tracker, level)
        referral_log.record(level, tracker.sender_id, (f["id"] for f in findings))
        return delivered(level)
