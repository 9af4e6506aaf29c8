"""What every platform channel does to a user's text before the assistant sees it."""
import unicodedata
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import UserMessage

from assistant.rest_channel import MAX_MESSAGE_CHARS

KEPT_CONTROL_CHARS = "\n\t"


def clean_user_text(text: Any) -> Text:
    """The text as the REST channel would pass it on, or "" when there is nothing to answer.

    A leading "/" would let a user send an intent directly and skip language understanding and
    the safety triage; control characters and lone surrogates would break saving the conversation;
    very long messages are cut so one message cannot tie up the server.
    """
    if not isinstance(text, str):
        return ""
    text = text[: MAX_MESSAGE_CHARS * 2].encode("utf-8", "replace").decode("utf-8")
    text = "".join(c for c in text if unicodedata.category(c) != "Cc" or c in KEPT_CONTROL_CHARS)
    return text.lstrip().lstrip("/")[:MAX_MESSAGE_CHARS].strip()


def cleaning(on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable[[UserMessage], Awaitable[Any]]:
    """Wrap a channel's message handler so that every user message is cleaned first; empty ones are dropped."""

    async def handle(message: UserMessage) -> Any:
        message.text = clean_user_text(message.text)
        if message.text:
            return await on_new_message(message)
        return None

    return handle
