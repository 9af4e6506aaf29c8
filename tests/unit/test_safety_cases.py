"""The safety test sets through the triage alone (fast); tests/live repeats them through the server."""

import csv


from conftest import SAFETY_CASE_FILES


def load_cases():
    rows = []
    for path in SAFETY_CASE_FILES:
        with path.open(encoding="utf-8") as fh:
            rows += [dict(r, file=path.name) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return rows


CASES = load_cases()


def test_the_set_is_large_and_labelled():
    labels = {r["expect"] for r in CASES}
    assert labels == {"EMERGENCY", "URGENT", "CAUTION", "NONE"}
    assert len(CASES) >= 300


def levels(triage_engine, nlp, label):
    return [(r["text"], triage_engine(nlp(r["text"])).level) for r in CASES if r["expect"] == label]


def test_emergency_recall_is_total(triage_engine, nlp):
    missed = [t for t, level in levels(triage_engine, nlp, "EMERGENCY") if level != "emergency"]
    assert missed == []


def test_urgent_recall_is_total(triage_engine, nlp):
    missed = [t for t, level in levels(triage_engine, nlp, "URGENT") if level not in ("emergency", "urgent")]
    assert missed == []


def test_caution_recall_is_total(triage_engine, nlp):
    missed = [t for t, level in levels(triage_engine, nlp, "CAUTION") if level is None]
    assert missed == []


def test_near_misses_rarely_alarm(triage_engine, nlp):
    rows = levels(triage_engine, nlp, "NONE")
    alarms = [t for t, level in rows if level == "emergency"]
    assert len(alarms) / len(rows) <= 0.01, alarms
