"""No message text, personal details or token in the server logs or the referral record (default log level)."""

import json
import urllib.error
import urllib.request

import pytest

from privacy_probe import EMAIL, MESSAGES, NAME, bad_bodies, leaks

pytestmark = pytest.mark.live
WEBHOOK = "/webhooks/rest/webhook"


@pytest.fixture(scope="module")
def privacy_traffic(live_server):
    """Conversations (every safety level, so the actions run), bad requests and API calls, all with the details."""
    for i, (kind, text) in enumerate(MESSAGES):
        replies = live_server.say(f"privacy-{i}", text)
        assert replies, kind
    for kind, body in bad_bodies("privacy-bad"):
        status, reply = live_server.post(WEBHOOK, body)
        assert status == 400, (kind, status, reply)
    detail = json.dumps({"text": f"{NAME} {EMAIL}"}).encode()
    assert live_server.post(f"/model/parse?token={live_server.token}", detail)[0] == 200
    assert live_server.post("/model/parse?token=wrong", detail)[0] in (401, 403)
    assert (
        live_server.post(
            f"/conversations/privacy-api/messages?token={live_server.token}",
            json.dumps({"text": f"{NAME} {EMAIL}", "sender": "user"}).encode(),
        )[0]
        == 200
    )
    # API errors: one quotes the rejected event (with its text), one is an unexpected exception (Sanic logs the URL)
    bad_event = json.dumps([{"event": "user", "text": f"{NAME} {EMAIL}", "timestamp": "not a number"}]).encode()
    assert live_server.post(f"/conversations/privacy-api/tracker/events?token={live_server.token}", bad_event)[0] == 400
    assert live_server.post(f"/model/parse?token={live_server.token}", b'{"text": 5}')[0] in (400, 500)
    assert live_server.post(
        f"/conversations/privacy-api/messages?token={live_server.token}", b'{"text": 5, "sender": "user"}'
    )[0] in (400, 500)
    request = urllib.request.Request(f"{live_server.url}{WEBHOOK}?message={EMAIL}", method="GET")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=30)
    assert err.value.code == 405
    return live_server


def test_referrals_were_recorded_without_the_text(privacy_traffic):
    entries = [json.loads(line) for line in privacy_traffic.referral_log.read_text().splitlines()]
    mine = {e["conversation_id"]: e for e in entries if e["conversation_id"].startswith("privacy-")}
    assert {e["level"] for e in mine.values()} >= {"emergency", "urgent", "caution"}
    assert not leaks([privacy_traffic.referral_log])


def test_server_logs_hold_no_message_text_or_personal_details(privacy_traffic):
    # the live server's log holds both servers' output: Rasa (sanic, rasa.core.processor, ...) and the action server
    log = privacy_traffic.log_path
    text = log.read_text(errors="replace")
    assert "Rasa server is up and running" in text and "rasa_sdk" in text  # both servers write to this log
    assert not leaks([log])


def test_server_logs_hold_no_token(privacy_traffic):
    assert not leaks([privacy_traffic.log_path], [privacy_traffic.token])
