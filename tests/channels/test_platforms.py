"""Messaging platforms end to end, through one real assistant (scripts/run.sh, as `make run` starts it).

Requests are shaped and signed exactly as Slack and Twilio send them; replies go to a fake of each
platform's API on loopback (platform_fakes.py), where they are checked. Badly signed requests must
be rejected and never answered.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time
import urllib.parse

import pytest
from twilio.request_validator import RequestValidator

from assistant import clinic_settings
from conftest import MODEL  # tests/conftest.py
from platform_fakes import FakePlatformApi, PlatformsServer

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def platform_api():
    api = FakePlatformApi()
    api.start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def platforms_server(tmp_path_factory, platform_api):
    if not MODEL.is_file():
        pytest.fail("models/assistant.tar.gz is missing: run `make train` (make test does it first)")
    server = PlatformsServer(tmp_path_factory.mktemp("platforms"), platform_api.url)
    server.start(timeout=420)  # a shared, busy machine can take minutes to load the model
    yield server
    server.stop()


@pytest.fixture(scope="module")
def greeting_buttons(platforms_server):
    """The greeting's button titles, as the same server gives them to the web chat (REST channel)."""
    replies = platforms_server.say("web-" + secrets.token_hex(4), "hello")
    return [button["title"] for reply in replies for button in reply.get("buttons") or []]


# --- Slack: Events API, X-Slack-Signature ---
SLACK_WEBHOOK = "/webhooks/slack/webhook"


def slack_headers(secret: str, body: bytes, timestamp: int = None) -> dict:
    """The headers Slack sends: X-Slack-Signature = v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": f"v0={digest}",
    }


def direct_message(text: str, user: str, channel: str) -> bytes:
    ts = f"{time.time():.6f}"
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": "T0CLINIC",
            "api_app_id": "A0ASSIST",
            "type": "event_callback",
            "event_id": "Ev" + secrets.token_hex(6),
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T0CLINIC", "user_id": "U0BOT", "is_bot": True}],
            "event": {
                "type": "message",
                "channel_type": "im",
                "user": user,
                "text": text,
                "ts": ts,
                "event_ts": ts,
                "channel": channel,
            },
        }
    ).encode()


def posted_to(channel: str):
    def accept(call):
        if not call["path"].endswith("/chat.postMessage"):
            return False
        return json.loads(call["body"] or b"{}").get("channel") == channel

    return accept


@pytest.fixture(scope="module")
def secret(platforms_server):
    return platforms_server.platform_env["SLACK_SIGNING_SECRET"]


def test_a_signed_direct_message_gets_the_answer_posted_to_slack(
    platforms_server, platform_api, secret, greeting_buttons
):
    channel = "D" + secrets.token_hex(4).upper()
    body = direct_message("hello", "U" + secrets.token_hex(4).upper(), channel)
    status, _ = platforms_server.deliver(SLACK_WEBHOOK, body, slack_headers(secret, body))
    assert status == 200
    calls = platform_api.wait_for(posted_to(channel))
    assert calls, f"no reply reached Slack:\n{platforms_server.log_tail()}"
    sent = json.loads(calls[0]["body"])
    assert calls[0]["headers"]["Authorization"] == f"Bearer {platforms_server.platform_env['SLACK_BOT_TOKEN']}"
    assert clinic_settings.load().clinic_name in sent["text"]
    assert "**" not in sent["text"] and "](" not in sent["text"]
    # Slack shows up to five buttons itself (the same ones as the web chat); more are listed in the text
    shown = [element["text"]["text"] for block in sent.get("blocks") or [] for element in block.get("elements", [])]
    assert shown == (greeting_buttons if len(greeting_buttons) <= 5 else [])


@pytest.mark.parametrize("tamper", ["wrong secret", "changed body", "stale timestamp", "no signature"])
def test_a_badly_signed_request_is_rejected_and_never_answered(platforms_server, platform_api, secret, tamper):
    channel = "D" + secrets.token_hex(4).upper()
    body = direct_message("does acupuncture hurt?", "U" + secrets.token_hex(4).upper(), channel)
    headers = {
        "wrong secret": slack_headers("not-the-secret", body),
        "changed body": slack_headers(secret, body.replace(b"hurt", b"heal")),
        "stale timestamp": slack_headers(secret, body, int(time.time()) - 600),
        "no signature": {"Content-Type": "application/json"},
    }[tamper]
    status, text = platforms_server.deliver(SLACK_WEBHOOK, body, headers)
    assert status == 400 and "signed" in text
    # a properly signed message sent afterwards is answered; the rejected one still is not
    control = "D" + secrets.token_hex(4).upper()
    good = direct_message("hello", "U0CONTROL", control)
    assert platforms_server.deliver(SLACK_WEBHOOK, good, slack_headers(secret, good))[0] == 200
    assert platform_api.wait_for(posted_to(control))
    assert platform_api.matching(posted_to(channel)) == []


def test_slack_url_check_gets_the_bare_challenge_only_when_signed(platforms_server, secret):
    challenge = secrets.token_urlsafe(24)
    body = json.dumps({"token": "t", "challenge": challenge, "type": "url_verification"}).encode()
    assert platforms_server.deliver(SLACK_WEBHOOK, body, slack_headers(secret, body)) == (200, challenge)
    status, text = platforms_server.deliver(SLACK_WEBHOOK, body, slack_headers("not-the-secret", body))
    assert status == 400 and challenge not in text


def test_a_button_click_is_answered_like_typed_text(platforms_server, platform_api, secret):
    channel = "D" + secrets.token_hex(4).upper()
    payload = {
        "type": "block_actions",
        "user": {"id": "U0CLICK"},
        "channel": {"id": channel},
        "message": {"ts": f"{time.time():.6f}"},
        "actions": [{"type": "button", "value": "Does acupuncture hurt?", "action_id": "a"}],
    }
    body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    headers = {**slack_headers(secret, body), "Content-Type": "application/x-www-form-urlencoded"}
    assert platforms_server.deliver(SLACK_WEBHOOK, body, headers)[0] == 200
    calls = platform_api.wait_for(posted_to(channel))
    assert calls and "General information, not medical advice." in json.loads(calls[0]["body"])["text"]


# --- Twilio: SMS and WhatsApp, X-Twilio-Signature ---
SMS_WEBHOOK = "/webhooks/twilio/webhook"
WHATSAPP_WEBHOOK = "/webhooks/twilio_whatsapp/webhook"
MARKUP = ("_General", "advice._", "**", "](")


def twilio_request(server, path, sender, text, sign_for=None, token=None, headers=None):
    """Deliver a form POST signed as Twilio signs it: HMAC-SHA1 of the called URL plus the sorted fields."""
    fields = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": server.platform_env["TWILIO_ACCOUNT_SID"],
        "From": sender,
        "To": server.platform_env["TWILIO_SMS_NUMBER"],
        "Body": text,
        "NumMedia": "0",
    }
    url = sign_for or server.url + path
    token = token or server.platform_env["TWILIO_AUTH_TOKEN"]
    signature = RequestValidator(token).compute_signature(url, fields)
    all_headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": signature,
        **(headers or {}),
    }
    return server.deliver(path, urllib.parse.urlencode(fields).encode(), all_headers)


def sent_to(number):
    def accept(call):
        if not call["path"].endswith("/Messages.json"):
            return False
        return urllib.parse.parse_qs(call["body"].decode()).get("To") == [number]

    return accept


def message_fields(call):
    return {key: values[0] for key, values in urllib.parse.parse_qs(call["body"].decode()).items()}


def new_number() -> str:
    return "+4477009" + str(secrets.randbelow(10**5)).zfill(5)


def test_an_sms_greeting_comes_back_as_one_plain_text_sms(platforms_server, platform_api, greeting_buttons):
    sender = new_number()
    status, twiml = twilio_request(platforms_server, SMS_WEBHOOK, sender, "hello")
    assert status == 200 and "<Response></Response>" in twiml
    calls = platform_api.matching(sent_to(sender))  # Rasa answers before it returns the webhook response
    assert len(calls) == 1, f"expected one SMS, got {len(calls)}:\n{platforms_server.log_tail()}"
    sms = message_fields(calls[0])
    env = platforms_server.platform_env
    assert calls[0]["path"] == f"/2010-04-01/Accounts/{env['TWILIO_ACCOUNT_SID']}/Messages.json"
    expected_auth = base64.b64encode(f"{env['TWILIO_ACCOUNT_SID']}:{env['TWILIO_AUTH_TOKEN']}".encode()).decode()
    assert calls[0]["headers"]["Authorization"] == f"Basic {expected_auth}"
    assert sms["From"] == env["TWILIO_SMS_NUMBER"]
    assert clinic_settings.load().clinic_name in sms["Body"]
    assert not any(mark in sms["Body"] for mark in MARKUP)
    for title in greeting_buttons:  # the buttons the web chat shows are listed in the text, once
        assert title in sms["Body"] and sms["Body"].count(f"- {title}") <= 1, title


def test_an_answer_with_markdown_arrives_as_plain_text(platforms_server, platform_api):
    sender = new_number()
    assert twilio_request(platforms_server, SMS_WEBHOOK, sender, "does acupuncture hurt?")[0] == 200
    body = " ".join(message_fields(call)["Body"] for call in platform_api.matching(sent_to(sender)))
    assert "General information, not medical advice." in body
    assert not any(mark in body for mark in MARKUP)


def test_an_emergency_by_sms_gets_the_emergency_number_in_plain_text(platforms_server, platform_api):
    sender = new_number()
    text = "my back hurts and I suddenly can't control my bladder"
    assert twilio_request(platforms_server, SMS_WEBHOOK, sender, text)[0] == 200
    body = " ".join(message_fields(call)["Body"] for call in platform_api.matching(sent_to(sender)))
    assert clinic_settings.load().country.emergency_number in body
    assert not any(mark in body for mark in MARKUP)  # the action server's referral text is shaped too


@pytest.mark.parametrize("tamper", ["wrong token", "other URL", "no signature"])
def test_a_badly_signed_sms_is_rejected_and_never_answered(platforms_server, platform_api, tamper):
    sender = new_number()
    kwargs = {
        "wrong token": {"token": "not-the-auth-token"},
        "other URL": {"sign_for": "https://attacker.example/webhooks/twilio/webhook"},
        "no signature": {"headers": {"X-Twilio-Signature": ""}},
    }[tamper]
    status, _ = twilio_request(platforms_server, SMS_WEBHOOK, sender, "hello", **kwargs)
    assert status == 403
    assert platform_api.matching(sent_to(sender)) == []


def test_behind_a_reverse_proxy_the_public_url_is_what_is_signed(platforms_server, platform_api):
    sender = new_number()
    public = "https://assistant.clinic.example/webhooks/twilio/webhook"
    proxy_headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "assistant.clinic.example"}
    status, _ = twilio_request(platforms_server, SMS_WEBHOOK, sender, "hello", sign_for=public, headers=proxy_headers)
    assert status == 200 and len(platform_api.matching(sent_to(sender))) == 1


def test_whatsapp_replies_from_the_whatsapp_number(platforms_server, platform_api, greeting_buttons):
    sender = "whatsapp:" + new_number()
    assert twilio_request(platforms_server, WHATSAPP_WEBHOOK, sender, "hello")[0] == 200
    calls = platform_api.matching(sent_to(sender))
    assert len(calls) == 1
    message = message_fields(calls[0])
    assert message["From"] == "whatsapp:" + platforms_server.platform_env["TWILIO_WHATSAPP_NUMBER"]
    assert all(title in message["Body"] for title in greeting_buttons)
    # the SMS webhook does not accept a request signed for the WhatsApp one
    assert (
        twilio_request(
            platforms_server, SMS_WEBHOOK, sender, "hello", sign_for=platforms_server.url + WHATSAPP_WEBHOOK
        )[0]
        == 403
    )


def test_a_slash_command_by_sms_is_read_as_text_not_as_an_intent(platforms_server, platform_api):
    sender = new_number()
    assert twilio_request(platforms_server, SMS_WEBHOOK, sender, "/faq/cost_insurance")[0] == 200
    events = platforms_server.tracker(sender)["events"]
    assert [event.get("text") for event in events if event["event"] == "user"] == ["faq/cost_insurance"]
    assert len(platform_api.matching(sent_to(sender))) >= 1
