"""Telegram (`/webhooks/telegram/webhook`): Rasa's channel, with user text cleaned as on every channel.

The only changes: Telegram's "/start" (sent when someone opens the bot) is a greeting, and any other
message starting with "/" is read as text, so nobody can send an intent directly and skip the safety
triage.
"""

from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from sanic import Blueprint

from assistant.channels.inbound import cleaning

START_COMMAND = "/start"


class TelegramInput(RasaTelegramInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        cleaned = cleaning(on_new_message)

        async def handle(message: UserMessage) -> Any:
            if isinstance(message.text, str) and message.text.strip() == START_COMMAND:
                message.text = "hello"
            return await cleaned(message)

        return super().blueprint(handle)
