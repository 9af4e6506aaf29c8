"""The REST channel (`/webhooks/rest/webhook`), hardened against bad requests.

Stock Rasa 3.6 answers 500 when the body is empty, `[]`, `null` or not an
object. Here every request is checked first: a malformed one gets a 400 with a
JSON error saying what is wrong, and never reaches the conversation. Good
requests behave exactly as with Rasa's RestInput. Very long messages are cut
to MAX_MESSAGE_CHARS (assistant/channels/text.py) so one request cannot tie up the server. Other HTTP methods
get a 405 with a JSON error. Nothing here logs what people wrote: a rejected
request is not logged at all, and a failed one is logged as one line with the
error's type and a digest of the conversation id (the traceback only at DEBUG).
"""

import hashlib
import json
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant import clinic_settings, log_privacy, messages, two_questions
from assistant.channels.text import clean_text, is_control, well_formed
from assistant.names import REST_CHANNEL

logger = logging.getLogger(__name__)
log_privacy.install()

MAX_SENDER_CHARS = 128
OTHER_METHODS = ["GET", "PUT", "PATCH", "DELETE"]


class RequestError(ValueError):
    """The request cannot be turned into a user message."""


def conversation_digest(sender: Text) -> Text:
    """A short stable tag that lets staff match log lines of one conversation without its id."""
    return hashlib.sha256(sender.encode("utf-8", "replace")).hexdigest()[:10]


def parse_request(body: bytes) -> Tuple[Text, Text, Optional[Dict[Text, Any]]]:
    """Return (sender, text, metadata) from a webhook body, or raise RequestError."""
    if not body or not body.strip():
        raise RequestError('the request body is empty: send JSON like {"sender": "id", "message": "hello"}')
    try:
        payload = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise RequestError("the request body is not valid UTF-8")
    except json.JSONDecodeError as exc:
        raise RequestError(f"the request body is not valid JSON ({exc.msg})")
    except (ValueError, RecursionError):  # a number too long to convert, or nesting too deep
        raise RequestError("the request body is not JSON that can be read (too deeply nested or a number too long)")
    if not isinstance(payload, dict):
        raise RequestError("the request body must be a JSON object with 'sender' and 'message'")

    sender = payload.get("sender")
    if isinstance(sender, (int, float)) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip():
        raise RequestError("'sender' must be a non-empty string")
    if len(sender) > MAX_SENDER_CHARS:
        raise RequestError(f"'sender' is longer than {MAX_SENDER_CHARS} characters")
    if any(is_control(c) for c in sender):
        raise RequestError("'sender' must not contain control characters")

    text = payload.get("message")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise RequestError("'message' must be a string")
    text = clean_text(text)

    metadata = payload.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise RequestError("'metadata' must be a JSON object when given")
    return well_formed(sender.strip()), text, metadata


async def with_second_question(parse, text: Text, metadata: Optional[Dict[Text, Any]]) -> Optional[Dict[Text, Any]]:
    """The metadata, plus the two questions' topics when the message asks two (two_questions.py)."""
    try:
        found = await two_questions.second_question(parse, text)
    except Exception:  # understanding the parts is extra: the message is still answered as a whole
        logger.debug("Understanding the parts of a two-question message failed.", exc_info=True)
        return metadata
    return {**(metadata or {}), two_questions.METADATA_KEY: found} if found else metadata


class SafeRestInput(RestInput):
    def __init__(self) -> None:
        self.empty_reply = messages.render(messages.load()["empty_message"], clinic_settings.load())

    @classmethod
    def name(cls) -> Text:
        return REST_CHANNEL

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("safe_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            return await self.answer(request.body, on_new_message, agent.parse_message if agent else None)

        @webhook.route("/webhook", methods=OTHER_METHODS)
        async def wrong_method(request: Request) -> HTTPResponse:
            return response.json(
                {"error": 'use POST with a JSON body like {"sender": "id", "message": "hello"}'},
                status=405,
                headers={"Allow": "POST"},
            )

        return webhook

    async def answer(
        self,
        body: bytes,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        parse: Optional[Callable[[Text], Awaitable[Dict[Text, Any]]]] = None,
    ) -> HTTPResponse:
        """`parse` (the NLU alone) lets a message with two questions get both answers."""
        try:
            sender, text, metadata = parse_request(body)
        except RequestError as exc:
            return response.json({"error": str(exc)}, status=400)
        if not text.strip():
            # nothing to understand: answer without touching the conversation
            return response.json([{"recipient_id": sender, "text": self.empty_reply}])
        collector = CollectingOutputChannel()
        try:
            if parse is not None:
                metadata = await with_second_question(parse, text, metadata)
            await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
        except Exception as exc:  # the conversation is saved; say so rather than answer 500
            # an exception's text (an SQL error's parameters, say) can hold the message: type only, details at DEBUG
            logger.error(
                "Handling a REST message failed (%s, conversation %s).", type(exc).__name__, conversation_digest(sender)
            )
            logger.debug("Details of the failed REST message:", exc_info=True)
            return response.json({"error": "the assistant could not answer this message; please try again"}, status=503)
        return response.json(collector.messages)
