"""User text from a platform is cleaned before the assistant sees it (assistant/channels/inbound.py)."""

import pytest

from assistant.channels.inbound import clean_user_text
from assistant.channels.text import MAX_MESSAGE_CHARS


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("  does it hurt?  ", "does it hurt?"),
        ('/faq{"topic": "cost"}', 'faq{"topic": "cost"}'),  # no intent injection past the safety triage
        ("//greet", "greet"),
        ("a\x00b\x07c", "abc"),
        ("line one\nline two", "line one\nline two"),
        ("lone \ud800 surrogate", "lone ? surrogate"),
        (None, ""),
        (42, ""),
        ("   ", ""),
    ],
)
def test_user_text_is_cleaned(raw, clean):
    assert clean_user_text(raw) == clean


def test_very_long_text_is_cut():
    assert len(clean_user_text("x" * (MAX_MESSAGE_CHARS + 100))) == MAX_MESSAGE_CHARS


class Recorder:
    def __init__(self):
        self.texts = []

    async def __call__(self, message):
        self.texts.append(message.text)


async def test_every_platform_channel_hands_on_cleaned_messages_only():
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    from assistant.channels.inbound import cleaning

    recorder = Recorder()
    handle = cleaning(recorder)
    for text in ("/greet", "  ", "/", "is it safe?"):
        await handle(UserMessage(text, CollectingOutputChannel(), "someone"))
    assert recorder.texts == ["greet", "is it safe?"]


async def test_telegram_start_command_is_a_greeting(monkeypatch):
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput

    from assistant.channels.telegram import TelegramInput

    captured = {}
    # Rasa's own blueprint would contact Telegram; keep only the handler it is given
    monkeypatch.setattr(RasaTelegramInput, "blueprint", lambda self, handler: captured.setdefault("handler", handler))
    recorder = Recorder()
    TelegramInput("123:abc", "clinic_bot", "https://bot.example/webhooks/telegram/webhook").blueprint(recorder)
    for text in ("/start", "/faq", "hello there"):
        await captured["handler"](UserMessage(text, CollectingOutputChannel(), "42"))
    assert recorder.texts == ["hello", "faq", "hello there"]
