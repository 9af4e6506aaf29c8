"""Twilio SMS (`/webhooks/twilio/webhook`) and WhatsApp (`/webhooks/twilio_whatsapp/webhook`).

Rasa 3.6's TwilioInput accepts any request and sends buttons as one SMS each. Here:
- every request must carry a valid X-Twilio-Signature (HMAC of the URL Twilio called and the form
  fields, keyed with the account's auth token); anything else gets a 403 and never reaches the
  conversation;
- an answer goes out as one message (Twilio joins long SMS), not one per paragraph, with its markup
  made plain (SMS) or WhatsApp's, and its buttons listed in the text;
- replies are sent from a worker thread (the Twilio client blocks), so one slow API call does not
  hold up every other conversation, and a refused reply is logged without the message or number;
- `api_url` points the replies at another Twilio API address (the tests use a fake on loopback).

Twilio signs the public URL it called. Behind a reverse proxy that is not the URL this server sees:
set `webhook_url` to the exact URL entered in Twilio's console, or let the proxy send
X-Forwarded-Proto and X-Forwarded-Host.
"""

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text
from urllib.parse import urlsplit, urlunsplit

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator

from assistant.channels import formatting
from assistant.channels.inbound import clean_user_text

logger = logging.getLogger(__name__)
# The Twilio client logs every API call at INFO; the URLs and headers are noise in the server log.
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class RebasedHttpClient(TwilioHttpClient):
    """Sends the Twilio client's API calls to another base URL (same paths)."""

    def __init__(self, api_url: Text) -> None:
        super().__init__()
        self.api_base = urlsplit(api_url.rstrip("/"))

    def request(self, method: Text, url: Text, *args: Any, **kwargs: Any):
        path = urlsplit(url)
        base = self.api_base
        rebased = urlunsplit((base.scheme, base.netloc, base.path + path.path, path.query, path.fragment))
        return super().request(method, rebased, *args, **kwargs)


class TwilioSmsOutput(TwilioOutput):
    markup = "plain"

    def __init__(self, account_sid: Text, auth_token: Text, twilio_number: Text, api_url: Optional[Text]) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        if api_url:
            self.http_client = RebasedHttpClient(api_url)

    async def _send_message(self, message_data: Dict[Text, Any]):
        try:
            return await asyncio.to_thread(self.messages.create, **message_data)
        except TwilioRestException as exc:
            logger.error("Twilio refused a reply (HTTP %s, Twilio error %s).", exc.status, exc.code)
        except Exception as exc:  # network trouble: the turn is still saved, only this reply is lost
            logger.error("A reply could not be sent to Twilio: %s.", type(exc).__name__)
        return None

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        # also shapes text that bypassed the response generator (the action server's referrals)
        for part in formatting.split_for_limit(formatting.render(text, self.markup)):
            await self._send_message({"to": recipient_id, "from_": self.twilio_number, "body": part})

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_message(recipient_id, formatting.with_button_list(text, buttons))


class TwilioWhatsAppOutput(TwilioSmsOutput):
    markup = "whatsapp"

    @classmethod
    def name(cls) -> Text:
        return "twilio_whatsapp"


class TwilioSmsInput(TwilioInput):
    output_class = TwilioSmsOutput

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials.get("account_sid"),
            credentials.get("auth_token"),
            credentials.get("twilio_number"),
            webhook_url=credentials.get("webhook_url") or None,
            api_url=credentials.get("api_url") or None,
        )

    def __init__(
        self,
        account_sid: Text,
        auth_token: Text,
        twilio_number: Text,
        webhook_url: Optional[Text] = None,
        api_url: Optional[Text] = None,
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.webhook_url = webhook_url
        self.api_url = api_url

    def get_output_channel(self) -> OutputChannel:
        return self.output_class(self.account_sid, self.auth_token, self.twilio_number, self.api_url)

    def called_url(self, request: Request) -> Text:
        """The URL Twilio called, which is what it signs."""
        if self.webhook_url:
            return self.webhook_url
        scheme = request.headers.get("X-Forwarded-Proto", request.scheme).split(",")[0].strip()
        host = request.headers.get("X-Forwarded-Host", request.host).split(",")[0].strip()
        query = f"?{request.query_string}" if request.query_string else ""
        return f"{scheme}://{host}{request.path}{query}"

    def is_signed_by_twilio(self, request: Request) -> bool:
        signature = request.headers.get("X-Twilio-Signature", "")
        if not signature or not self.auth_token:
            return False
        return RequestValidator(self.auth_token).validate(self.called_url(request), request.form, signature)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"{self.name()}_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.is_signed_by_twilio(request):
                return response.text("the request is not signed by Twilio", status=403)
            sender = request.form.get("From")
            text = clean_user_text(request.form.get("Body"))
            if sender and text:  # media-only and location messages carry no question
                message = UserMessage(
                    text,
                    self.get_output_channel(),
                    sender,
                    input_channel=self.name(),
                    metadata=self.get_metadata(request),
                )
                try:
                    await on_new_message(message)
                except Exception as exc:  # Twilio would retry and resend; the error is ours, not the user's
                    logger.error("Handling a %s message failed: %s", self.name(), type(exc).__name__)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return webhook


class TwilioWhatsAppInput(TwilioSmsInput):
    """The same Twilio channel for a WhatsApp sender (`twilio_number: whatsapp:+...`)."""

    output_class = TwilioWhatsAppOutput

    @classmethod
    def name(cls) -> Text:
        return "twilio_whatsapp"
