"""The safety corpus (data/safety_corpus/*.tsv): labelled messages the semantic detector learns from.

Columns: text, label (EMERGENCY, URGENT, CAUTION, NONE), family. Written as distinct real-style
messages; the blind sets in tests/safety/ are never part of it.
"""

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence

from assistant.names import LEVELS

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "data" / "safety_corpus"
LABELS = ("EMERGENCY", "URGENT", "CAUTION", "NONE")
# class index order of the classifier: the levels, most serious first, then none
CLASSES = LEVELS + ("none",)


class CorpusError(ValueError):
    """A corpus file is malformed."""


@dataclass(frozen=True)
class Example:
    text: str
    label: str  # one of CLASSES
    family: str
    where: str  # file:line, for staff


def read_tsv(path: Path) -> List[Example]:
    examples = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if not header or [h.strip() for h in header[:2]] not in (["text", "label"], ["text", "expect"]):
            raise CorpusError(f"{path}:1: the first line must be the header `text<TAB>label<TAB>family`")
        for number, row in enumerate(reader, start=2):
            if not row or not row[0].strip():
                continue
            if len(row) < 2 or row[1].strip() not in LABELS:
                raise CorpusError(f"{path}:{number}: expected text<TAB>one of {', '.join(LABELS)}, got {row[1:2]}")
            family = row[2].strip() if len(row) > 2 else ""
            examples.append(Example(row[0].strip(), row[1].strip().lower(), family, f"{path.name}:{number}"))
    return examples


def load(folder: Path = CORPUS_DIR) -> List[Example]:
    """Every example, the first of any repeated text kept (repeats with another label are an error)."""
    files = sorted(Path(folder).glob("*.tsv"))
    if not files:
        raise CorpusError(f"no safety corpus files (*.tsv) in {folder}")
    seen = {}
    examples = []
    for path in files:
        for example in read_tsv(path):
            key = " ".join(example.text.lower().split())
            if key in seen:
                if seen[key].label != example.label:
                    raise CorpusError(
                        f"{example.where}: same text as {seen[key].where} with another label ({example.label} vs {seen[key].label})"
                    )
                continue
            seen[key] = example
            examples.append(example)
    return examples


def labels_of(examples: Sequence[Example]) -> List[str]:
    return [e.label for e in examples]
