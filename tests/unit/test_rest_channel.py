"""Request checks of the hardened REST channel."""

import json

import pytest

from assistant.channels.text import MAX_MESSAGE_CHARS
from assistant.rest_channel import RequestError, parse_request


def body(obj) -> bytes:
    return json.dumps(obj).encode()


def test_good_request():
    assert parse_request(body({"sender": "a", "message": "hi", "metadata": {"x": 1}})) == ("a", "hi", {"x": 1})


def test_numeric_sender_is_accepted_as_text():
    assert parse_request(body({"sender": 42, "message": "hi"}))[0] == "42"


@pytest.mark.parametrize(
    "raw,why",
    [
        (b"", "empty"),
        (b"   ", "empty"),
        (b"null", "JSON object"),
        (b"[]", "JSON object"),
        (b'"hi"', "JSON object"),
        (b"{bad json", "not valid JSON"),
        (b"\xff\xfe\x00", "UTF-8"),
        (body({"message": "hi"}), "sender"),
        (body({"sender": "", "message": "hi"}), "sender"),
        (body({"sender": "x" * 500, "message": "hi"}), "longer"),
        (body({"sender": "a", "message": 5}), "'message' must be a string"),
        (body({"sender": "a", "message": "hi", "metadata": []}), "metadata"),
    ],
)
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


def test_sender_with_control_characters_is_refused():
    with pytest.raises(RequestError, match="control characters"):
        parse_request(body({"sender": "a\nb", "message": "hi"}))


def test_control_characters_leave_the_text_but_newlines_and_tabs_stay():
    assert (
        parse_request(body({"sender": "a", "message": "does\x1b[2J it\x07 hurt\n\tok"}))[1] == "does[2J it hurt\n\tok"
    )


def test_lone_surrogates_are_replaced():
    _, text, _ = parse_request(b'{"sender": "a", "message": "hurt \\ud83d here"}')
    assert text == "hurt ? here"
    text.encode("utf-8")


@pytest.mark.parametrize("raw", [b"[" * 100_000 + b"]" * 100_000, b'{"sender": ' + b"9" * 20_000 + b"}"])
def test_json_too_deep_or_numbers_too_long_are_explained(raw):
    with pytest.raises(RequestError, match="cannot be read|can be read"):
        parse_request(raw)


@pytest.fixture
def channel():
    from assistant.rest_channel import SafeRestInput

    return SafeRestInput()


SECRET = "Zephyrine zephyrine@example.org 07700900461"


async def test_a_failed_message_is_logged_as_one_line_without_its_text(channel, caplog):
    async def failing(message):
        raise RuntimeError(f"could not store {message.text}")  # as an SQL error with its parameters would

    caplog.set_level("INFO")
    reply = await channel.answer(body({"sender": "s-1", "message": SECRET}), failing)
    assert reply.status == 503 and "try again" in json.loads(reply.body)["error"]
    records = [r for r in caplog.records if r.name == "assistant.rest_channel"]
    assert len(records) == 1 and records[0].exc_info is None
    assert "RuntimeError" in records[0].getMessage()
    assert "Zephyrine" not in caplog.text and "s-1" not in caplog.text


@pytest.mark.parametrize("raw", [b"{", b"\xff", body({"sender": "a", "message": [SECRET]}), body({"message": SECRET})])
async def test_refused_requests_are_not_logged(channel, caplog, raw):
    async def never(message):
        raise AssertionError("a refused request reached the conversation")

    caplog.set_level("DEBUG")
    reply = await channel.answer(raw, never)
    assert reply.status == 400 and json.loads(reply.body)["error"]
    assert not [r for r in caplog.records if r.name.startswith("assistant")]


async def test_good_message_reaches_the_conversation(channel):
    seen = []

    async def collect(message):
        seen.append((message.sender_id, message.text))
        await message.output_channel.send_text_message(message.sender_id, "an answer")

    reply = await channel.answer(body({"sender": "s-2", "message": "/does it hurt"}), collect)
    assert seen == [("s-2", "does it hurt")]
    assert json.loads(reply.body) == [{"recipient_id": "s-2", "text": "an answer"}]
