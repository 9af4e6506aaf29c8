"""Read the answers and training examples together with the file line of every text line.

PyYAML's node marks give each value's position; inside a literal block (`|`, `|-`) the
n-th line of the text is on the n-th line after the `|`, so a problem in one line of a long
answer is reported at that line. Unreadable files become `ContentError`s, never a crash.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

ENTITY_MARKUP = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


class ContentError(Exception):
    def __init__(self, file: Path, line: Optional[int], message: str, fix: str):
        super().__init__(message)
        self.file, self.line, self.message, self.fix = file, line, message, fix


@dataclass(frozen=True)
class Text:
    """A piece of text from a YAML file that knows where each of its lines is."""

    value: str
    file: Path
    first_line: int  # 1-based file line of the text's first line
    line_by_line: bool  # True for literal blocks: text line n is file line first_line + n

    def line_of(self, index: int) -> int:
        return self.first_line + index if self.line_by_line else self.first_line

    def lines(self) -> List[Tuple[int, str]]:
        """Each text line with its index (`line_of(index)` gives its file line)."""
        return list(enumerate(self.value.split("\n")))


@dataclass(frozen=True)
class Answer:
    name: str  # utter_faq/evidence, utter_greet, safety_messages:emergency
    source: str  # "domain" or "safety_messages"
    text: Text
    key_line: int
    country: Optional[str] = None  # a variation marked `metadata: {country: GB}` (assistant/country_answers.py)


@dataclass(frozen=True)
class Example:
    topic: str
    text: str
    file: Path
    line: int


@dataclass(frozen=True)
class Topic:
    name: str
    file: Path
    line: int
    examples: Tuple[Example, ...]


def compose(path: Path):
    if not path.is_file():
        raise ContentError(path, None, "file not found.", "check the path under `files:` in the rules file")
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError as exc:
        raise ContentError(path, None, f"not UTF-8 text ({exc.reason}).", "save the file as UTF-8") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = str(getattr(exc, "problem", exc))
        raise ContentError(path, line, f"not valid YAML: {problem}.", yaml_fix(problem)) from exc


# YAML's own messages name the parser's state, not the editing slip behind it
YAML_HINTS = (
    ("found character '\\t'", "replace the tab with spaces"),
    (
        "expected <block end>",
        "check the indentation of that line and the one above: a line one space off, or a"
        " missing '- ' before an example, breaks the list",
    ),
    (
        "mapping values are not allowed",
        "a ': ' inside a text makes YAML read it as a key: put the text in quotes"
        " or write it under `|-`, or check the line's indentation",
    ),
    ("could not find expected ':'", "check the indentation, and that each key ends with ':'"),
    ("found a tab character", "replace the tab with spaces"),
)


def yaml_fix(problem: str) -> str:
    """How to fix a YAML error, in the words of the likely slip."""
    for marker, hint in YAML_HINTS:
        if marker in problem:
            return f"{hint} (at that line or just above it)"
    return "fix the YAML syntax at that line (or just above it): indentation with spaces, '- ' before each example"


def mapping_items(node) -> List[Tuple[yaml.Node, yaml.Node]]:
    return node.value if isinstance(node, yaml.MappingNode) else []


def child(node, key: str):
    for key_node, value_node in mapping_items(node):
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None, None


def section(path: Path, key: str, kind: type, required: bool, message: str, fix: str):
    """The key node and value of the file's top-level `key:`, which must be a `kind` node;
    (None, None) when it is absent and not required, a ContentError(message, fix) when it is wrong."""
    key_node, value = child(compose(path), key)
    if key_node is None and not required:
        return None, None
    if not isinstance(value, kind):
        raise ContentError(path, None, message, fix)
    return key_node, value


def text_of(node: yaml.ScalarNode, path: Path) -> Text:
    if node.style == "|":
        return Text(node.value, path, node.start_mark.line + 2, True)
    if node.style is None and "\n" not in node.value:
        return Text(node.value, path, node.start_mark.line + 1, True)
    return Text(node.value, path, node.start_mark.line + 1, False)


def yaml_files(path: Path) -> List[Path]:
    """The file itself, or every `.yml` file in the folder and its subfolders, in a stable order."""
    if path.is_dir():
        files = sorted(path.rglob("*.yml"))
        if not files:
            raise ContentError(
                path, None, "folder has no .yml files.", "check the path under `files:` in the rules file"
            )
        return files
    return [path]


def domain_answers(path: Path, required: bool = True) -> Tuple[List[Answer], Optional[int]]:
    """Every text variation of every response in the file, and the line of `responses:`.

    domain.yml must have responses; a training-data file may (an FAQ topic's answer sits beside
    its examples in data/nlu/faq/<topic>.yml, and Rasa merges it into the domain)."""
    responses_key, responses = section(
        path,
        "responses",
        yaml.MappingNode,
        required,
        "has no `responses:` mapping.",
        "add the answers under `responses:`",
    )
    if responses_key is None:
        return [], None
    answers = []
    for key_node, variations in mapping_items(responses):
        name = str(key_node.value)
        for variation in variations.value if isinstance(variations, yaml.SequenceNode) else []:
            _, text_node = child(variation, "text")
            _, country = child(child(variation, "metadata")[1], "country")
            if isinstance(text_node, yaml.ScalarNode) and text_node.tag.endswith(":str"):
                answers.append(
                    Answer(
                        name,
                        "domain",
                        text_of(text_node, path),
                        key_node.start_mark.line + 1,
                        country.value if isinstance(country, yaml.ScalarNode) else None,
                    )
                )
    return answers, responses_key.start_mark.line + 1


def safety_messages(path: Path) -> List[Answer]:
    """The fixed messages in content/safety_messages.yml (top-level keys with text)."""
    root = compose(path)
    if not isinstance(root, yaml.MappingNode):
        raise ContentError(path, None, "is not a mapping of message names to texts.", "write `name: |-` then the text")
    return [
        Answer(f"safety_messages:{key.value}", "safety_messages", text_of(value, path), key.start_mark.line + 1)
        for key, value in mapping_items(root)
        if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":str")
    ]


def training_topics(path: Path, required: bool = True) -> Tuple[List[Topic], Optional[int]]:
    """Each `- intent:` block of a training-data file with its examples and their lines, and the
    line of `nlu:` (a file in a folder of training data may hold only responses or stories)."""
    nlu_key, blocks = section(
        path, "nlu", yaml.SequenceNode, required, "has no `nlu:` list.", "put the `- intent:` blocks under `nlu:`"
    )
    if nlu_key is None:
        return [], None
    topics = []
    for block in blocks.value:
        intent_key, intent = child(block, "intent")
        _, examples = child(block, "examples")
        if not isinstance(intent, yaml.ScalarNode):
            continue  # synonyms, regexes, lookups
        name = str(intent.value)
        found = []
        if isinstance(examples, yaml.ScalarNode):
            text = text_of(examples, path)
            for index, line in text.lines():
                stripped = line.strip()
                if stripped.startswith("- "):
                    found.append(
                        Example(name, ENTITY_MARKUP.sub(r"\1", stripped[2:].strip()), path, text.line_of(index))
                    )
        topics.append(Topic(name, path, intent_key.start_mark.line + 1, tuple(found)))
    return topics, nlu_key.start_mark.line + 1


def answers_and_topics(domain: Path, nlu: Path) -> Tuple[List[Answer], List[Topic], Dict[str, Optional[int]]]:
    """The responses of domain.yml and of the training data, every `- intent:` block, and the
    line of each file's main section (None for a folder of training data)."""
    answers, responses_line = domain_answers(domain)
    blocks: List[Topic] = []
    nlu_line = None
    for path in yaml_files(nlu):
        answers += domain_answers(path, required=False)[0]
        found, nlu_line = training_topics(path, required=nlu.is_file())
        blocks += found
    if not blocks:
        raise ContentError(nlu, None, "has no training examples.", "put `- intent:` blocks under `nlu:`")
    return answers, blocks, {"domain": responses_line, "nlu": nlu_line if nlu.is_file() else None}


def merge_topics(topics: List[Topic]) -> Dict[str, Topic]:
    """An intent may appear in several blocks: its examples are counted together."""
    merged: Dict[str, Topic] = {}
    for topic in topics:
        if topic.name in merged:
            first = merged[topic.name]
            merged[topic.name] = Topic(first.name, first.file, first.line, first.examples + topic.examples)
        else:
            merged[topic.name] = topic
    return merged
