"""Names the assistant's parts share, in one place: the Rasa server (policies, NLG, channels) and
the action server must agree on them, and domain.yml and data/ spell them the same way.

- safety levels and how serious each is;
- action, response and slot names the policies and actions pass between them;
- channel names (the web chat page sends its channel name as the message's `client` metadata);
- where the tracker database is by default;
- `topic_of`: what a parse was understood as, and `is_web_chat`: whether a message came from the chat page.
"""

import os
from pathlib import Path
from typing import Any, Mapping, Optional

ROOT = Path(__file__).resolve().parent.parent

# ---- safety levels (most serious first; the lexicon's files use the same names) ----------------
EMERGENCY, URGENT, CAUTION = "emergency", "urgent", "caution"
LEVELS = (EMERGENCY, URGENT, CAUTION)
SEVERITY = {EMERGENCY: 3, URGENT: 2, CAUTION: 1}

# ---- actions and the responses that stand in for them ------------------------------------------
EMERGENCY_ACTION = "action_emergency_referral"
SAFETY_ACTION = "action_safety_referral"
DID_YOU_MEAN_ACTION = "action_did_you_mean"
FOLLOW_UP_ACTION = "action_answer_follow_up"
SECOND_QUESTION_ACTION = "action_answer_second_question"
EMERGENCY_FALLBACK = "utter_emergency_fallback"
SAFETY_FALLBACK = "utter_safety_fallback"

# ---- slots -------------------------------------------------------------------------------------
REFERRAL_SLOT = "safety_referral"  # the level a referral action gave
FEEDBACK_SLOT = "answer_feedback"  # the web chat's "Did this help?" answer
LAST_TOPIC_SLOT = "last_topic"
OFFERED_TOPICS_SLOT = "offered_topics"

# ---- intents -----------------------------------------------------------------------------------
FAQ_INTENT = "faq"  # the retrieval intent: its answers are utter_faq/<topic>
FAQ_RESPONSE_PREFIX = f"utter_{FAQ_INTENT}/"

# ---- channels ----------------------------------------------------------------------------------
REST_CHANNEL = "rest"
WEB_CHAT_CHANNEL = "webchat"  # also the `client` the chat page sends in every message's metadata

# ---- tracker database --------------------------------------------------------------------------
TRACKER_DB_ENV = "TRACKER_DB"
DEFAULT_TRACKER_DB = ROOT / "var" / "tracker.db"


def tracker_db() -> str:
    """The tracker database `make run` uses: $TRACKER_DB, else var/tracker.db."""
    return os.environ.get(TRACKER_DB_ENV) or str(DEFAULT_TRACKER_DB)


def topic_of(parse_data: Mapping[str, Any]) -> str:
    """The topic of a parse: the intent, or for the retrieval intent `faq` the response selector's
    `faq/<topic>` key when it chose one ("" when there is no intent)."""
    intent = (parse_data.get("intent") or {}).get("name") or ""
    if intent == FAQ_INTENT:
        selected = ((parse_data.get("response_selector") or {}).get(FAQ_INTENT) or {}).get("response") or {}
        return selected.get("intent_response_key") or intent
    return intent


def is_web_chat(metadata: Optional[Mapping[str, Any]]) -> bool:
    """Whether a message's metadata says it came from the web chat page (webchat/)."""
    return (metadata or {}).get("client") == WEB_CHAT_CHANNEL
