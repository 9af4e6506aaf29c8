"""Server logs that say what failed in one clear line, and never what people wrote or the API token.

`install()` attaches logging filters to the loggers of the Rasa server (it is called when
the REST channel and the SafetyPolicy are loaded, so every server that runs the model has it):

- a failed custom action (the action server down, say): Rasa logs it twice, an error from
  `rasa.core.actions.action` and `rasa.core.processor`'s "Encountered an exception while
  running action" with a 40-line traceback, for every message. It becomes ONE line naming
  the action and what went wrong;
- an HTTP API error (`rasa.server`): its "Error: ..." detail can quote the request body (a
  rejected event with its text), so only the sentence before it is kept;
- an unexpected exception in a request (`sanic.error`): Sanic logs the full URL, with the
  `?token=` of the HTTP API, and a traceback; it becomes one line with the path only;
- Sanic's access log, when someone turns it on: the token in URLs is hidden.

Everything removed is logged in full at DEBUG (`rasa run --debug`). Exception texts are only
copied into a line when Rasa wrote them about the action call itself (RasaException: action
name, endpoint URL); other exceptions are named by type, as their text can carry user data.
"""

import logging
import re
from typing import Optional

from rasa.shared.exceptions import RasaException

DETAIL = logging.getLogger(__name__)
ACTION_FAILURE = re.compile(r"Encountered an exception while running action '([^']+)'")
DUPLICATE_ACTION_ERROR = re.compile(r"Failed to run custom action '[^']+'\. Couldn't connect")
RASA_PREFIX = re.compile(r"^Failed to execute custom action '[^']+'\.\s*")
UNCLOSED_URL = re.compile(r"'\w+://[^'\s]+$")
API_ERROR_DETAIL = re.compile(r"\s*\bError:\s.*", re.DOTALL)
REQUEST_FAILURE = re.compile(r"^Exception occurred while handling uri: '?(?:\w+://[^/'\s]*)?([^?'\s]*)")
TOKEN = re.compile(r"(token=)[^&\s'\"]+")


def root_cause(exc: BaseException) -> BaseException:
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        nxt = exc.__cause__ or exc.__context__
        if nxt is None:
            return exc
        exc = nxt
    return exc


def describe(exc: Optional[BaseException]) -> str:
    """What went wrong, in words that hold no user text."""
    if exc is None:
        return "unknown error"
    cause = type(root_cause(exc)).__name__
    if isinstance(exc, RasaException):
        said = RASA_PREFIX.sub("", str(exc)).strip().rstrip(".") or "the action call failed"
        if UNCLOSED_URL.search(said):  # Rasa's message leaves the quote after the URL open
            said += "'"
        return f"{said} [{cause}]"
    return f"{type(exc).__name__} [{cause}]" if cause != type(exc).__name__ else cause


def hide_token(text: str) -> str:
    return TOKEN.sub(r"\1<hidden>", text)


def rewrite(record: logging.LogRecord, message: str) -> None:
    """Replace the record's text by `message` (no traceback); the original goes to DEBUG."""
    DETAIL.debug("%s", hide_token(record.getMessage()), exc_info=record.exc_info or None)
    record.msg, record.args = message, ()  # no args: the text is not %-formatted again
    record.exc_info, record.exc_text = None, None


class _Filter(logging.Filter):
    """A filter whose own failure never stops the record (nor the request that logs it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            return self.apply(record)
        except Exception:  # noqa: BLE001 - logging must never break serving
            return True

    def apply(self, record: logging.LogRecord) -> bool:
        raise NotImplementedError


class OneLineActionFailure(_Filter):
    """On `rasa.core.processor`: the failed-action record becomes one line."""

    def apply(self, record: logging.LogRecord) -> bool:
        match = ACTION_FAILURE.search(str(record.msg))
        if match:
            exc = record.exc_info[1] if record.exc_info else None
            rewrite(
                record,
                f"Action '{match.group(1)}' failed: {describe(exc)}. "
                "The assistant answered without it (traceback at DEBUG level).",
            )
        return True


class DropDuplicateActionError(_Filter):
    """On `rasa.core.actions.action`: its connection error repeats the processor's; keep it at DEBUG only."""

    def apply(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.DEBUG and DUPLICATE_ACTION_ERROR.search(record.getMessage()):
            DETAIL.debug("%s", record.getMessage())
            return False
        return True


class ApiErrorWithoutData(_Filter):
    """On `rasa.server`: an API error's 'Error: ...' detail can quote the request body; keep the sentence before it."""

    def apply(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Traceback (most recent call last)"):  # rasa.server logs some tracebacks as text
            failure = message.strip().splitlines()[-1].split(":")[0]
            rewrite(record, f"An API request failed with {failure} (traceback at DEBUG level).")
            return True
        short = API_ERROR_DETAIL.sub("", message).strip()
        if short != message:
            rewrite(record, f"{short} (details at DEBUG level)")
        return True


class RequestFailureWithoutUrlData(_Filter):
    """On `sanic.error`: an unexpected exception in a request is one line with the path (no query, no token)."""

    def apply(self, record: logging.LogRecord) -> bool:
        match = REQUEST_FAILURE.search(record.getMessage())
        if match:
            exc = record.exc_info[1] if record.exc_info else None
            name = type(exc).__name__ if exc else "an error"
            rewrite(record, f"Request to {match.group(1) or '/'} failed with {name} (traceback at DEBUG level).")
        elif "token=" in record.getMessage():
            record.msg, record.args = hide_token(record.getMessage()), ()
        return True


class HideTokenInAccessLog(_Filter):
    """On `sanic.access` (off unless LOG_LEVEL_LIBRARIES allows it): the request line without the token."""

    def apply(self, record: logging.LogRecord) -> bool:
        if isinstance(getattr(record, "request", None), str):
            record.request = hide_token(record.request)
        return True


_FILTERS = {
    "rasa.core.processor": OneLineActionFailure,
    "rasa.core.actions.action": DropDuplicateActionError,
    "rasa.server": ApiErrorWithoutData,
    "sanic.error": RequestFailureWithoutUrlData,
    "sanic.access": HideTokenInAccessLog,
}


def install() -> None:
    """Attach the filters once (safe to call from every module that the server loads)."""
    for logger_name, filter_class in _FILTERS.items():
        target = logging.getLogger(logger_name)
        if not any(isinstance(f, filter_class) for f in target.filters):
            target.addFilter(filter_class())
