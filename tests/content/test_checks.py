"""Each kind of content mistake, alone in a small fixture project, is reported at the right
file and line with a hint on how to fix it; the clean fixture passes."""

import pytest

from conftest import run_module
from staff_tools.content_check import run_checks
from staff_tools.content_check.rules import RulesError
from content_fixture import (
    SIDE_EFFECTS_ANSWER,
    SIDE_EFFECTS_EXAMPLES,
    check,
    fixture_rules,
    line_of,
    make_project,
    only_error,
)

DISCLAIMER_LINE = "_General information, not medical advice._"


def test_clean_fixture_passes(tmp_path):
    report = check(tmp_path)
    assert report.findings == []
    assert (report.answers_checked, report.topics_checked, report.examples_checked) == (6, 4, 18)
    assert report.summary().startswith("check-content: OK")


@pytest.mark.parametrize(
    "removed_from, removed, reported_in, reported_at, fix",
    [
        # examples but no answer: reported at the examples
        (
            "domain.yml",
            SIDE_EFFECTS_ANSWER,
            "nlu.yml",
            "- intent: faq/side_effects",
            "add the response `utter_faq/side_effects`",
        ),
        # an answer but no examples: reported at the answer
        (
            "nlu.yml",
            SIDE_EFFECTS_EXAMPLES,
            "domain.yml",
            "utter_faq/side_effects:",
            "add examples under `- intent: faq/side_effects`",
        ),
    ],
    ids=["examples_without_answer", "answer_without_examples"],
)
def test_faq_topic_with_only_one_half(tmp_path, removed_from, removed, reported_in, reported_at, fix):
    finding = only_error(check(tmp_path, {removed_from: (removed, "")}), "answers")
    assert (finding.file, finding.line) == (reported_in, line_of(tmp_path / reported_in, reported_at))
    assert fix in finding.fix


def test_intent_without_its_answer(tmp_path):
    answer = (
        "  utter_greet:\n  - text: |-\n      Hello! I can tell you about acupuncture for back pain. "
        "I give general information, not medical advice. What would you like to know?\n"
    )
    finding = only_error(check(tmp_path, {"domain.yml": (answer, "")}), "answers")
    assert (finding.file, finding.line) == ("domain.yml", line_of(tmp_path / "domain.yml", "responses:"))
    assert finding.subject == "utter_greet" and "add the response `utter_greet`" in finding.fix


def test_faq_answer_without_the_closing_disclaimer(tmp_path):
    last_line = "      A review (Bäumler, BMJ Open 2021) found about 9 in 100 people get one.\n      " + DISCLAIMER_LINE
    edit = (last_line, "      A review (Bäumler, BMJ Open 2021) found about 9 in 100 people get one.")
    finding = only_error(check(tmp_path, {"domain.yml": edit}), "disclaimer")
    assert finding.subject == "utter_faq/side_effects"
    assert (finding.file, finding.line) == ("domain.yml", line_of(tmp_path / "domain.yml", "found about 9 in 100"))
    assert DISCLAIMER_LINE in finding.fix


def test_social_answer_without_the_disclaimer_phrase(tmp_path):
    edit = (" I give general information, not medical advice.", "")
    finding = only_error(check(tmp_path, {"domain.yml": edit}), "disclaimer")
    assert (finding.subject, finding.file) == ("utter_greet", "domain.yml")
    assert finding.line == line_of(tmp_path / "domain.yml", "Hello! I can tell you")
    assert "disclaimer.exempt" in finding.fix


def test_safety_message_without_the_disclaimer(tmp_path):
    edit = ("now.\n  " + DISCLAIMER_LINE, "now.")
    finding = only_error(check(tmp_path, {"safety_messages.yml": edit}), "disclaimer")
    assert finding.subject == "safety_messages:emergency"
    assert (finding.file, finding.line) == (
        "safety_messages.yml",
        line_of(tmp_path / "safety_messages.yml", "Call {emergency_number}"),
    )


def test_figure_without_a_source(tmp_path):
    edit = (
        "      It comes from old Chinese medicine.",
        "      About 40% of people try it. It comes from old Chinese medicine.",
    )
    finding = only_error(check(tmp_path, {"domain.yml": edit}), "figure-source")
    assert (finding.file, finding.line) == ("domain.yml", line_of(tmp_path / "domain.yml", "About 40% of people"))
    assert "'40%'" in finding.message and "figures.sources" in finding.fix


@pytest.mark.parametrize(
    "line, is_figure",
    [
        ("Serious ones hit about 1 in 10,000 people.", True),
        ("UK: older prices were £35–60 to start.", True),
        ("It tested 216 people with sciatica.", True),
        ("Leg pain dropped 30.8 points out of 100.", True),
        ("We are open Mon-Fri 9am-6pm.", False),
        ("Most sessions take 20–40 minutes.", False),
        ("Acupuncturists often suggest 6–12 sessions.", False),
        ("Call {emergency_number} or {clinic_phone} now.", False),
        ("In 1997 an expert panel met.", False),
    ],
)
def test_what_counts_as_a_figure(tmp_path, line, is_figure):
    edit = ("      It comes from old Chinese medicine.", f"      {line}")
    errors = [f.check for f in check(tmp_path, {"domain.yml": edit}).errors]
    assert errors == (["figure-source"] if is_figure else [])


def test_answer_too_long_for_a_phone_screen(tmp_path):
    extra = "\n".join(["      - a short bullet line about the needles"] * 25)
    edit = (
        "      It comes from old Chinese medicine. Most sessions take 20–30 minutes.",
        "      It comes from old Chinese medicine. Most sessions take 20–30 minutes.\n" + extra,
    )
    finding = only_error(check(tmp_path, {"domain.yml": edit}), "length")
    assert (finding.file, finding.line) == (
        "domain.yml",
        line_of(tmp_path / "domain.yml", "utter_faq/what_is_acupuncture:"),
    )
    assert "characters (limit 700" in finding.message and "lines on a phone screen" in finding.message
    assert "cut it" in finding.fix


def test_length_is_measured_with_the_longest_country_details(tmp_path):
    rules = fixture_rules()
    goodbye = (
        "Goodbye, and take care! If you have more questions, call {clinic_name} on {clinic_phone}. "
        "We are open {opening_hours}."
    )
    edit = (goodbye, "x" * 660 + " Call {urgent_number}.")  # 670 characters with GB's "111", 703 with US details
    rules["length"]["max_screen_lines"] = 100
    finding = only_error(check(tmp_path, {"domain.yml": edit}, rules), "length")
    assert "with US details" in finding.message  # "your doctor or an urgent care clinic" is the longest
    rules["length"]["measure_for"] = "clinic_country"
    assert check(tmp_path, {"domain.yml": edit}, rules).errors == []


def test_hard_to_read_answer(tmp_path):
    hard = (
        "      Electroacupuncture administration necessitates individualised considerations regarding "
        "physiological contraindications, particularly cardiovascular implantable electronic devices."
    )
    edit = ("      It comes from old Chinese medicine. Most sessions take 20–30 minutes.", hard)
    finding = only_error(check(tmp_path, {"domain.yml": edit}), "readability")
    assert (finding.file, finding.line) == (
        "domain.yml",
        line_of(tmp_path / "domain.yml", "Electroacupuncture administration"),
    )
    assert "Flesch-Kincaid grade" in finding.message and "shorter sentences" in finding.fix


def test_topic_with_too_few_examples(tmp_path):
    edit = ("    - can it make me bruise\n", "")
    finding = only_error(check(tmp_path, {"nlu.yml": edit}), "examples")
    assert (finding.file, finding.line) == ("nlu.yml", line_of(tmp_path / "nlu.yml", "- intent: faq/side_effects"))
    assert "has 4 training examples (at least 5)" in finding.message and "add 1 or more" in finding.fix


def test_example_duplicated_across_topics(tmp_path):
    edit = (
        "    - any side effects from needling\n",
        "    - any side effects from needling\n    - What IS acupuncture?\n",
    )
    finding = only_error(check(tmp_path, {"nlu.yml": edit}), "duplicate-example")
    nlu = tmp_path / "nlu.yml"
    assert (finding.file, finding.line, finding.subject) == (
        "nlu.yml",
        line_of(nlu, "What IS acupuncture?"),
        "faq/side_effects",
    )
    assert f"faq/what_is_acupuncture (line {line_of(nlu, '- what is acupuncture')})" in finding.message
    assert "keep it only in the topic it belongs to" in finding.fix


def test_example_repeated_within_a_topic_is_a_warning(tmp_path):
    edit = ("    - see you later\n", "    - see you later\n    - See you later!\n")
    report = check(tmp_path, {"nlu.yml": edit})
    assert report.errors == []
    [warning] = report.warnings
    assert (warning.file, warning.line) == ("nlu.yml", line_of(tmp_path / "nlu.yml", "See you later!"))
    assert report.summary().startswith("check-content: OK") and "1 warning" in report.summary()


def test_different_emoji_are_different_examples(tmp_path):
    edit = ("    - hey there\n", "    - hey there\n    - 👍\n")
    edit_goodbye = ("    - cheers, bye\n", "    - cheers, bye\n    - 👎\n")
    rules_file = make_project(tmp_path, {"nlu.yml": edit})
    text = (tmp_path / "nlu.yml").read_text(encoding="utf-8").replace(*edit_goodbye)
    (tmp_path / "nlu.yml").write_text(text, encoding="utf-8")
    assert run_checks(tmp_path, rules_file).findings == []


def test_unknown_placeholder(tmp_path):
    edit = ("{opening_hours}", "{opening_times}")
    finding = only_error(check(tmp_path, {"domain.yml": edit}), "placeholder")
    assert (finding.file, finding.line) == ("domain.yml", line_of(tmp_path / "domain.yml", "{opening_times}"))
    assert "{opening_hours}" in finding.fix


def test_broken_yaml_is_reported_not_raised(tmp_path):
    finding = only_error(check(tmp_path, {"nlu.yml": ("- intent: goodbye", "- intent: [goodbye")}), "files")
    assert finding.file == "nlu.yml" and finding.line is not None and "not valid YAML" in finding.message


def test_indentation_slip_names_the_likely_cause(tmp_path):
    slip = ("- intent: goodbye", " - intent: goodbye")  # one space too many
    finding = only_error(check(tmp_path, {"nlu.yml": slip}), "files")
    assert "expected <block end>" in finding.message  # YAML's words, and then what they mean:
    assert finding.line == line_of(tmp_path / "nlu.yml", " - intent: goodbye")
    assert "indentation" in finding.fix and "'- '" in finding.fix


def test_broken_rules_file_says_what_is_wrong(tmp_path):
    rules = fixture_rules()
    del rules["length"]["max_chars"]
    with pytest.raises(RulesError, match="length.max_chars` is missing"):
        check(tmp_path, rules=rules)


def test_command_exit_codes_and_output(tmp_path):
    def run(rules_file):
        return run_module(
            "staff_tools.check_content", "--root", tmp_path, "--rules", rules_file, base={"PATH": "/usr/bin:/bin"}
        )

    rules_file = make_project(tmp_path, {"domain.yml": ("take 20–30 minutes.", "take 20–30 minutes. About 40% do.")})
    failed = run(rules_file)
    assert failed.returncode == 1
    line = line_of(tmp_path / "domain.yml", "About 40% do.")
    assert f"domain.yml:{line}: error [figure-source] utter_faq/what_is_acupuncture:" in failed.stdout
    assert "check-content: FAILED with 1 error(s)" in failed.stdout
    rules_file.write_text("files: [", encoding="utf-8")
    assert run(rules_file).returncode == 2
