"""Load the rules and the content files, run every check, collect one report."""

from dataclasses import replace
from pathlib import Path
from typing import List

from assistant import clinic_settings
from staff_tools.content_check import (
    content,
    countries,
    coverage,
    disclaimer,
    examples,
    figures,
    length,
    readability,
    rules as rules_file,
)
from staff_tools.content_check.findings import ERROR, Finding, Report, relative


def answer_scores(root: Path, rules_path: Path) -> List[str]:
    """One line per answer with its measures, for whoever edits the texts (`--scores`)."""
    rules = rules_file.load(rules_path, shown_as=relative(rules_path, root))
    answers = content.answers_and_topics(rules.file(root, "domain"), rules.file(root, "nlu"))[0]
    answers += content.safety_messages(rules.file(root, "safety_messages"))
    settings = clinic_settings.load(rules.file(root, "clinic_settings"))
    readability.use_cmu_dictionary()
    rows = [f"{'answer':36} {'chars':>5} {'lines':>5} {'grade':>5} {'ease':>5} {'words':>5}"]
    for answer in answers:
        (chars, _), (lines, _) = length.measure(answer, settings, rules)
        grade, ease, words, _ = readability.measure(answer, settings, rules)
        rows.append(f"{answer.name:36} {chars:5} {lines:5} {grade:5.1f} {ease:5.1f} {words:5}")
    return rows


def run_checks(root: Path, rules_path: Path) -> Report:
    """Raises rules_file.RulesError if the rules file itself is unusable; anything else is a finding."""
    root = Path(root)
    rules = rules_file.load(rules_path, shown_as=relative(rules_path, root))
    report = Report()

    def shown(key: str) -> str:
        return rules.files[key]

    answers: List[content.Answer] = []
    topics = {}
    sections = {}
    try:
        response_answers, blocks, sections = content.answers_and_topics(
            rules.file(root, "domain"), rules.file(root, "nlu")
        )
        answers = response_answers + content.safety_messages(rules.file(root, "safety_messages"))
        topics = content.merge_topics(blocks)
        settings = clinic_settings.load(rules.file(root, "clinic_settings"))
    except content.ContentError as problem:
        report.findings.append(
            Finding("files", ERROR, relative(problem.file, root), problem.line, "content", problem.message, problem.fix)
        )
        return report
    except clinic_settings.ClinicSettingsError as problem:
        report.findings.append(
            Finding(
                "files",
                ERROR,
                shown("clinic_settings"),
                None,
                "clinic settings",
                str(problem),
                "fix the settings file as the message says",
            )
        )
        return report

    report.findings += coverage.check(
        answers, topics, rules, lambda key: (shown(key), sections[key]), lambda path: relative(path, root)
    )
    report.findings += disclaimer.check(answers, rules)
    report.findings += countries.check(answers, rules)
    report.findings += figures.check(answers, rules)
    report.findings += length.check(answers, settings, rules)
    try:
        report.findings += readability.check(answers, settings, rules)
    except readability.DictionaryMissing as problem:
        report.findings.append(
            Finding(readability.CHECK, ERROR, rules.shown_as, None, "readability", str(problem), "run `make setup`")
        )
    report.findings += examples.check(topics, rules)

    report.findings = [
        replace(f, file=relative(f.file, root)) if Path(f.file).is_absolute() else f for f in report.findings
    ]
    report.findings.sort(key=lambda f: (f.file, f.line or 0, f.check))
    report.answers_checked = len(answers)
    report.topics_checked = len(topics)
    report.examples_checked = sum(len(t.examples) for t in topics.values())
    return report
