"""Topics: what a parse was understood as, and which topic the conversation last answered.

Works on plain dicts (the parse result, and events as the action server and the tracker store
hold them), so the policies, the actions and the staff tools read topics the same way.
"""

from typing import Any, Dict, Iterable, List, Optional, Tuple

from assistant import names
from assistant.names import FAQ_INTENT, FAQ_RESPONSE_PREFIX

# intents that are not a question about acupuncture: never offered as "Did you mean...?"
NOT_TOPICS = {"out_of_scope", "nlu_fallback", "affirm", "deny", "greet", "goodbye", "thank", "follow_up"}


def sub_topic_of(parse: Dict[str, Any]) -> str:
    """The intent, or for the FAQ retrieval intent the sub-topic the ResponseSelector chose
    (`cost_insurance` where assistant.names.topic_of says `faq/cost_insurance`)."""
    return names.topic_of(parse).split("/", 1)[-1]


def topic_ranking(parse: Dict[str, Any]) -> List[Tuple[str, float]]:
    """Every answerable topic with its confidence, best first.

    An FAQ sub-topic's confidence is the ResponseSelector's times the intent classifier's
    confidence in `faq`, so FAQ topics and the plain intents (contact_clinic, ...) compare on one scale.
    """
    intents = {i.get("name"): float(i.get("confidence") or 0.0) for i in parse.get("intent_ranking") or []}
    if not intents and parse.get("intent"):
        intents = {parse["intent"].get("name"): float(parse["intent"].get("confidence") or 0.0)}
    faq_confidence = intents.pop(FAQ_INTENT, 0.0)
    ranking = [(name, conf) for name, conf in intents.items() if name and name not in NOT_TOPICS]
    selector = (parse.get("response_selector") or {}).get(FAQ_INTENT) or {}
    for row in selector.get("ranking") or []:
        key = row.get("intent_response_key") or ""
        if "/" in key:
            ranking.append((key.split("/", 1)[1], float(row.get("confidence") or 0.0) * faq_confidence))
    return sorted(ranking, key=lambda item: item[1], reverse=True)


def answered_topic(event: Dict[str, Any]) -> Optional[str]:
    """The FAQ topic a bot event answered, from the response it used (utter_faq/<topic>)."""
    if event.get("event") != "bot":
        return None
    action = (event.get("metadata") or {}).get("utter_action") or ""
    return action[len(FAQ_RESPONSE_PREFIX) :] if action.startswith(FAQ_RESPONSE_PREFIX) else None


def last_answered_topic(events: Iterable[Dict[str, Any]]) -> Optional[str]:
    """The topic of the conversation's most recent FAQ answer, or None when it gave none this session."""
    for event in reversed(list(events)):
        if event.get("event") == "session_started":
            return None
        topic = answered_topic(event)
        if topic:
            return topic
    return None
