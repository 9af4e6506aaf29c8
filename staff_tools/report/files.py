"""Read result files; anything missing or malformed becomes an Unreadable with a plain reason."""

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Unreadable(Exception):
    """A result file that is absent or not what the report expects."""


def read_json(path: Path, expect=dict):
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Unreadable(f"{Path(path).name} is missing") from None
    except (OSError, ValueError) as err:
        raise Unreadable(f"{Path(path).name} is not valid JSON ({type(err).__name__})") from None
    if not isinstance(data, expect):
        raise Unreadable(f"{Path(path).name} does not hold a JSON {expect.__name__}")
    return data


def read_yaml_with_comments(path: Path):
    """Round-trip YAML: Rasa writes what a story predicted as end-of-line comments."""
    try:
        return YAML(typ="rt").load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Unreadable(f"{Path(path).name} is missing") from None
    except (OSError, UnicodeDecodeError, YAMLError) as err:
        raise Unreadable(f"{Path(path).name} is not valid YAML ({type(err).__name__})") from None


def png_data_uri(png: bytes) -> str:
    if not png.startswith(PNG_SIGNATURE):
        raise Unreadable("not a PNG image")
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def png_file_data_uri(path: Path) -> str:
    try:
        png = Path(path).read_bytes()
    except FileNotFoundError:
        raise Unreadable(f"{Path(path).name} is missing") from None
    except OSError as err:
        raise Unreadable(f"{Path(path).name} cannot be read ({err.strerror})") from None
    try:
        return png_data_uri(png)
    except Unreadable:
        raise Unreadable(f"{Path(path).name} is not a PNG image") from None


@dataclass
class Picture:
    title: str
    data_uri: Optional[str] = None
    note: str = ""


def picture(path: Path, title: str) -> Picture:
    """A PNG file embedded in the page, or a note saying why it is not there."""
    try:
        return Picture(title, png_file_data_uri(path))
    except Unreadable as err:
        return Picture(title, note=f"Not available: {err}.")
