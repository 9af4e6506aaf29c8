"""The chat page in a real browser (Debian's Chromium, driven by Playwright) against the live assistant.

Screenshots of the phone-width and desktop views go to reports/screenshots/.
"""

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from chat_page import DESKTOP, PHONE, REPLY_TIMEOUT_MS, ChatPage, chromium_executable

pytestmark = pytest.mark.live
expect.set_options(timeout=REPLY_TIMEOUT_MS)

EMERGENCY = "I have back pain and suddenly can't control my bladder and my legs are numb"
DISCLAIMER = "General information, not medical advice."


@pytest.fixture(scope="module")
def browser():
    executable = chromium_executable()
    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium's sandbox cannot start
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def new_chat(browser, live_server):
    """A fresh browser (so a fresh conversation) at the chat page; phone or desktop size."""
    contexts = []

    def open_chat(viewport=DESKTOP, path="/webchat/", greeted=True, before_open=None):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(REPLY_TIMEOUT_MS)
        contexts.append(context)
        chat = ChatPage(context.new_page())
        if before_open:
            before_open(chat.page)
        if greeted:
            return chat.open(live_server.url + path)
        chat.page.goto(live_server.url + path)
        return chat

    yield open_chat
    for context in contexts:
        context.close()


def test_a_whole_conversation(new_chat, live_server):
    chat = new_chat()
    expect(chat.page.get_by_role("heading", name="Riverside Acupuncture Clinic")).to_be_visible()
    expect(chat.page.get_by_text(DISCLAIMER).first).to_be_visible()
    expect(chat.bot_messages.first).to_contain_text("Riverside Acupuncture Clinic's automated assistant")
    expect(chat.user_messages).to_have_count(0)  # the greeting is asked for unseen

    answer = chat.ask("What happens in an acupuncture session?")
    expect(answer).to_contain_text("General information, not medical advice")
    expect(answer.locator("em")).to_have_text("General information, not medical advice.")
    follow_up = chat.ask("how many will I need?")
    expect(follow_up).to_contain_text("6–12")
    expect(chat.user_messages).to_have_count(2)
    expect(chat.page.locator("[aria-live=polite]").first).to_contain_text("6–12")  # read out to screen readers

    intents = [
        e["parse_data"]["intent"]["name"] for e in live_server.tracker(chat.sender())["events"] if e["event"] == "user"
    ]
    assert intents == ["greet", "faq", "faq"]


def test_quick_reply_sends_its_question(new_chat, live_server):
    chat = new_chat()
    button = chat.suggestions.get_by_role("button", name="Does acupuncture help back pain?")
    button.click()
    chat.wait_for_reply(1)
    expect(chat.user_messages.last).to_have_text("You said: Does acupuncture help back pain?")
    expect(chat.suggestions).to_have_count(0)  # the choices belong to the greeting only
    assert chat.focused()["id"] == "chat-input"  # the clicked button is gone: focus goes back to typing

    latest = live_server.tracker(chat.sender())["latest_message"]
    assert latest["text"] == "Does acupuncture help back pain?"
    assert latest["response_selector"]["faq"]["response"]["intent_response_key"] == "faq/evidence"


def test_emergency_advice_stands_out(new_chat):
    chat = new_chat()
    referral = chat.ask(EMERGENCY)
    expect(referral).to_have_class("message bot safety safety-emergency")
    expect(referral).to_contain_text("Emergency: get help now")
    expect(referral).to_contain_text("Call 999")
    assert referral.evaluate("el => getComputedStyle(el).borderLeftColor") == "rgb(179, 38, 30)"
    expect(chat.page.locator("[aria-live=assertive]").first).to_contain_text("Emergency: get help now")
    expect(chat.feedback).to_have_count(0)  # no "Did this help?" under an emergency
    expect(referral.get_by_role("link", name="Call 999")).to_have_attribute("href", "tel:999")
    chat.screenshot("webchat-emergency.png")

    ordinary = chat.ask("does it hurt?")
    expect(ordinary).not_to_have_class(re.compile("safety"))


def test_markup_in_a_message_is_shown_as_text_and_never_runs(new_chat):
    chat = new_chat()
    attack = '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=2;alert(2)</script><b>bold</b>'
    chat.ask(attack)
    expect(chat.user_messages.last).to_have_text("You said: " + attack)
    assert chat.page.locator(".log img, .log script, .log b").count() == 0
    chat.page.wait_for_timeout(300)  # give an onerror handler its chance
    assert chat.page.evaluate("() => window.__pwned") is None
    assert chat.dialogs == []


def test_reload_keeps_the_conversation(new_chat, live_server):
    chat = new_chat()
    chat.ask("Does it hurt?")
    sender, texts = chat.sender(), chat.page.locator(".message").all_text_contents()
    chat.page.reload()
    expect(chat.page.locator(".message")).to_have_count(len(texts))
    assert chat.page.locator(".message").all_text_contents() == texts
    assert chat.sender() == sender
    chat.ask("how many sessions will I need?")  # and it goes on in the same conversation
    user_turns = [e for e in live_server.tracker(sender)["events"] if e["event"] == "user"]
    assert len(user_turns) == 3


def test_server_unreachable_is_said_clearly_and_can_be_retried(new_chat):
    chat = new_chat()
    chat.page.route("**/webhooks/rest/webhook?*", lambda route: route.abort())
    chat.input.fill("Is acupuncture safe?")
    chat.input.press("Enter")
    alert = chat.page.get_by_role("alert")
    expect(alert).to_contain_text("can't be reached")
    expect(alert).to_contain_text("+44 20 7946 0000")
    expect(chat.user_messages.last).to_contain_text("Not sent.")

    chat.page.unroute("**/webhooks/rest/webhook?*")
    alert.get_by_role("button", name="Try again").click()
    chat.wait_for_reply(1)
    expect(chat.bot_messages.last).to_contain_text("General information, not medical advice")
    expect(chat.user_messages.last).not_to_contain_text("Not sent.")
    expect(chat.page.get_by_role("alert")).to_have_count(0)


def test_typing_indicator_while_waiting(new_chat):
    chat = new_chat()
    held = []
    chat.page.route("**/webhooks/rest/webhook?*", lambda route: held.append(route))  # held until we let it through
    chat.input.fill("Does it hurt?")
    chat.input.press("Enter")
    expect(chat.typing).to_be_visible()
    expect(chat.typing).to_contain_text("The assistant is typing")
    expect(chat.page.get_by_role("button", name="Send")).to_be_disabled()
    assert len(held) == 1
    # the load balancer's per-sender rate limit reads the sender from the query (deploy/README.md)
    assert f"sender={chat.sender()}" in held[0].request.url
    held[0].continue_()
    chat.wait_for_reply(1)
    expect(chat.typing).to_have_count(0)
    expect(chat.page.get_by_role("button", name="Send")).to_be_enabled()


def test_server_down_when_the_page_opens(new_chat):
    def server_down(page):
        page.route("**/webhooks/rest/webhook?*", lambda route: route.abort("connectionrefused"))

    chat = new_chat(greeted=False, before_open=server_down)
    expect(chat.page.get_by_role("alert")).to_contain_text("can't be reached")


def test_keyboard_only(new_chat):
    chat = new_chat()
    chat.page.evaluate("() => document.activeElement && document.activeElement.blur()")
    reached = []
    for _ in range(12):  # Tab through the page: header, suggestions, then the input
        chat.page.keyboard.press("Tab")
        focused = chat.focused()
        reached.append(focused)
        assert focused["outline"] != "none" and focused["outlineWidth"] >= 2, focused  # focus is visible
        if focused["id"] == "chat-input":
            break
    assert reached[0]["text"] == "Start over"
    assert [f["text"] for f in reached if f["tag"] == "button"][1] == "What is acupuncture?"
    assert reached[-1]["id"] == "chat-input"

    chat.page.keyboard.type("Is it safe?")
    chat.page.keyboard.press("Enter")
    answer = chat.wait_for_reply(1)
    expect(answer).to_contain_text("General information, not medical advice")
    assert chat.focused()["id"] == "chat-input"

    chat.page.keyboard.press("Tab")  # on to Send, then back to the feedback buttons
    assert chat.focused()["text"] == "Send"
    chat.page.keyboard.press("Shift+Tab")
    chat.page.keyboard.press("Shift+Tab")
    assert chat.focused()["text"] == "No"
    chat.page.keyboard.press("Shift+Tab")
    assert chat.focused()["text"] == "Yes"
    chat.page.keyboard.press("Enter")
    expect(chat.page.locator(".notice-info")).to_have_text("Thank you for your feedback.")


def test_feedback_is_stored_in_the_conversation(new_chat, live_server):
    chat = new_chat()
    expect(chat.feedback).to_have_count(0)  # not under the greeting
    chat.ask("How much does acupuncture cost?")
    chat.feedback.get_by_role("button", name="No").click()
    expect(chat.page.locator(".notice-info")).to_have_text("Thank you for your feedback.")
    expect(chat.page.locator("[aria-live=polite]").first).to_have_text("Thank you for your feedback.")
    expect(chat.feedback).to_have_count(0)

    tracker = live_server.tracker(chat.sender())
    assert tracker["slots"]["answer_feedback"] == {"helpful": False, "topic": "faq/cost_insurance"}
    assert [e for e in tracker["events"] if e["event"] == "slot" and e["name"] == "answer_feedback"]
    chat.page.reload()
    expect(chat.feedback).to_have_count(0)  # answered once: not asked again


def test_start_over(new_chat):
    chat = new_chat()
    chat.ask("Does it hurt?")
    first_sender = chat.sender()
    chat.page.get_by_role("button", name="Start over").click()
    expect(chat.bot_messages).to_have_count(1)
    expect(chat.user_messages).to_have_count(0)
    assert chat.sender() != first_sender


def test_phone_width(new_chat):
    chat = new_chat(viewport=PHONE)
    expect(chat.suggestions.get_by_role("button")).to_have_count(5)
    chat.screenshot("webchat-phone.png")
    chat.ask("What happens in an acupuncture session?")
    width = chat.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing sticks out sideways
    for part in (
        chat.input,
        chat.page.get_by_role("button", name="Send"),
        chat.page.get_by_role("button", name="Start over"),
    ):
        box = part.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 44
    chat.screenshot("webchat-phone-answer.png")


def test_desktop_view(new_chat):
    chat = new_chat()
    chat.ask("Does acupuncture help back pain?")
    panel = chat.page.locator(".panel").bounding_box()
    assert panel["width"] <= 760 and panel["x"] > 0  # a readable column in the middle
    chat.screenshot("webchat-desktop.png")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_embedded_with_one_script_tag(new_chat, viewport):
    chat = new_chat(viewport=viewport, path="/webchat/embed-example.html", greeted=False)
    launcher = chat.page.locator("button.launcher")  # on a phone the open chat covers it: found by class
    expect(launcher).to_have_text("Chat with us")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(chat.input).to_be_hidden()
    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(chat.bot_messages).to_have_count(1)
    assert chat.focused()["id"] == "chat-input"
    chat.page.get_by_role("button", name="Send").click(trial=True)  # visible and not covered by anything
    chat.screenshot(f"webchat-embedded-{viewport['width']}.png")
    chat.page.keyboard.press("Escape")
    expect(chat.input).to_be_hidden()
    assert chat.focused()["text"] == "Chat with us"
    launcher.click()
    chat.page.get_by_role("button", name="Close chat").click()
    expect(chat.input).to_be_hidden()
