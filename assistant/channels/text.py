"""A user's text as the assistant may see it, the same on every channel (REST, web chat, platforms)."""

import unicodedata
from typing import Text

MAX_MESSAGE_CHARS = 5000
KEPT_CONTROL_CHARS = "\n\t"


def is_control(char: Text, kept: Text = "") -> bool:
    return unicodedata.category(char) == "Cc" and char not in kept


def well_formed(text: Text) -> Text:
    """Lone surrogates (valid JSON escapes, invalid Unicode) would break saving and answering: replace them."""
    return text.encode("utf-8", "replace").decode("utf-8")


def clean_text(text: Text) -> Text:
    """A user's text as the assistant may see it: control characters (but newline and tab) removed,
    no leading "/", lone surrogates replaced, at most MAX_MESSAGE_CHARS long."""
    # cut before filtering, so a 100 KB message costs no more than a long one
    text = "".join(c for c in text[: MAX_MESSAGE_CHARS * 2] if not is_control(c, kept=KEPT_CONTROL_CHARS))
    # a leading "/" would let a user inject an intent and skip understanding and safety triage
    return well_formed(text.lstrip().lstrip("/")[:MAX_MESSAGE_CHARS])
