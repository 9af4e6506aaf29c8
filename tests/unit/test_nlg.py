"""Answers are filled with the clinic's details by the custom response generator."""

from types import SimpleNamespace

import pytest
from rasa.shared.core.trackers import DialogueStateTracker

from assistant import clinic_settings
from assistant.nlg import ClinicResponseGenerator


@pytest.mark.parametrize("country,number", [("GB", "999"), ("US", "911"), ("AU", "000"), ("IE", "112 or 999")])
async def test_emergency_fallback_uses_the_country_number(domain, country, number):
    settings = clinic_settings.load().for_country(country)
    nlg = ClinicResponseGenerator(domain=domain, settings=settings)
    tracker = DialogueStateTracker("t", domain.slots)
    reply = await nlg.generate("utter_emergency_fallback", tracker, "rest")
    assert f"Call {number} now" in reply["text"]


async def test_every_answer_is_fully_filled(domain):
    settings = clinic_settings.load()
    nlg = ClinicResponseGenerator(domain=domain, settings=settings)
    tracker = DialogueStateTracker("t", domain.slots)
    for name in domain.responses:
        reply = await nlg.generate(name, tracker, "rest")
        assert "{" not in reply["text"], name
    contact = (await nlg.generate("utter_contact_clinic", tracker, "rest"))["text"]
    assert settings.phone in contact and settings.email in contact and settings.booking_url in contact


@pytest.mark.parametrize("client,expected", [("webchat", {"safety_level": "emergency"}), (None, None)])
async def test_emergency_fallback_is_marked_for_the_chat_page_only(domain, client, expected):
    from rasa.shared.core.events import UserUttered

    nlg = ClinicResponseGenerator(domain=domain, settings=clinic_settings.load())
    tracker = DialogueStateTracker("t", domain.slots)
    tracker.update(UserUttered("my legs went numb", metadata={"client": client} if client else None))
    reply = await nlg.generate("utter_emergency_fallback", tracker, "rest")
    assert reply.get("custom") == expected
    answer = await nlg.generate("utter_faq/does_it_hurt", tracker, "rest")
    assert "custom" not in answer


def test_broken_settings_stop_the_generator(domain, tmp_path, monkeypatch):
    monkeypatch.setenv(clinic_settings.SETTINGS_ENV, str(tmp_path / "missing.yml"))
    with pytest.raises(clinic_settings.ClinicSettingsError):
        ClinicResponseGenerator(domain=domain)


# --- answers shaped for each channel (assistant/channels/formatting.py) ---

from assistant.channels import formatting  # noqa: E402

BUTTONS = [
    {"title": "What is acupuncture?", "payload": "What is acupuncture?"},
    {"title": "Does it hurt?", "payload": "Does it hurt?"},
    {"title": "How much does it cost?", "payload": "How much does it cost?"},
    {"title": "Is it safe?", "payload": "Is it safe?"},
]


@pytest.mark.parametrize(
    "markdown,plain",
    [
        ("_General information, not medical advice._", "General information, not medical advice."),
        ("It is **not** a cure.", "It is not a cure."),
        ("It is *rarely* serious.", "It is rarely serious."),
        (
            "Book at [our site](https://clinic.example/book_now_here).",
            "Book at our site (https://clinic.example/book_now_here).",
        ),
        ("[https://clinic.example](https://clinic.example)", "https://clinic.example"),
        ("Visit https://clinic.example/book_now_here today", "Visit https://clinic.example/book_now_here today"),
        ("the slot answer_feedback_topic stays", "the slot answer_feedback_topic stays"),
        ("- a list item\n- another", "- a list item\n- another"),
        ("## Costs\nVaries.", "Costs\nVaries."),
    ],
)
def test_markdown_becomes_plain_text(markdown, plain):
    assert formatting.to_plain(markdown) == plain


def test_whatsapp_keeps_its_own_markup():
    text = "It is **not** a cure, *usually*. See [prices](https://c.example/p).\n_General information._"
    assert formatting.to_whatsapp(text) == (
        "It is *not* a cure, _usually_. See prices (https://c.example/p).\n_General information._"
    )


def test_sms_lists_buttons_in_the_text_and_drops_markup():
    reply = {"text": "Hello! Ask me about:\n_General information, not medical advice._", "buttons": BUTTONS}
    shaped = formatting.for_channel(reply, "twilio")
    assert "buttons" not in shaped
    assert shaped["text"].endswith("\n".join(f"- {b['title']}" for b in BUTTONS))
    assert "General information, not medical advice." in shaped["text"] and "_" not in shaped["text"]
    assert reply["buttons"] == BUTTONS  # the domain's answer itself is not changed


def test_a_question_the_text_already_lists_is_not_repeated():
    text = "You could ask:\n- Does it hurt?\n- Is it safe"
    shaped = formatting.for_channel({"text": text, "buttons": BUTTONS}, "twilio")
    for title in ("Does it hurt?", "Is it safe"):
        assert sum(title.rstrip("?") in line for line in shaped["text"].splitlines()) == 1, title
    assert "- What is acupuncture?" in shaped["text"] and "- How much does it cost?" in shaped["text"]


def test_buttons_stay_where_the_platform_shows_them():
    reply = {"text": "Hi _there_", "buttons": BUTTONS[:3]}
    assert formatting.for_channel(reply, "rest") == reply  # web chat and REST: unchanged
    assert formatting.for_channel(reply, "facebook") == {"text": "Hi there", "buttons": BUTTONS[:3]}
    too_many = formatting.for_channel({"text": "Hi", "buttons": BUTTONS}, "facebook")  # Messenger's limit is 3
    assert "buttons" not in too_many and too_many["text"].count("\n- ") == len(BUTTONS)
    assert formatting.for_channel({"text": "Hi", "buttons": BUTTONS}, "slack")["buttons"] == BUTTONS


def test_odd_buttons_and_missing_text_do_not_crash():
    shaped = formatting.for_channel({"buttons": [None, {}, {"payload": "Is it safe?"}, "x"]}, "twilio")
    assert shaped["text"] == "- Is it safe?"


def test_long_sms_is_cut_between_paragraphs():
    text = "\n\n".join(f"Paragraph {i} " + "word " * 60 for i in range(12))
    parts = formatting.split_for_limit(text, 1600)
    assert len(parts) > 1 and all(len(p) <= 1600 for p in parts)
    assert all(p.startswith("Paragraph") for p in parts)
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())
    assert formatting.split_for_limit("x" * 3500, 1600) == ["x" * 1600, "x" * 1600, "x" * 300]


async def test_generator_shapes_answers_for_sms(domain):
    settings = clinic_settings.load()
    responses = {**domain.responses, "utter_with_buttons": [{"text": "Hello **there**.", "buttons": BUTTONS}]}
    nlg = ClinicResponseGenerator(domain=SimpleNamespace(responses=responses), settings=settings)
    tracker = DialogueStateTracker("t", domain.slots)
    sms = await nlg.generate("utter_with_buttons", tracker, "twilio")
    assert "buttons" not in sms and sms["text"].startswith("Hello there.")
    assert all(f"- {b['title']}" in sms["text"] for b in BUTTONS)
    web = await nlg.generate("utter_with_buttons", tracker, "rest")
    assert web["text"] == "Hello **there**." and web["buttons"] == BUTTONS  # web chat: unchanged
    for name in domain.responses:
        reply = await nlg.generate(name, tracker, "twilio")
        assert "buttons" not in reply, name
        assert not any(mark in reply["text"] for mark in ("_General", "advice._", "**", "](")), name
    greet_buttons = domain.responses["utter_greet"][0].get("buttons") or []
    greeting = (await nlg.generate("utter_greet", tracker, "twilio"))["text"]
    assert all(b["title"] in greeting for b in greet_buttons)
    assert settings.clinic_name in greeting
