"""The staff section's parts without a model: verdict rules, the change column, file:line, conversations."""

import pytest

from conftest import ROOT
from staff_tools.report import staff, verdicts
from staff_tools.report.live_results import LiveSection, Rate
from staff_tools.report.where import place_for

LIMITS = verdicts.load()


def safety_set(emergency=(0, 3), urgent=(0, 2), caution=(0, 4), false=(0, 100), errors=0) -> LiveSection:
    section = LiveSection("safety", "Safety set x.tsv", "x.tsv", available=True, summary={"errors": errors})
    section.emergency, section.urgent = Rate(None, *emergency), Rate(None, *urgent)
    section.caution, section.false_emergency = Rate(None, *caution), Rate(None, *false)
    return section


@pytest.mark.parametrize(
    "section, status",
    [
        (safety_set(), verdicts.READY),
        (safety_set(false=(1, 100)), verdicts.READY),  # 1% is allowed
        (safety_set(false=(2, 100)), verdicts.ATTENTION),
        (safety_set(caution=(1, 4)), verdicts.ATTENTION),
        (safety_set(errors=1), verdicts.ATTENTION),
        (safety_set(emergency=(1, 3)), verdicts.NOT_READY),
        (safety_set(urgent=(1, 2), caution=(1, 4)), verdicts.NOT_READY),
    ],
)
def test_safety_verdict(section, status):
    verdict = verdicts.safety([section], LIMITS["safety"])
    assert verdict.status == status
    assert f"caught {3 - section.emergency.missed} of 3 emergencies" in " ".join(verdict.reasons)
    assert "recall" not in verdict.rule + " ".join(verdict.reasons)


def test_no_safety_results_is_not_ready():
    missing = LiveSection("dev", "Dev set", "")
    assert verdicts.safety([missing], LIMITS["safety"]).status == verdicts.NOT_READY


@pytest.mark.parametrize(
    "dev_right, blind_right, status",
    [
        (96, 95, verdicts.READY),
        (93, 95, verdicts.ATTENTION),
        (91, 95, verdicts.NOT_READY),
        (96, 92, verdicts.ATTENTION),
    ],
)
def test_understanding_verdict(dev_right, blind_right, status):
    floors = {"nlu_blind_1.tsv": 0.948}
    verdict = verdicts.understanding(
        ("Dev set", "dev_set.tsv", dev_right, 100), [("Blind 1", "nlu_blind_1.tsv", blind_right, 100)],
        LIMITS["understanding"], floors,
    )  # fmt: skip
    assert verdict.status == status
    assert f"answered {dev_right} of 100 questions with the right topic (target 95%)" in " ".join(verdict.reasons)
    assert "3%" in verdict.rule


def test_blind_floors_come_from_the_floors_file(tmp_path):
    floors_file = tmp_path / LIMITS["understanding"]["blind_floors_file"]
    floors_file.parent.mkdir(parents=True, exist_ok=True)
    floors_file.write_text("nlu_blind_1.tsv: {topic_accuracy: 0.948}\ndid_you_mean_at_most: 0.05\n", encoding="utf-8")
    assert verdicts.floors(LIMITS, root=tmp_path) == {"nlu_blind_1.tsv": pytest.approx(0.948)}
    assert set(verdicts.floors(LIMITS)) >= {"nlu_blind_1.tsv", "nlu_blind_5.tsv"}


def test_answers_verdict():
    assert verdicts.answers(0, 3, LIMITS["answers"]).status == verdicts.READY
    assert verdicts.answers(2, 0, LIMITS["answers"]).status == verdicts.NOT_READY
    broken = verdicts.answers(None, 0, LIMITS["answers"], "RulesError: bad rules")
    assert broken.status == verdicts.ATTENTION and "bad rules" in broken.reasons[0]


def test_conversation_verdict_and_no_conversations():
    empty = verdicts.conversations(None, LIMITS["conversations"])
    assert empty.status == verdicts.NO_DATA and "No conversations are stored yet" in empty.reasons[0]
    talk = verdicts.Conversations(conversations=4, turns=20, fallbacks=1, helpful=9, not_helpful=1)
    assert verdicts.conversations(talk, LIMITS["conversations"]).status == verdicts.READY
    talk.fallbacks = 3  # 15%
    assert verdicts.conversations(talk, LIMITS["conversations"]).status == verdicts.ATTENTION
    talk.not_helpful = 9  # 50% of the clicks
    assert verdicts.conversations(talk, LIMITS["conversations"]).status == verdicts.NOT_READY


def test_no_tracker_database_means_no_conversations(tmp_path):
    assert staff.stored_conversations(str(tmp_path / "absent.db")) == (None, "")


def test_stored_conversations_are_counted(tmp_path):
    import review_fixture as fx

    talk, problem = staff.stored_conversations(str(fx.build(tmp_path / "tracker.db")))
    assert problem == ""
    assert talk.conversations == 5 and talk.fallbacks >= 1
    assert talk.feedback_by_topic["faq/session_what_to_expect"] == {"helpful": 0, "not_helpful": 1}
    assert (talk.helpful, talk.not_helpful) == (2, 1)


def test_file_and_line_of_each_topic():
    evidence = place_for("evidence")
    lines = (ROOT / "data/nlu/faq/evidence.yml").read_text().splitlines()
    assert evidence.path == "data/nlu/faq/evidence.yml"
    assert lines[evidence.line - 1].strip() == "- intent: faq/evidence"
    assert evidence.shown == f"data/nlu/faq/evidence.yml:{evidence.line}"
    assert evidence.link == "../data/nlu/faq/evidence.yml"
    assert place_for("greet").shown == "data/nlu/conversation.yml:6"
    assert place_for("contact_clinic").shown == "data/nlu/clinic.yml:5"
    assert place_for("FALLBACK").shown == "data/nlu/out_of_scope.yml:5"
    assert place_for("sciatica|session_count").path == "data/nlu/faq/sciatica.yml"
    assert place_for("EMERGENCY") is None and place_for("no_such_topic") is None and place_for("../x") is None


def figure(right, total, better=True):
    return {"group": "Topics", "name": "x", "right": right, "total": total, "higher_is_better": better}


def test_compare_arrows_and_old_and_new_figures():
    previous = {"a": figure(8, 10), "b": figure(5, 10), "c": figure(1, 100, False), "gone": figure(1, 2)}
    current = {"a": figure(9, 10), "b": figure(5, 10), "c": figure(3, 100, False), "new": figure(1, 1)}
    rows = {c.arrow + c.css: c for c in staff.compare(previous, current)}
    assert rows["↑better"].old == "8 of 10 (80.0%)" and rows["↑better"].new == "9 of 10 (90.0%)"
    assert rows["↑worse"].new == "3 of 100 (3.0%)"  # more false emergencies is worse
    assert rows["=same"].old == rows["=same"].new == "5 of 10 (50.0%)"
    assert rows["newsame"].old == "—" and rows["gonesame"].new == "—"


def test_saved_figures_rotate_once_per_run(tmp_path):
    assert staff.save_figures(tmp_path, "run-1", {"a": figure(1, 2)}) is None
    assert staff.save_figures(tmp_path, "run-1", {"a": figure(1, 2)}) is None  # the same run rendered again
    earlier = staff.save_figures(tmp_path, "run-2", {"a": figure(2, 2)})
    assert earlier == {"run": "run-1", "figures": {"a": figure(1, 2)}}
    assert (tmp_path / staff.PREVIOUS).exists() and (tmp_path / staff.FIGURES).exists()
