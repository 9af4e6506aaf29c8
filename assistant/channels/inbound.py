"""What every platform channel does to a user's text before the assistant sees it."""

from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import UserMessage

from assistant.channels.text import clean_text


def clean_user_text(text: Any) -> Text:
    """The text as the REST channel would pass it on, or "" when there is nothing to answer.

    A leading "/" would let a user send an intent directly and skip language understanding and
    the safety triage; control characters and lone surrogates would break saving the conversation;
    very long messages are cut so one message cannot tie up the server.
    """
    return clean_text(text).strip() if isinstance(text, str) else ""


def cleaning(on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable[[UserMessage], Awaitable[Any]]:
    """Wrap a channel's message handler so that every user message is cleaned first; empty ones are dropped."""

    async def handle(message: UserMessage) -> Any:
        message.text = clean_user_text(message.text)
        if message.text:
            return await on_new_message(message)
        return None

    return handle
