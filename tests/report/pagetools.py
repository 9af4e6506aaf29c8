"""Reading the rendered report in tests: sections, table rows (cell texts) and embedded images."""

import base64
import io
import re
from html.parser import HTMLParser
from typing import List

from PIL import Image


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: List[List[str]] = []
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}">(.*?)</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(1)


def rows(html: str) -> List[List[str]]:
    parser = _Tables()
    parser.feed(html)
    return parser.rows


def images(html: str) -> List[Image.Image]:
    """Every <img>, which must be an embedded PNG that decodes."""
    sources = re.findall(r'<img src="([^"]*)"', html)
    pictures = []
    for src in sources:
        assert src.startswith("data:image/png;base64,"), src[:60]
        png = base64.b64decode(src.split(",", 1)[1], validate=True)
        picture = Image.open(io.BytesIO(png))
        picture.load()
        assert picture.format == "PNG" and picture.size[0] > 50 and picture.size[1] > 50
        pictures.append(picture)
    return pictures


def text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed, entities decoded."""
    parser = HTMLParser(convert_charrefs=True)
    parts = []
    parser.handle_data = parts.append
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parts).split())
