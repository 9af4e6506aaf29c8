"""Load content/check_rules.yml: every rule and threshold of the content check lives there."""

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Dict, List, Pattern

import yaml


class RulesError(RuntimeError):
    """The rules file is missing or malformed."""


@dataclass(frozen=True)
class Rules:
    path: Path
    shown_as: str  # how findings name the rules file
    files: Dict[str, str]
    faq_topics: List[str]
    intent_answers: Dict[str, str]
    disclaimer_phrase: str
    closing_line: str
    closing_line_required_for: List[str]
    disclaimer_exempt: Dict[str, str]
    figure_patterns: Dict[str, Pattern]
    sources: List[str]
    citation_patterns: List[Pattern]
    max_chars: int
    max_screen_lines: int
    chars_per_screen_line: int
    measure_every_country: bool
    sample_values: Dict[str, str]
    max_grade: float
    min_reading_ease: float
    min_words_for_readability: int
    readability_exempt: Dict[str, str]
    min_examples: int
    min_examples_faq: int
    duplicate_within_topic: str
    country_answers: List[str]
    country_terms: Dict[str, List[str]]

    def file(self, root: Path, key: str) -> Path:
        return Path(root) / self.files[key]

    @staticmethod
    def matches(name: str, patterns) -> bool:
        return any(fnmatchcase(name, pattern) for pattern in patterns)


def load(path: Path, shown_as: str = "") -> Rules:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: cannot read the rules file: {exc}") from exc
    if not isinstance(raw, dict):
        raise RulesError(f"{path}: must be a mapping of rule sections (files, topics, disclaimer, ...)")
    get = _Getter(raw, path)
    return Rules(
        path=path,
        shown_as=shown_as or str(path),
        files=get.mapping("files", required=("domain", "nlu", "safety_messages", "clinic_settings")),
        faq_topics=get.strings("topics.faq_topics"),
        intent_answers=get.mapping("topics.intent_answers"),
        disclaimer_phrase=get.string("disclaimer.phrase"),
        closing_line=get.string("disclaimer.closing_line"),
        closing_line_required_for=get.strings("disclaimer.closing_line_required_for"),
        disclaimer_exempt=get.mapping("disclaimer.exempt"),
        figure_patterns={name: get.regex(f"figures.patterns.{name}") for name in get.mapping("figures.patterns")},
        sources=get.strings("figures.sources"),
        citation_patterns=[
            get.compile(p, "figures.citation_patterns") for p in get.strings("figures.citation_patterns")
        ],
        max_chars=get.number("length.max_chars", int),
        max_screen_lines=get.number("length.max_screen_lines", int),
        chars_per_screen_line=get.number("length.chars_per_screen_line", int),
        measure_every_country=get.choice("length.measure_for", ("every_country", "clinic_country")) == "every_country",
        sample_values=get.mapping("length.sample_values"),
        max_grade=get.number("readability.max_flesch_kincaid_grade", float),
        min_reading_ease=get.number("readability.min_flesch_reading_ease", float),
        min_words_for_readability=get.number("readability.min_words", int),
        readability_exempt=get.mapping("readability.exempt"),
        min_examples=get.number("examples.min_per_intent", int),
        min_examples_faq=get.number("examples.min_per_faq_topic", int),
        duplicate_within_topic=get.choice("examples.duplicate_within_topic", ("error", "warning")),
        country_answers=get.strings("countries.answers"),
        country_terms={code: get.strings(f"countries.terms.{code}") for code in get.keys("countries.terms")},
    )


class _Getter:
    def __init__(self, raw: dict, path: Path):
        self.raw, self.path = raw, path

    def fail(self, key: str, what: str):
        raise RulesError(f"{self.path}: `{key}` {what}")

    def value(self, key: str):
        node = self.raw
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                self.fail(key, "is missing")
            node = node[part]
        return node

    def string(self, key: str) -> str:
        value = self.value(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "must be a non-empty text")
        return value

    def strings(self, key: str) -> List[str]:
        value = self.value(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(key, "must be a list of texts")
        return value

    def keys(self, key: str) -> List[str]:
        value = self.value(key)
        if not isinstance(value, dict) or not value:
            self.fail(key, "must be a mapping with at least one entry")
        return [str(k) for k in value]

    def mapping(self, key: str, required=()) -> Dict[str, str]:
        value = self.value(key)
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(isinstance(v, (str, int, float)) for v in value.values()):
            self.fail(key, "must be a mapping of names to texts")
        for name in required:
            if name not in value:
                self.fail(f"{key}.{name}", "is missing")
        return {str(k): str(v) for k, v in value.items()}

    def number(self, key: str, kind):
        value = self.value(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            self.fail(key, "must be a number of 0 or more")
        return kind(value)

    def choice(self, key: str, options) -> str:
        value = self.value(key)
        if value not in options:
            self.fail(key, f"must be one of: {', '.join(options)}")
        return value

    def regex(self, key: str) -> Pattern:
        return self.compile(self.string(key), key)

    def compile(self, pattern: str, key: str) -> Pattern:
        try:
            return re.compile(pattern)
        except re.error as exc:
            self.fail(key, f"is not a valid regular expression ({exc}): {pattern!r}")
