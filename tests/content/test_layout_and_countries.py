"""The content check on the layout of data/nlu/ (an FAQ topic's answer beside its examples) and on
answers that fit the clinic's country (a variation per country names only that country's facts)."""

from staff_tools.content_check import run_checks
from content_fixture import SIDE_EFFECTS_ANSWER, SIDE_EFFECTS_EXAMPLES, fixture_rules, line_of, make_project, only_error


def folder_project(tmp_path, with_answer=True):
    """The fixture laid out as data/nlu/ is: one file of general intents, and an FAQ topic's file
    holding its answer beside its examples."""
    rules = fixture_rules()
    rules["files"]["nlu"] = "nlu"
    rules_file = make_project(tmp_path, {"domain.yml": (SIDE_EFFECTS_ANSWER, "")}, rules)
    (tmp_path / "nlu" / "faq").mkdir(parents=True)
    general = (tmp_path / "nlu.yml").read_text(encoding="utf-8")
    assert general.count(SIDE_EFFECTS_EXAMPLES) == 1
    (tmp_path / "nlu.yml").unlink()
    (tmp_path / "nlu" / "general.yml").write_text(general.replace(SIDE_EFFECTS_EXAMPLES, ""), encoding="utf-8")
    responses = "responses:\n" + SIDE_EFFECTS_ANSWER + "\n" if with_answer else ""
    topic_file = tmp_path / "nlu" / "faq" / "side_effects.yml"
    topic_file.write_text(f'version: "3.1"\n{responses}nlu:\n{SIDE_EFFECTS_EXAMPLES}', encoding="utf-8")
    return rules_file, topic_file


def test_folder_of_training_data_with_answers_beside_examples_passes(tmp_path):
    rules_file, _ = folder_project(tmp_path)
    report = run_checks(tmp_path, rules_file)
    assert report.findings == []
    assert (report.answers_checked, report.topics_checked, report.examples_checked) == (6, 4, 18)


def test_folder_topic_without_answer_points_to_its_own_file(tmp_path):
    rules_file, topic_file = folder_project(tmp_path, with_answer=False)
    finding = only_error(run_checks(tmp_path, rules_file), "answers")
    assert (finding.file, finding.line) == (
        "nlu/faq/side_effects.yml",
        line_of(topic_file, "- intent: faq/side_effects"),
    )
    assert "under `responses:` in nlu/faq/side_effects.yml" in finding.fix


def test_folder_answer_problem_is_reported_in_the_topic_file(tmp_path):
    rules_file, topic_file = folder_project(tmp_path)
    text = topic_file.read_text(encoding="utf-8").replace("9 in 100 people", "9 in 100 people (no source here)")
    topic_file.write_text(text.replace("A review (Bäumler, BMJ Open 2021) found", "Some say"), encoding="utf-8")
    finding = only_error(run_checks(tmp_path, rules_file), "figure-source")
    assert (finding.file, finding.line) == ("nlu/faq/side_effects.yml", line_of(topic_file, "Some say"))


def country_project(tmp_path, gb_line, other_line="      Ask your insurer what it pays.\n"):
    """utter_faq/side_effects as a country answer: a GB variation and (unless None) an unmarked one."""
    rules = fixture_rules()
    rules["countries"] = {"answers": ["utter_faq/side_effects"], "terms": {"GB": ["NHS", "£"], "US": ["Medicare", "$"]}}
    closing = "      _General information, not medical advice._\n"
    gb = "  - metadata: {country: GB}\n    text: |-\n" + gb_line + closing
    other = "  - text: |-\n" + other_line + closing if other_line else ""
    marked = SIDE_EFFECTS_ANSWER.split("  - text: |-\n")[0] + gb + other
    return run_checks(tmp_path, make_project(tmp_path, {"domain.yml": (SIDE_EFFECTS_ANSWER, marked)}, rules))


def test_country_variation_naming_another_countrys_fact(tmp_path):
    finding = only_error(country_project(tmp_path, "      The NHS rarely pays, and Medicare covers some.\n"), "country")
    assert (finding.file, finding.line) == ("domain.yml", line_of(tmp_path / "domain.yml", "Medicare covers some"))
    assert "the GB variation names 'Medicare', a US fact" in finding.message


def test_unmarked_variation_naming_a_countrys_fact(tmp_path):
    report = country_project(tmp_path, "      The NHS rarely pays.\n", "      Medicare pays for some of it.\n")
    finding = only_error(report, "country")
    assert "variation for other countries names 'Medicare'" in finding.message
    assert "metadata: {country: US}" in finding.fix


def test_country_answer_without_a_variation_for_other_countries(tmp_path):
    finding = only_error(country_project(tmp_path, "      The NHS rarely pays.\n", None), "country")
    assert finding.line == line_of(tmp_path / "domain.yml", "utter_faq/side_effects:")
    assert "none for the others" in finding.message
