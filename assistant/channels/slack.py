"""Slack (`/webhooks/slack/webhook`): Rasa's Slack channel with cleaned user text and a settable API address.

Rasa's SlackInput already rejects requests without a valid X-Slack-Signature (v0 HMAC of the
timestamp and body with the app's signing secret, at most five minutes old) and refuses to start
without a signing secret. Added here:
- the user's text is cleaned as on every channel (no "/intent" injection, length cap);
- `api_url` points the replies at another Slack Web API address (the tests use a fake on loopback);
- Slack's URL check (`url_verification`) is answered with the bare challenge value, as Slack asks.
"""

import json
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput as RasaSlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from assistant.channels.inbound import cleaning


class SlackReplies(SlackBot):
    def __init__(self, token: Text, slack_channel=None, thread_id=None, proxy=None, api_url=None) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        if api_url:
            self.client = AsyncWebClient(token, proxy=proxy, base_url=api_url)


class SlackInput(RasaSlackInput):
    api_url: Optional[Text] = None

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.api_url = (credentials or {}).get("api_url") or None
        return channel

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> OutputChannel:
        return SlackReplies(self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(cleaning(on_new_message))

        @webhook.middleware("request")
        async def answer_url_verification(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            try:
                body = json.loads(request.body or b"null")
            except ValueError:
                return None
            if isinstance(body, dict) and body.get("type") == "url_verification":
                if not self.is_request_from_slack_authentic(request):
                    return response.text("the request is not signed by Slack", status=400)
                return response.text(str(body.get("challenge", "")))
            return None

        return webhook
