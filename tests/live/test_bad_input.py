"""Bad input on the REST webhook: a polite answer or a clear 4xx, never a 500; the conversation goes on."""

import json

import pytest

pytestmark = pytest.mark.live
WEBHOOK = "/webhooks/rest/webhook"


def message(sender, text):
    return json.dumps({"sender": sender, "message": text}).encode()


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        b"null",
        b"[]",
        b"{",
        b"\xff\xfe",
        b'"text"',
        b"42",
        b'{"message": "hi"}',
        b'{"sender": null, "message": "hi"}',
        json.dumps({"sender": "x" * 10_000, "message": "hi"}).encode(),
        b'{"sender": "a", "message": {"nested": true}}',
        b'{"sender": "a", "message": ["list"]}',
    ],
)
def test_malformed_requests_get_a_clear_400(live_server, body):
    status, reply = live_server.post(WEBHOOK, body)
    assert status == 400, (status, reply)
    assert "error" in reply


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "😀😀😀",
        "x" * 100_000,
        "¿Dónde está la clínica? ¿La acupuntura duele?",
        "针灸对腰痛有用吗",
        "<script>alert('x')</script>",
        "<b>does it hurt</b>",
        "/greet",
        "'; DROP TABLE events; --",
        "\u202e\u200b",
    ],
)
def test_odd_messages_get_a_polite_answer_and_the_conversation_goes_on(live_server, text):
    sender = f"bad-input-{abs(hash(text))}"
    live_server.say(sender, "hello")
    status, replies = live_server.post(WEBHOOK, message(sender, text))
    assert status == 200, (status, replies)
    assert replies and all(r.get("text") for r in replies)
    replies = live_server.say(sender, "how much does a session cost")
    assert any("£" in r.get("text", "") or "$" in r.get("text", "") for r in replies)
    events = live_server.tracker(sender)["events"]
    user_texts = [e["text"] for e in events if e["event"] == "user"]
    assert user_texts[0] == "hello" and user_texts[-1] == "how much does a session cost"


def test_api_is_closed_without_token(live_server):
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{live_server.url}/conversations/anyone/tracker", timeout=10)
    assert err.value.code in (401, 403)


@pytest.mark.parametrize("origin,allowed", [("http://localhost:5005", True), ("https://evil.example", False)])
def test_cors_only_for_origins_in_the_clinic_settings(live_server, origin, allowed):
    import urllib.request

    req = urllib.request.Request(
        live_server.url + WEBHOOK,
        data=message("cors", "hello"),
        headers={"Content-Type": "application/json", "Origin": origin},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        header = resp.headers.get("Access-Control-Allow-Origin")
    assert (header == origin) is allowed
