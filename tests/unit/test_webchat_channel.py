"""The web chat channel: page config, static files, feedback storage, and the referral marker it relies on.

The HTTP tests mount the channel on a Sanic app the way `rasa run` does (rasa's channel `register`),
with a real in-memory tracker store and lock store, and call it over HTTP.
"""

import json
from types import SimpleNamespace

import aiohttp
import pytest
from rasa.core.channels.channel import register
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sanic import Sanic

from actions import safety_referral
from assistant import clinic_settings, webchat_channel
from assistant.rest_channel import RequestError
from assistant.webchat_channel import (
    WebChatInput,
    contrast_ratio,
    latest_topic,
    page_config,
    parse_feedback,
    readable_text_on,
    record_feedback,
    static_file,
)
from dev_tools.live_server import free_port

WEB = {"client": "webchat"}


# ---- page config ---------------------------------------------------------------------------


def test_config_has_the_clinics_name_colours_and_numbers():
    settings = clinic_settings.load()
    config = page_config(settings)
    assert config["clinic_name"] == settings.clinic_name
    assert config["clinic_phone"] == settings.phone
    assert config["emergency_number"] == settings.country.emergency_number
    assert config["colours"]["primary"] == settings.colours["primary"]
    assert config["webhook"] == "/webhooks/rest/webhook" and config["feedback"] == "/webchat/feedback"
    json.dumps(config)  # served as JSON as it is


@pytest.mark.parametrize("background", ["#1f6f78", "#f2a541", "#000", "#ffffff", "#ffff00", "#0000ff", "#777777"])
def test_text_on_clinic_colours_is_readable(background):
    text = readable_text_on(background)
    assert text in ("#ffffff", "#000000")
    other = "#000000" if text == "#ffffff" else "#ffffff"
    assert contrast_ratio(text, background) >= contrast_ratio(other, background)
    assert contrast_ratio(text, background) >= 4.5


def test_colours_that_are_not_hex_fall_back_to_the_defaults():
    settings = clinic_settings.load()
    odd = clinic_settings.ClinicSettings(**{**settings.__dict__, "colours": {"primary": "red; }", "accent": "url(x)"}})
    colours = page_config(odd)["colours"]
    assert colours["primary"] == webchat_channel.DEFAULT_COLOURS["primary"]
    assert colours["accent"] == webchat_channel.DEFAULT_COLOURS["accent"]


# ---- static files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,content_type",
    [
        ("index.html", "text/html"),
        ("widget.js", "text/javascript"),
        ("widget.css", "text/css"),
        ("embed-example.html", "text/html"),
    ],
)
def test_widget_files_are_found(name, content_type):
    content, kind = static_file(webchat_channel.WEBCHAT_DIR, name)
    assert content and kind.startswith(content_type)


@pytest.mark.parametrize("name", ["../domain.yml", "..", "missing.js", ".hidden.js", "widget.js.bak", "a/b.js", ""])
def test_nothing_else_is_served(name):
    assert static_file(webchat_channel.WEBCHAT_DIR, name) is None


def test_pages_load_nothing_from_other_servers():
    for path in webchat_channel.WEBCHAT_DIR.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "//cdn" not in text and "googleapis" not in text and "unpkg" not in text, path.name
        if path.suffix == ".js":
            assert "innerHTML" not in text and "insertAdjacentHTML" not in text and "eval(" not in text, path.name


# ---- feedback requests ------------------------------------------------------------------------


def test_good_feedback_request():
    assert parse_feedback(b'{"sender": " web-1 ", "helpful": false}') == ("web-1", False)


@pytest.mark.parametrize(
    "body,why",
    [
        (b"", "JSON object"),
        (b"{bad", "not valid JSON"),
        (b"\xff", "not valid JSON"),
        (b"[]", "JSON object"),
        (b'{"helpful": true}', "sender"),
        (b'{"sender": "", "helpful": true}', "sender"),
        (json.dumps({"sender": "x" * 500, "helpful": True}).encode(), "sender"),
        (b'{"sender": 5, "helpful": true}', "sender"),
        (b'{"sender": "a"}', "helpful"),
        (b'{"sender": "a", "helpful": "yes"}', "helpful"),
        (b'{"sender": "a", "helpful": 1}', "helpful"),
    ],
)
def test_bad_feedback_requests_are_explained(body, why):
    with pytest.raises(RequestError, match=why):
        parse_feedback(body)


# ---- feedback storage ---------------------------------------------------------------------------


def faq_message(topic, metadata=WEB):
    parse_data = {
        "intent": {"name": "faq", "confidence": 0.99},
        "response_selector": {
            "faq": {"response": {"intent_response_key": f"faq/{topic}", "utter_action": f"utter_faq/{topic}"}}
        },
    }
    return UserUttered(
        "does it hurt?",
        {"name": "faq", "confidence": 0.99},
        parse_data=parse_data,
        input_channel="rest",
        metadata=metadata,
    )


async def agent_with(domain, *conversations):
    store = InMemoryTrackerStore(domain)
    for sender, events in conversations:
        await store.save(DialogueStateTracker.from_events(sender, events, domain.slots))
    return SimpleNamespace(tracker_store=store, lock_store=InMemoryLockStore(), domain=domain, is_ready=lambda: True)


def test_topic_is_the_faq_key_or_the_intent(domain):
    faq = DialogueStateTracker.from_events("a", [faq_message("does_it_hurt")], domain.slots)
    greet = DialogueStateTracker.from_events("b", [UserUttered("hi", {"name": "greet"})], domain.slots)
    assert latest_topic(faq) == "faq/does_it_hurt"
    assert latest_topic(greet) == "greet"
    assert latest_topic(DialogueStateTracker("c", domain.slots)) is None


async def test_feedback_is_stored_as_a_slot_in_the_conversation(domain):
    agent = await agent_with(domain, ("web-1", [ActionExecuted("action_listen"), faq_message("cost_insurance")]))
    assert await record_feedback(agent, "web-1", True) == {"helpful": True, "topic": "faq/cost_insurance"}
    tracker = await agent.tracker_store.retrieve("web-1")
    assert tracker.get_slot("answer_feedback") == {"helpful": True, "topic": "faq/cost_insurance"}
    assert isinstance(tracker.events[-1], SlotSet) and tracker.events[-1].key == "answer_feedback"
    assert tracker.latest_message.text == "does it hurt?"  # the conversation itself is untouched


async def test_feedback_needs_a_web_chat_conversation(domain):
    agent = await agent_with(domain, ("+447700900000", [faq_message("cost_insurance", metadata={})]))
    assert await record_feedback(agent, "nobody", False) is None
    assert await record_feedback(agent, "+447700900000", False) is None  # e.g. an SMS conversation
    assert (await agent.tracker_store.retrieve("+447700900000")).get_slot("answer_feedback") is None


# ---- the channel over HTTP, mounted as `rasa run` mounts it ---------------------------------------


@pytest.fixture
async def chat_server(domain, monkeypatch):
    # Sanic's test mode lets one process start more than one app (it rewrites shared methods otherwise)
    monkeypatch.setattr(Sanic, "test_mode", True)
    app = Sanic(f"webchat_test_{free_port()}")
    register([WebChatInput()], app, route="/webhooks/")
    app.ctx.agent = await agent_with(domain, ("web-2", [faq_message("side_effects")]))
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.start_serving()
    async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as session:
        yield SimpleNamespace(session=session, agent=app.ctx.agent)
    server.close()
    await server.wait_closed()


async def test_page_and_widget_are_served(chat_server):
    async with chat_server.session.get("/webchat/") as resp:
        assert resp.status == 200 and resp.content_type == "text/html"
        assert "widget.js" in await resp.text()
        assert "default-src 'self'" in resp.headers["Content-Security-Policy"]
    async with chat_server.session.get("/webchat", allow_redirects=False) as resp:
        assert resp.status in (301, 302) and resp.headers["Location"] == "/webchat/"
    async with chat_server.session.get("/webchat/widget.js") as resp:
        assert resp.status == 200 and resp.content_type == "text/javascript"
    for bad in ("/webchat/nothing.js", "/webchat/..%2Fdomain.yml", "/webchat/%2e%2e%2fcredentials.yml"):
        async with chat_server.session.get(bad) as resp:
            assert resp.status == 404, bad


async def test_config_is_served_as_json(chat_server):
    async with chat_server.session.get("/webchat/config.json") as resp:
        assert resp.status == 200
        config = await resp.json()
    assert config["clinic_name"] == clinic_settings.load().clinic_name and config["colours"]["on_primary"]


async def test_feedback_endpoint(chat_server):
    post = chat_server.session.post
    async with post("/webchat/feedback", data=b"{nope") as resp:
        assert resp.status == 400 and "JSON" in (await resp.json())["error"]
    async with post("/webchat/feedback", json={"sender": "web-2", "helpful": "yes"}) as resp:
        assert resp.status == 400
    async with post("/webchat/feedback", json={"sender": "unknown", "helpful": True}) as resp:
        assert resp.status == 404
    async with post("/webchat/feedback", json={"sender": "web-2", "helpful": False}) as resp:
        assert resp.status == 200 and (await resp.json()) == {"stored": True}
    tracker = await chat_server.agent.tracker_store.retrieve("web-2")
    assert tracker.get_slot("answer_feedback") == {"helpful": False, "topic": "faq/side_effects"}


async def test_feedback_while_the_model_loads_is_a_clear_503(chat_server):
    chat_server.agent.is_ready = lambda: False
    async with chat_server.session.post("/webchat/feedback", json={"sender": "web-2", "helpful": True}) as resp:
        assert resp.status == 503 and "try again" in (await resp.json())["error"]


# ---- the referral marker the page uses to make safety advice stand out ----------------------------


def referral_tracker(metadata):
    latest = {
        "text": "my legs are numb",
        "intent": {"name": "faq"},
        "entities": [],
        "metadata": metadata,
        "safety": {"level": "emergency", "findings": []},
    }
    return Tracker("conv-1", {}, latest, [], False, None, {}, "action_listen")


@pytest.mark.parametrize("metadata,marked", [(WEB, True), ({}, False), (None, False), ({"client": "sms"}, False)])
async def test_referral_marker_only_for_the_web_chat(metadata, marked, tmp_path, monkeypatch):
    monkeypatch.setenv("REFERRAL_LOG", str(tmp_path / "referrals.jsonl"))
    dispatcher = CollectingDispatcher()
    await safety_referral.ActionEmergencyReferral().run(dispatcher, referral_tracker(metadata), {})
    customs = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert customs == ([{"safety_level": "emergency"}] if marked else [])
    assert dispatcher.messages[0]["text"]  # the referral text comes first either way
