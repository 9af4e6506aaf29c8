"""The chat page as a person uses it, for the browser tests (Playwright's sync API)."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Callable

from playwright.sync_api import Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "reports" / "screenshots"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 860}
REPLY_TIMEOUT_MS = 30_000  # one reply on a busy 2-core machine


def chromium_executable() -> str:
    """Debian's Chromium; installed by scripts/install_chromium.sh when missing (Playwright downloads none)."""
    path = shutil.which("chromium")
    if not path:
        subprocess.run(["bash", str(ROOT / "scripts" / "install_chromium.sh")], check=True)
        path = shutil.which("chromium")
    if not path:
        raise RuntimeError("Chromium is missing and scripts/install_chromium.sh could not install it")
    return path


def _part(find: Callable[[Page], Locator]) -> property:
    """A part of the page, found afresh on each use by `find(page)`."""
    return property(lambda self: find(self.page))


class ChatPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs = []
        page.on("dialog", self._dialog_opened)

    def _dialog_opened(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    # -- parts of the page (Playwright's locators reach into the widget's open shadow root)

    input = _part(lambda page: page.get_by_label("Type your question"))
    bot_messages = _part(lambda page: page.locator(".message.bot:not(.typing)"))
    user_messages = _part(lambda page: page.locator(".message.user"))
    typing = _part(lambda page: page.locator(".message.typing"))
    suggestions = _part(lambda page: page.get_by_role("group", name="Suggested questions"))
    feedback = _part(lambda page: page.get_by_role("group", name="Did this help?"))

    def announced(self) -> str:
        return " ".join(self.page.locator("[aria-live=polite], [aria-live=assertive]").all_text_contents())

    # -- doing things

    def open(self, url: str) -> "ChatPage":
        self.page.goto(url)
        expect(self.bot_messages).to_have_count(1, timeout=REPLY_TIMEOUT_MS)  # the clinic's greeting
        return self

    def ask(self, text: str) -> Locator:
        """Type a question, send it with Enter, and return the first message of the reply."""
        before = self.bot_messages.count()
        self.input.fill(text)
        self.input.press("Enter")
        return self.wait_for_reply(before)

    def wait_for_reply(self, before: int) -> Locator:
        expect(self.typing).to_have_count(0, timeout=REPLY_TIMEOUT_MS)
        expect(self.bot_messages.nth(before)).to_be_visible(timeout=REPLY_TIMEOUT_MS)
        return self.bot_messages.nth(before)

    def focused(self) -> dict:
        """The element with keyboard focus inside the widget."""
        return self.page.evaluate(
            """() => {
                const active = document.querySelector('#clinic-chat').shadowRoot.activeElement;
                if (!active) return null;
                const style = getComputedStyle(active);
                return {tag: active.tagName.toLowerCase(), id: active.id, text: active.textContent,
                        outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth)};
            }"""
        )

    def stored(self) -> dict:
        return json.loads(
            self.page.evaluate(
                "() => localStorage.getItem(Object.keys(localStorage).find(k => k.startsWith('clinic-chat:')))"
            )
        )

    def sender(self) -> str:
        return self.stored()["sender"]

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name
        self.page.screenshot(path=str(path))
        return path
