"""Enough training examples per topic, and no example in two topics (or twice in one)."""

import re
import unicodedata
from typing import Dict, List

from staff_tools.content_check.content import Topic
from staff_tools.content_check.findings import Finding, error
from staff_tools.content_check.rules import Rules

COUNT_CHECK = "examples"
DUPLICATE_CHECK = "duplicate-example"


def normalised(text: str) -> str:
    """Case, punctuation and spacing do not make an example different. Emoji stay (👍 is not 👎)."""
    without_punctuation = "".join(" " if unicodedata.category(c).startswith("P") else c for c in text.lower())
    return re.sub(r"\s+", " ", without_punctuation).strip() or text.strip().lower()


def check(topics: Dict[str, Topic], rules: Rules) -> List[Finding]:
    found = []
    for name, topic in topics.items():
        minimum = rules.min_examples_faq if name.startswith("faq/") else rules.min_examples
        if len(topic.examples) < minimum:
            found.append(
                error(
                    COUNT_CHECK,
                    topic.file,
                    topic.line,
                    name,
                    f"has {len(topic.examples)} training examples (at least {minimum}).",
                    f"add {minimum - len(topic.examples)} or more varied examples: other wordings, "
                    "short and long, typos, how patients really ask",
                )
            )
    first_seen: Dict[str, object] = {}
    for topic in topics.values():
        for example in topic.examples:
            key = normalised(example.text)
            earlier = first_seen.setdefault(key, example)
            if earlier is example:
                continue
            if earlier.topic != example.topic:
                found.append(
                    error(
                        DUPLICATE_CHECK,
                        example.file,
                        example.line,
                        example.topic,
                        f'example "{example.text}" is also an example of {earlier.topic} (line {earlier.line}).',
                        "keep it only in the topic it belongs to and delete the other one",
                    )
                )
            else:
                found.append(
                    Finding(
                        DUPLICATE_CHECK,
                        rules.duplicate_within_topic,
                        str(example.file),
                        example.line,
                        example.topic,
                        f'example "{example.text}" repeats line {earlier.line} of the same topic.',
                        "delete this copy, or reword it into a new way of asking",
                    )
                )
    return found
