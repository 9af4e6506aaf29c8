"""assistant.log_privacy: Rasa's failed-action records become one line; the traceback only at DEBUG."""

import logging

import pytest
from rasa.shared.exceptions import RasaException

from assistant import log_privacy

PROCESSOR_MESSAGE = (  # as rasa/core/processor.py words it
    "Encountered an exception while running action 'action_emergency_referral'.Bot will continue, but the actions "
    "events are lost. Please check the logs of your action server for more information."
)
ACTION_MESSAGE = (  # as rasa/core/actions/action.py words it
    "Failed to run custom action 'action_emergency_referral'. Couldn't connect to the server at "
    "'http://127.0.0.1:5055/webhook'. Is the server running? Error: Cannot connect to host [Connection refused]"
)


def log_a_failed_action(exc: BaseException) -> None:
    logging.getLogger("rasa.core.actions.action").error(ACTION_MESSAGE)
    try:
        raise exc
    except BaseException:
        logging.getLogger("rasa.core.processor").exception(PROCESSOR_MESSAGE)


def connection_failure() -> RasaException:
    try:
        try:
            raise ConnectionRefusedError(111, "Connection refused")
        except ConnectionRefusedError as refused:
            raise RasaException(
                "Failed to execute custom action 'action_emergency_referral'. Couldn't connect to the server at "
                "'http://127.0.0.1:5055/webhook."
            ) from refused
    except RasaException as exc:
        return exc


@pytest.fixture(autouse=True)
def installed():
    log_privacy.install()
    log_privacy.install()  # twice: still one filter each
    assert (
        len(
            [
                f
                for f in logging.getLogger("rasa.core.processor").filters
                if isinstance(f, log_privacy.OneLineActionFailure)
            ]
        )
        == 1
    )


def test_a_failed_action_call_is_one_clear_line_at_info(caplog):
    caplog.set_level(logging.INFO)
    log_a_failed_action(connection_failure())
    assert len(caplog.records) == 1, caplog.text
    record = caplog.records[0]
    assert record.levelno == logging.ERROR and record.exc_info is None and "Traceback" not in caplog.text
    assert record.getMessage().startswith(
        "Action 'action_emergency_referral' failed: Couldn't connect to the server at "
        "'http://127.0.0.1:5055/webhook' [ConnectionRefusedError]."
    )


def test_the_details_stay_at_debug(caplog):
    caplog.set_level(logging.DEBUG)
    log_a_failed_action(connection_failure())
    details = [r for r in caplog.records if r.name == "assistant.log_privacy"]
    assert any(r.exc_info for r in details) and any("Is the server running?" in r.getMessage() for r in details)


def test_other_exceptions_are_named_by_type_only(caplog):
    caplog.set_level(logging.INFO)
    try:
        try:
            raise KeyError("Zephyrine wrote this")
        except KeyError:
            raise ValueError("my email is zephyrine@example.org")
    except ValueError as exc:
        log_a_failed_action(exc)
    assert "Zephyrine" not in caplog.text and "zephyrine@" not in caplog.text
    assert "failed: ValueError [KeyError]" in caplog.text


def test_other_records_pass_unchanged(caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("rasa.core.processor").warning("Something else %s", "here")
    logging.getLogger("rasa.core.actions.action").error("Custom action 'x' rejected execution.")
    assert [r.getMessage() for r in caplog.records] == ["Something else here", "Custom action 'x' rejected execution."]


def test_api_errors_lose_the_detail_that_can_quote_the_request(caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("rasa.server").error(
        "Failed to validate the events format. For more information visit the docs. "
        "Error: {'event': 'user', 'text': 'Zephyrine, 07700900461'} is not valid under any of the given schemas"
    )
    assert caplog.records[-1].getMessage() == (
        "Failed to validate the events format. For more information visit the docs. (details at DEBUG level)"
    )
    assert "Zephyrine" not in caplog.text


def test_tracebacks_logged_as_text_by_the_api_become_one_line(caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("rasa.server").error(
        'Traceback (most recent call last):\n  File "x.py", line 1, in f\nValueError: Zephyrine wrote this\n'
    )
    assert caplog.records[-1].getMessage() == "An API request failed with ValueError (traceback at DEBUG level)."


def test_request_failures_keep_the_path_but_not_the_token_or_traceback(caplog):
    caplog.set_level(logging.INFO)
    try:
        raise AttributeError("'int' object has no attribute 'strip'")
    except AttributeError:
        logging.getLogger("sanic.error").exception(
            "Exception occurred while handling uri: %s", repr("http://127.0.0.1:5005/model/parse?token=s3cret&x=1")
        )
    record = [r for r in caplog.records if r.name == "sanic.error"][-1]
    assert record.getMessage() == "Request to /model/parse failed with AttributeError (traceback at DEBUG level)."
    assert record.exc_info is None and "s3cret" not in caplog.text


def test_access_log_hides_the_token():
    record = logging.LogRecord("sanic.access", logging.INFO, "x", 1, "", (), None)
    record.request = "GET http://127.0.0.1:5005/status?token=s3cret"
    assert log_privacy.HideTokenInAccessLog().filter(record)
    assert record.request == "GET http://127.0.0.1:5005/status?token=<hidden>"


def test_a_record_the_filters_cannot_read_still_passes():
    record = logging.LogRecord("rasa.server", logging.ERROR, "x", 1, "%s %s", ("only one",), None)
    assert log_privacy.ApiErrorWithoutData().filter(record)


def test_percent_signs_in_rewritten_lines_stay_as_they_are(caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("rasa.server").error("Cannot read 100%% of it. Error: %s", "details")
    assert caplog.records[-1].getMessage() == "Cannot read 100% of it. (details at DEBUG level)"
