"""A small tracker store for the review tests, written by Rasa's own SQLTrackerStore.

Five conversations across dates (UTC):
- conv-drive (2026-10-30): the chat page's automatic greeting (not counted), then greet; "can I drive home after a session?" answered with an unsure
  topic (0.41); feedback "not helpful" whose comment holds an e-mail address.
- conv-safety (2026-11-02, new session 2026-11-03): a caution referral in a message with an
  e-mail address; a phone number; then an emergency referral in the second session (which
  carries the caution slot over); feedback "helpful".
- conv-fallback (2026-11-05): out of scope, then not understood (offered a person).
- whatsapp:+447700900456 (2026-11-06): a channel whose conversation id is a phone number.
- conv-undelivered (2026-11-07): an urgent referral whose action failed (fallback advice).
"""

import asyncio
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

ROOT = Path(__file__).resolve().parents[1]
EMAIL = "jo.bloggs@example.com"
PHONE = "07700 900123"
PHONE_SENDER = "whatsapp:+447700900456"
CLINIC_PHONE = "+44 20 7946 0000"


def at(day: str, clock: str) -> float:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=timezone.utc).timestamp()


class Script:
    """Builds one conversation's events with increasing timestamps."""

    def __init__(self, day: str, clock: str) -> None:
        self.time = at(day, clock)
        self.events = []

    def _tick(self) -> float:
        self.time += 2
        return self.time

    def session(self, day: str = None, clock: str = None, carried: dict = None):
        if day:
            self.time = at(day, clock)
        self.events += [
            ActionExecuted("action_session_start", timestamp=self._tick()),
            SessionStarted(timestamp=self._tick()),
        ]
        self.events += [SlotSet(k, v, timestamp=self._tick()) for k, v in (carried or {}).items()]
        self.events.append(ActionExecuted("action_listen", timestamp=self._tick()))
        return self

    def user(
        self, text, intent, confidence, topic=None, topic_confidence=None, safety=None, ranking=None, metadata=None
    ):
        parse = {
            "intent": {"name": intent, "confidence": confidence},
            "entities": [],
            "text": text,
            "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
            "safety": {"level": safety, "findings": []},
        }
        if topic:
            parse["intent"]["full_retrieval_intent_name"] = topic
            parse["response_selector"] = {
                "all_retrieval_intents": ["faq"],
                "faq": {
                    "response": {
                        "intent_response_key": topic,
                        "confidence": topic_confidence,
                        "utter_action": f"utter_{topic}",
                        "responses": [{"text": "..."}],
                    },
                    "ranking": [{"intent_response_key": topic, "confidence": topic_confidence}],
                },
            }
        self.events.append(
            UserUttered(
                text, parse["intent"], [], parse, timestamp=self._tick(), input_channel="rest", metadata=metadata
            )
        )
        return self

    def bot(self, action, *replies, slot=None):
        self.events.append(ActionExecuted(action, policy="RulePolicy", confidence=1.0, timestamp=self._tick()))
        self.events += [BotUttered(text, timestamp=self._tick()) for text in replies]
        if slot:
            self.events.append(SlotSet(slot[0], slot[1], timestamp=self._tick()))
        return self

    def listen(self):
        self.events.append(ActionExecuted("action_listen", timestamp=self._tick()))
        return self

    def feedback(self, helpful, topic, comment=None):
        value = {"helpful": helpful, "topic": topic}
        if comment:
            value["comment"] = comment
        self.events.append(SlotSet("answer_feedback", value, timestamp=self._tick()))
        return self


def conversations():
    drive = (
        Script("2026-10-30", "09:00:00")
        .session()
        .user("hello", "greet", 0.99, metadata={"client": "webchat", "automatic": True})
        .bot("utter_greet", "Hello! I'm the clinic's assistant.")
        .listen()
        .user("hi", "greet", 0.99)
        .bot("utter_greet", "Hello! I'm the clinic's assistant.")
        .listen()
        .user("can I drive home after a session?", "faq", 0.93, "faq/session_what_to_expect", 0.41)
        .bot("utter_faq", "At your first visit, the practitioner will ask about your health.")
        .listen()
        .feedback(False, "faq/session_what_to_expect", f"it didn't say if I can drive, email me at {EMAIL}")
    )
    safety = (
        Script("2026-11-02", "14:00:00")
        .session()
        .user(f"I'm on warfarin, my email is {EMAIL}", "faq", 0.99, "faq/precautions", 0.88, safety="caution")
        .bot(
            "action_safety_referral",
            "You mention something worth checking first: warfarin.",
            "Ask your doctor first if you: ...",
            slot=("safety_referral", "caution"),
        )
        .listen()
        .user(f"can someone call me on {PHONE}", "contact_clinic", 0.97)
        .bot("utter_contact_clinic", f"You can contact the clinic: Phone: {CLINIC_PHONE}")
        .listen()
        .session("2026-11-03", "08:30:00", carried={"safety_referral": "caution"})
        .user("I can't feel my legs and I wet myself", "faq", 0.6, "faq/sciatica", 0.7, safety="emergency")
        .bot("action_emergency_referral", "Please get medical help now.", slot=("safety_referral", "emergency"))
        .listen()
        .feedback(True, "contact_clinic")
    )
    fallback = (
        Script("2026-11-05", "18:00:00")
        .session()
        .user("what's the weather like", "out_of_scope", 0.95)
        .bot("utter_out_of_scope", "Sorry, I can only help ...")
        .listen()
        .user(
            "blorp zzz",
            "nlu_fallback",
            0.35,
            ranking=[
                {"name": "nlu_fallback", "confidence": 0.35},
                {"name": "faq", "confidence": 0.3},
                {"name": "greet", "confidence": 0.1},
            ],
        )
        .bot("utter_offer_human", "Sorry, I'm still not understanding.")
        .listen()
    )
    phone_sender = (
        Script("2026-11-06", "10:00:00")
        .session()
        .user("does it hurt?", "faq", 0.99, "faq/does_it_hurt", 0.97)
        .bot("utter_faq", "The needles are solid and very thin.")
        .listen()
        .feedback(True, "faq/does_it_hurt")
    )
    undelivered = (
        Script("2026-11-07", "11:00:00")
        .session()
        .user("I've had a fever for two days, is it safe?", "faq", 0.98, "faq/is_it_safe", 0.9, safety="urgent")
        .bot("action_safety_referral")
        .bot("utter_safety_fallback", "Please check with your own doctor first.")
        .listen()
    )
    return {
        "conv-drive": drive.events,
        "conv-safety": safety.events,
        "conv-fallback": fallback.events,
        PHONE_SENDER: phone_sender.events,
        "conv-undelivered": undelivered.events,
    }


def build(path: Path) -> Path:
    """Write the conversations with SQLTrackerStore, plus one corrupt row a reader must survive."""
    domain = Domain.load(str(ROOT / "domain.yml"))
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(path))
    for sender_id, events in conversations().items():
        tracker = DialogueStateTracker.from_events(sender_id, events, domain.slots)
        asyncio.run(store.save(tracker))
    store.engine.dispose()
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
            ("conv-fallback", "user", at("2026-11-05", "18:30:00"), "{not json"),
        )
    return path
