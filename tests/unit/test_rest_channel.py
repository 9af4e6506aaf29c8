"""Request checks of the hardened REST channel."""
import json

import pytest

from assistant.rest_channel import MAX_MESSAGE_CHARS, RequestError, parse_request


def body(obj) -> bytes:
    return json.dumps(obj).encode()


def test_good_request():
    assert parse_request(body({"sender": "a", "message": "hi", "metadata": {"x": 1}})) == ("a", "hi", {"x": 1})


def test_numeric_sender_is_accepted_as_text():
    assert parse_request(body({"sender": 42, "message": "hi"}))[0] == "42"


@pytest.mark.parametrize("raw,why", [
    (b"", "empty"), (b"   ", "empty"), (b"null", "JSON object"), (b"[]", "JSON object"), (b"\"hi\"", "JSON object"),
    (b"{bad json", "not valid JSON"), (b"\xff\xfe\x00", "UTF-8"),
    (body({"message": "hi"}), "sender"), (body({"sender": "", "message": "hi"}), "sender"),
    (body({"sender": "x" * 500, "message": "hi"}), "longer"), (body({"sender": "a", "message": 5}), "'message' must be a string"),
    (body({"sender": "a", "message": "hi", "metadata": []}), "metadata"),
])
def test_bad_requests_are_explained(raw, why):
    with pytest.raises(RequestError, match=why):
        parse_request(raw)


def test_long_message_is_cut():
    _, text, _ = parse_request(body({"sender": "a", "message": "x" * 100_000}))
    assert len(text) == MAX_MESSAGE_CHARS


def test_intent_injection_is_stripped():
    assert parse_request(body({"sender": "a", "message": "/greet"}))[1] == "greet"


@pytest.mark.parametrize("text", ["", "   ", None, "\x00"])
def test_empty_text_is_passed_as_empty(text):
    assert parse_request(body({"sender": "a", "message": text}))[1].strip() == ""
