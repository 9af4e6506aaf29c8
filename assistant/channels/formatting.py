"""Answers shaped for what each messaging platform can show.

The domain's answers are written in Markdown (`_italic_`, `**bold**`, `[text](url)`) and some carry
buttons. SMS shows neither, WhatsApp has its own markup, and Facebook and Slack drop every button
when there are more than they allow. `for_channel` turns one answer into what the platform shows
well: markup converted or removed, and buttons that cannot be shown listed in the text instead.
"""

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

SMS_MAX_CHARS = 1600  # Twilio's limit for one message body (SMS and WhatsApp)

BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
STAR_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])")
# not inside words or URLs, so snake_case and links like /book_now_here keep their underscores
UNDERSCORE_ITALIC = re.compile(r"(?<![\w/])_(?=[^\s_])([^_\n]+?)(?<=\S)_(?!\w)")
LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s*")


@dataclass(frozen=True)
class ChannelFormat:
    markup: Text  # "markdown" (unchanged), "plain" or "whatsapp"
    max_buttons: Optional[int]  # None: any number; more than this are listed in the text


# Keyed by the output channel's name (what the response generator receives).
FORMATS: Dict[Text, ChannelFormat] = {
    "twilio": ChannelFormat("plain", 0),  # SMS
    "twilio_whatsapp": ChannelFormat("whatsapp", 0),  # plain WhatsApp messages have no buttons
    "facebook": ChannelFormat("plain", 3),
    "slack": ChannelFormat("plain", 5),
    "telegram": ChannelFormat("plain", None),  # Rasa sends Telegram text without a parse mode
}
UNCHANGED = ChannelFormat("markdown", None)


def _link_as_text(match: "re.Match") -> Text:
    label, url = match.group(1).strip(), match.group(2)
    return url if label in (url, url.split("://", 1)[-1]) else f"{label} ({url})"


def to_plain(text: Text) -> Text:
    text = LINK.sub(_link_as_text, text)
    text = HEADING.sub("", text)
    text = BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    text = STAR_ITALIC.sub(r"\1", text)
    return UNDERSCORE_ITALIC.sub(r"\1", text)


def to_whatsapp(text: Text) -> Text:
    """WhatsApp: *bold*, _italic_, and links as bare URLs (it makes them clickable)."""
    text = LINK.sub(_link_as_text, text)
    text = HEADING.sub("", text)
    text = STAR_ITALIC.sub(r"_\1_", text)
    return BOLD.sub(lambda m: f"*{m.group(1) or m.group(2)}*", text)


CONVERTERS = {"plain": to_plain, "whatsapp": to_whatsapp, "markdown": lambda text: text}


def render(text: Text, markup: Text) -> Text:
    return CONVERTERS.get(markup, to_plain)(text)


def _comparable(line: Text) -> Text:
    return LIST_MARK.sub("", line).strip().rstrip("?.!:").casefold()


def with_button_list(text: Text, buttons: List[Dict[Text, Any]]) -> Text:
    """The text followed by one line per button, leaving out any the text already lists."""
    already_there = {_comparable(line) for line in (text or "").splitlines()}
    lines = []
    for button in buttons or []:
        if not isinstance(button, dict):
            continue
        title = str(button.get("title") or button.get("payload") or "").strip()
        if title and _comparable(title) not in already_there:
            already_there.add(_comparable(title))
            lines.append(f"- {title}")
    if not lines:
        return text or ""
    return f"{text}\n\n" + "\n".join(lines) if text else "\n".join(lines)


def for_channel(response: Dict[Text, Any], channel: Optional[Text]) -> Dict[Text, Any]:
    """A copy of the response as the channel can show it (unknown channels get it unchanged)."""
    fmt = FORMATS.get(channel or "", UNCHANGED)
    shaped = dict(response)
    buttons = shaped.get("buttons") or []
    if fmt.max_buttons is not None and len(buttons) > fmt.max_buttons:
        shaped["text"] = with_button_list(shaped.get("text") or "", buttons)
        shaped.pop("buttons")
    if isinstance(shaped.get("text"), str):
        shaped["text"] = render(shaped["text"], fmt.markup)
    return shaped


def split_for_limit(text: Text, limit: int = SMS_MAX_CHARS) -> List[Text]:
    """Parts of at most `limit` characters, cut between paragraphs, then lines, then words."""
    text = (text or "").strip()
    if len(text) <= limit:
        return [text] if text else []
    for separator in ("\n\n", "\n", " "):
        cut = text.rfind(separator, 0, limit + 1)
        if cut > 0:
            return [text[:cut].rstrip()] + split_for_limit(text[cut + len(separator) :], limit)
    return [text[:limit]] + split_for_limit(text[limit:], limit)
