"""The web chat page, served by the Rasa server itself (channel `webchat`, at /webchat/).

- GET  /webchat/              the stand-alone chat page (webchat/index.html)
- GET  /webchat/<file>        the widget's files; a clinic embeds the chat with one tag:
                              <script src="https://<server>/webchat/widget.js" defer></script>
- GET  /webchat/config.json   the clinic's name, colours and numbers from settings/clinic.yml
- POST /webchat/feedback      {"sender": "...", "helpful": true|false}: the answer to "Did this help?"

The page talks to the assistant through the REST channel (/webhooks/rest/webhook), so
this channel adds no second way in. Feedback is stored in the conversation's tracker as
SlotSet("answer_feedback", {"helpful": ..., "topic": ...}), counted by `make transcripts`.
"""

import json
import logging
import re
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant import clinic_settings, names
from assistant.names import FEEDBACK_SLOT, WEB_CHAT_CHANNEL
from assistant.rest_channel import MAX_SENDER_CHARS, RequestError

logger = logging.getLogger(__name__)

WEBCHAT_DIR = Path(__file__).resolve().parent.parent / "webchat"
URL_PREFIX = f"/{WEB_CHAT_CHANNEL}"
REST_WEBHOOK = "/webhooks/rest/webhook"
# The page sends the channel name as the message metadata's `client`: it marks a conversation as a
# web chat one (only those take feedback), and asks the referral actions for the safety marker
# (actions/safety_referral.py).

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
_FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(html|js|css|svg|png)$")
_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
DEFAULT_COLOURS = {"primary": "#1f6f78", "accent": "#f2a541"}
# Scripts, styles and requests only from this server; no inline code: a message can never run.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


# ---- clinic look -------------------------------------------------------------------------


def _relative_luminance(hex_colour: Text) -> float:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: Text, b: Text) -> float:
    light, dark = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_text_on(background: Text) -> Text:
    """White or black, whichever reads better on the clinic's colour (either gives at least 4.5:1 somewhere)."""
    return max(("#ffffff", "#000000"), key=lambda text: contrast_ratio(text, background))


def page_config(settings: clinic_settings.ClinicSettings) -> Dict[Text, Any]:
    """What the page needs to look like the clinic's own and to reach the assistant."""
    colours = {
        name: value if _HEX_COLOUR.match(value := settings.colours.get(name, "")) else default
        for name, default in DEFAULT_COLOURS.items()
    }
    return {
        "clinic_name": settings.clinic_name,
        "clinic_phone": settings.phone,
        "emergency_number": settings.country.emergency_number,
        "colours": {
            **colours,
            "on_primary": readable_text_on(colours["primary"]),
            "on_accent": readable_text_on(colours["accent"]),
        },
        "webhook": REST_WEBHOOK,
        "feedback": f"{URL_PREFIX}/feedback",
        "client": WEB_CHAT_CHANNEL,
    }


# ---- static files ------------------------------------------------------------------------


def static_file(directory: Path, name: Text) -> Optional[Tuple[bytes, Text]]:
    """(content, content type) of a file of the widget, or None. Names cannot leave the folder."""
    if not _FILE_NAME.match(name):
        return None
    path = directory / name
    if not path.is_file():
        return None
    return path.read_bytes(), CONTENT_TYPES[path.suffix]


# ---- feedback ----------------------------------------------------------------------------


def parse_feedback(body: bytes) -> Tuple[Text, bool]:
    """(sender, helpful) from a feedback request, or raise RequestError."""
    try:
        payload = json.loads(body.decode("utf-8")) if body and body.strip() else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise RequestError("the request body is not valid JSON")
    if not isinstance(payload, dict):
        raise RequestError('send a JSON object like {"sender": "id", "helpful": true}')
    sender, helpful = payload.get("sender"), payload.get("helpful")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise RequestError(f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters")
    if not isinstance(helpful, bool):
        raise RequestError("'helpful' must be true or false")
    return sender.strip(), helpful


def latest_topic(tracker: DialogueStateTracker) -> Optional[Text]:
    """The topic of the latest user message (assistant.names.topic_of), or None without one."""
    message = tracker.latest_message
    return (names.topic_of(message.parse_data or {}) or None) if message is not None else None


def is_web_chat_conversation(tracker: DialogueStateTracker) -> bool:
    """Whether the latest user message came from the chat page."""
    message = tracker.latest_message
    return bool(message and message.text is not None and names.is_web_chat(message.metadata))


async def record_feedback(agent: Any, sender: Text, helpful: bool) -> Optional[Dict[Text, Any]]:
    """Store the feedback in the web chat conversation `sender`; None if there is no such conversation."""
    async with agent.lock_store.lock(sender):
        tracker = await agent.tracker_store.retrieve(sender)
        if tracker is None or not is_web_chat_conversation(tracker):
            return None
        value = {"helpful": helpful, "topic": latest_topic(tracker)}
        tracker.update(SlotSet(FEEDBACK_SLOT, value))
        await agent.tracker_store.save(tracker)
    return value


# ---- the channel -------------------------------------------------------------------------


def _json_error(message: Text, status: int) -> HTTPResponse:
    return response.json({"error": message}, status=status)


class WebChatInput(InputChannel):
    def __init__(self, directory: Path = WEBCHAT_DIR, settings: Optional[clinic_settings.ClinicSettings] = None):
        self.directory = Path(directory)
        self.settings = settings  # None: follow settings/clinic.yml as it changes
        page_config(settings or clinic_settings.current())  # a broken settings file stops the server at start

    @classmethod
    def name(cls) -> Text:
        return WEB_CHAT_CHANNEL

    def url_prefix(self) -> Text:
        # absolute, so the page lives at /webchat/ rather than under /webhooks/
        return URL_PREFIX

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webchat = Blueprint(WEB_CHAT_CHANNEL, __name__)

        @webchat.route("/", methods=["GET"], strict_slashes=True)
        async def page(request: Request) -> HTTPResponse:
            return self._serve("index.html")

        @webchat.route("", methods=["GET"], strict_slashes=True)
        async def page_without_slash(request: Request) -> HTTPResponse:
            # the page's relative links need the trailing slash
            return response.redirect(f"{URL_PREFIX}/", status=301)

        @webchat.route("/config.json", methods=["GET"])
        async def config(request: Request) -> HTTPResponse:
            config = page_config(self.settings or clinic_settings.current())
            return response.json(config, headers={"Cache-Control": "no-cache"})

        @webchat.route("/feedback", methods=["POST"])
        async def feedback(request: Request) -> HTTPResponse:
            try:
                sender, helpful = parse_feedback(request.body)
            except RequestError as exc:
                return _json_error(str(exc), 400)
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return _json_error("the assistant is starting; please try again shortly", 503)
            try:
                stored = await record_feedback(agent, sender, helpful)
            except Exception as exc:
                # an error's text can hold conversation data: its type only, the details at DEBUG
                logger.error("Storing web chat feedback failed (%s).", type(exc).__name__)
                logger.debug("Details of the failed feedback:", exc_info=True)
                return _json_error("the feedback could not be stored; please try again", 503)
            if stored is None:
                return _json_error("no web chat conversation with this sender", 404)
            return response.json({"stored": True})

        @webchat.route("/<name:str>", methods=["GET"])
        async def asset(request: Request, name: Text) -> HTTPResponse:
            return self._serve(name)

        return webchat

    def _serve(self, name: Text) -> HTTPResponse:
        found = static_file(self.directory, name)
        if found is None:
            return _json_error("not found", 404)
        content, content_type = found
        headers = {"Cache-Control": "no-cache", **SECURITY_HEADERS}
        return response.raw(content, content_type=content_type, headers=headers)
