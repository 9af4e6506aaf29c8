"""Facebook Messenger (`/webhooks/facebook/webhook`): Rasa's channel, with user text cleaned as on every channel.

Rasa's FacebookInput checks X-Hub-Signature with the app secret. The only change here: a message
starting with "/" is read as text, so nobody can send an intent directly and skip the safety triage.
"""

from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.facebook import FacebookInput as RasaFacebookInput
from sanic import Blueprint

from assistant.channels.inbound import cleaning


class FacebookInput(RasaFacebookInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(cleaning(on_new_message))
