"""The blind NLU sets through the live server, scored with the shared evaluate.py like the hidden sets.

Each set holds the topic-accuracy floor it reached (tests/nlu_floors.yml) so a change cannot
quietly lose what was gained, and "Did you mean...?" stays rare (it asks rather than answers).
"""

import pytest
import yaml

from conftest import ROOT
from test_dev_set import evaluate

pytestmark = pytest.mark.live
BLIND_SETS = sorted((ROOT / "tests").glob("nlu_blind_*.tsv"))
FLOORS = yaml.safe_load((ROOT / "tests" / "nlu_floors.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=BLIND_SETS, ids=lambda p: p.name)
def blind(request, live_server, tmp_path_factory):
    path = request.param
    return path.name, evaluate(live_server, path, tmp_path_factory.mktemp("nlu") / f"{path.stem}.json")


def test_blind_set_holds_its_topic_accuracy_floor(blind):
    name, result = blind
    summary = result["summary"]
    assert summary["errors"] == 0
    assert summary["topic_accuracy"] >= FLOORS[name]["topic_accuracy"], summary


def test_did_you_mean_is_rare(blind):
    name, result = blind
    rows = result["results"]
    asked = [r["text"] for r in rows if "action_did_you_mean" in r["actions"]]
    print(f"{name}: 'Did you mean...?' on {len(asked)}/{len(rows)}")
    assert len(asked) / len(rows) <= FLOORS["did_you_mean_at_most"], asked
