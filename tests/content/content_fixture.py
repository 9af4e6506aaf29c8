"""Build a small project for the content check in a temporary folder: the clean fixture files,
the real rules with the fixture's topics and small example minimums, and one mistake."""

import shutil
from pathlib import Path
from typing import Dict, Tuple

import yaml

from staff_tools.content_check import run_checks

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_FILES = ("domain.yml", "nlu.yml", "safety_messages.yml")


def fixture_rules() -> dict:
    rules = yaml.safe_load((ROOT / "content" / "check_rules.yml").read_text(encoding="utf-8"))
    rules["files"] = {
        "domain": "domain.yml",
        "nlu": "nlu.yml",
        "safety_messages": "safety_messages.yml",
        "clinic_settings": "clinic.yml",
    }
    rules["topics"]["faq_topics"] = ["what_is_acupuncture", "side_effects"]
    rules["topics"]["intent_answers"] = {"greet": "utter_greet", "goodbye": "utter_goodbye"}
    rules["examples"]["min_per_intent"] = 4
    rules["examples"]["min_per_faq_topic"] = 5
    return rules


def make_project(folder: Path, edits: Dict[str, Tuple[str, str]] = None, rules: dict = None) -> Path:
    """Copy the fixtures into `folder`; `edits` maps a file to (text to replace, replacement)."""
    for name in FIXTURE_FILES:
        shutil.copy(FIXTURES / name, folder / name)
    shutil.copy(ROOT / "settings" / "clinic.yml", folder / "clinic.yml")
    for name, (old, new) in (edits or {}).items():
        text = (folder / name).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"the edit's text must occur once in {name}: {old!r}"
        (folder / name).write_text(text.replace(old, new), encoding="utf-8")
    (folder / "check_rules.yml").write_text(
        yaml.safe_dump(rules or fixture_rules(), allow_unicode=True), encoding="utf-8"
    )
    return folder / "check_rules.yml"


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """The 1-based line where `text` occurs (the n-th time), found by plain search."""
    hits = [number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    assert len(hits) >= occurrence, f"{text!r} occurs {len(hits)} times in {path}"
    return hits[occurrence - 1]


SIDE_EFFECTS_ANSWER = (
    "  utter_faq/side_effects:\n  - text: |-\n      Most side effects are minor, like a bruise where a needle went in.\n"
    "      A review (Bäumler, BMJ Open 2021) found about 9 in 100 people get one.\n"
    "      _General information, not medical advice._\n"
)
SIDE_EFFECTS_EXAMPLES = (
    "- intent: faq/side_effects\n  examples: |\n    - does acupuncture have side effects\n"
    "    - can it make me bruise\n    - will I feel dizzy after the needles\n"
    "    - what are the risks afterwards\n    - any side effects from needling\n"
)


def check(tmp_path, edits=None, rules=None):
    return run_checks(tmp_path, make_project(tmp_path, edits, rules))


def only_error(report, check_name):
    errors = [finding for finding in report.errors if finding.check == check_name]
    assert len(errors) == 1 and len(report.errors) == 1, "\n".join(map(str, report.findings))
    return errors[0]
