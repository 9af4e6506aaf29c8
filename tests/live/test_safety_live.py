"""The safety test sets through the live server: every red flag and contraindication runs its action."""

import pytest
import yaml

from test_dev_set import evaluate
from conftest import ROOT, SAFETY_CASE_FILES

pytestmark = pytest.mark.live
EMERGENCY, SAFETY = "action_emergency_referral", "action_safety_referral"


@pytest.fixture(scope="module")
def results(live_server, tmp_path_factory):
    out = tmp_path_factory.mktemp("safety")
    rows = []
    for path in SAFETY_CASE_FILES:
        rows += evaluate(live_server, path, out / f"{path.stem}.json")["results"]
    return rows


def actions(results, label):
    return [(r["text"], set(r["actions"])) for r in results if r["expect"] == label]


def test_no_request_failed(results):
    assert [r for r in results if r.get("error")] == []


def test_every_emergency_gets_the_emergency_action(results):
    assert [t for t, a in actions(results, "EMERGENCY") if EMERGENCY not in a] == []


def test_every_urgent_case_gets_a_referral(results):
    assert [t for t, a in actions(results, "URGENT") if not a & {EMERGENCY, SAFETY}] == []


def test_every_caution_case_gets_a_referral(results):
    assert [t for t, a in actions(results, "CAUTION") if not a & {EMERGENCY, SAFETY}] == []


def test_near_misses_rarely_raise_an_emergency(results):
    rows = actions(results, "NONE")
    alarms = [t for t, a in rows if EMERGENCY in a]
    print(f"false emergencies on near-misses: {len(alarms)}/{len(rows)}")
    assert len(alarms) / len(rows) <= 0.01, alarms


BLIND_SETS = sorted((ROOT / "tests" / "safety").glob("blind_*.tsv"))
FLOORS = yaml.safe_load((ROOT / "tests" / "safety" / "floors.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", BLIND_SETS, ids=lambda p: p.name)
def test_blind_set_through_the_server_holds_its_floor(live_server, tmp_path, path):
    """Scored live with the shared evaluate.py, like the hidden sets: the floors of tests/safety/floors.yml."""
    summary = evaluate(live_server, path, tmp_path / f"{path.stem}.json")["summary"]
    floor = FLOORS[path.name]
    assert summary["errors"] == 0
    cases = [line.split("\t")[1] for line in path.read_text(encoding="utf-8").splitlines()[1:] if "\t" in line]
    for level in ("emergency", "urgent", "caution"):
        slack = 1.0 / max(cases.count(level.upper()), 1)  # one line either way (floors.yml)
        assert summary[f"{level}_recall"] >= floor[f"{level}_recall"] - slack, (level, summary)
    slack = 1.0 / max(cases.count("CAUTION") + cases.count("NONE"), 1)
    assert summary["false_emergency_rate"] <= floor["max_false_emergency_rate"] + slack, summary
