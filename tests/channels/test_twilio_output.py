"""The SMS and WhatsApp replies, sent to a fake Twilio API without starting the assistant."""

import urllib.parse

import pytest

from assistant.channels.twilio import TwilioSmsOutput, TwilioWhatsAppOutput
from dev_tools.live_server import free_port
from platform_fakes import FakePlatformApi

SID = "AC" + "1" * 32
BUTTONS = [{"title": "Is it safe?", "payload": "Is it safe?"}, {"title": "Does it hurt?", "payload": "Does it hurt?"}]


@pytest.fixture()
def api():
    fake = FakePlatformApi()
    fake.start()
    yield fake
    fake.stop()


def sent_bodies(api):
    return [urllib.parse.parse_qs(call["body"].decode())["Body"][0] for call in api.calls]


async def test_an_answer_with_buttons_is_one_plain_sms(api):
    sms = TwilioSmsOutput(SID, "token", "+15550001111", api.url)
    await sms.send_response("+447700900123", {"text": "Hello.\n\n_General information._", "buttons": BUTTONS})
    assert sent_bodies(api) == ["Hello.\n\nGeneral information.\n\n- Is it safe?\n- Does it hurt?"]
    assert api.calls[0]["path"] == f"/2010-04-01/Accounts/{SID}/Messages.json"


async def test_whatsapp_keeps_its_markup(api):
    whatsapp = TwilioWhatsAppOutput(SID, "token", "whatsapp:+15550002222", api.url)
    await whatsapp.send_text_message("whatsapp:+447700900123", "It is **rarely** serious.\n_General information._")
    assert sent_bodies(api) == ["It is *rarely* serious.\n_General information._"]
    assert urllib.parse.parse_qs(api.calls[0]["body"].decode())["From"] == ["whatsapp:+15550002222"]


async def test_a_long_answer_is_split_into_messages_twilio_accepts(api):
    sms = TwilioSmsOutput(SID, "token", "+15550001111", api.url)
    await sms.send_text_message("+447700900123", "\n\n".join(["word " * 120] * 3))
    assert len(api.calls) == 2 and all(len(body) <= 1600 for body in sent_bodies(api))


async def test_an_unreachable_twilio_does_not_break_the_turn():
    sms = TwilioSmsOutput(SID, "token", "+15550001111", f"http://127.0.0.1:{free_port()}")
    assert await sms._send_message({"to": "+447700900123", "from_": "+15550001111", "body": "hi"}) is None
