"""Two questions in one message: "How many sessions will I need and how much does it cost?"

The whole message is understood and answered as usual (its topic is what the conversation and the
evaluation record). Before that, the channel splits the text where a second question clearly
starts, understands each part on its own (NLU only, nothing is stored), and when the parts are
about two different topics it adds them to the message's metadata as `second_question`. After the
first answer, TopicPolicy runs action_answer_second_question, which answers the part whose topic
was not answered yet, or offers it as a button when its topic is unsure.
"""

import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

from assistant.dialogue.topics import topic_ranking

METADATA_KEY = "second_question"

# words that open a question; the second part must start with one, so "pain in my back and legs"
# or "before and after" are never split
QUESTION_OPENERS = {
    "how", "what", "whats", "what's", "when", "where", "which", "who", "why", "is", "isn't", "are", "am",
    "can", "could", "do", "does", "did", "will", "would", "should", "shall", "has", "have", "any", "must",
}  # fmt: skip
# where a second question may start: after a question mark, or at "and" / "also" / "plus" / ";"
JOINS = re.compile(r"\?+\s+|\s*[,;]?\s+(?:and|also|plus)\s+(?:also\s+)?|\s*;\s*", re.IGNORECASE)
MIN_WORDS = 3


def _opens_question(part: str) -> bool:
    words = re.findall(r"[a-z']+", part.lower())[:1]
    return bool(words) and words[0] in QUESTION_OPENERS


def split_questions(text: str) -> Optional[Tuple[str, str]]:
    """The two questions of a message, or None when it does not clearly hold two."""
    for join in JOINS.finditer(text):
        first, second = text[: join.start()].strip(" ,"), text[join.end() :].strip()
        if len(first.split()) < MIN_WORDS or len(second.split()) < MIN_WORDS or not _opens_question(second):
            continue
        if "?" in join.group() or any(_opens_question(first[m.start() :]) for m in re.finditer(r"\b\w", first)):
            return first, second
    return None


async def second_question(parse: Callable[[str], Awaitable[Dict[str, Any]]], text: str) -> Optional[Dict[str, Any]]:
    """`{"parts": [{"text", "topic", "confidence"}, ...]}` when the message asks about two topics.

    `parse` is the NLU alone (Agent.parse_message); the parts are understood without touching the
    conversation. None when there is one question, or both parts are about the same topic.
    """
    parts = split_questions(text)
    if not parts:
        return None
    found: List[Dict[str, Any]] = []
    for part in parts:
        ranking = topic_ranking(await parse(part))
        if not ranking:
            return None
        topic, confidence = ranking[0]
        found.append({"text": part, "topic": topic, "confidence": round(confidence, 4)})
    if found[0]["topic"] == found[1]["topic"]:
        return None
    return {"parts": found}


def pending_part(metadata: Optional[Dict[str, Any]], answered_topic: Optional[str]) -> Optional[Dict[str, Any]]:
    """The part of a two-question message whose topic the first answer did not cover."""
    parts = ((metadata or {}).get(METADATA_KEY) or {}).get("parts") or []
    pending = [p for p in parts if isinstance(p, dict) and p.get("topic") and p.get("topic") != answered_topic]
    return pending[0] if pending else None
