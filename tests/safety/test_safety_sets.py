"""Every safety set through the whole safety check (lexicon + semantic detector), as the server runs it.

- The team's own sets (safety_cases.tsv, fresh_cases.tsv) must score 100%: every referral
  given, and no near-miss gets emergency advice.
- The blind sets (blind_*.tsv, written by someone who never saw the training data or the
  lexicon) must not fall below the figures reached (floors.yml), so they cannot slip back.
tests/live repeats the sets through the running server.
"""

from pathlib import Path

import pytest
import yaml

from assistant.safety import scoring

HERE = Path(__file__).resolve().parent
OWN_SETS = ["safety_cases.tsv", "fresh_cases.tsv"]
FLOORS = yaml.safe_load((HERE / "floors.yml").read_text(encoding="utf-8"))
BLIND_SETS = sorted(p.name for p in HERE.glob("blind_*.tsv"))


@pytest.fixture(scope="module")
def check():
    from assistant.safety import combine

    return combine.load()


def one_line(count: int) -> float:
    """The share one line makes: the slack for a line on a threshold moved by float rounding (floors.yml)."""
    return 1.0 / count if count else 0.0


def figures_of(name, check):
    return scoring.score(scoring.read_cases(HERE / name), check)


@pytest.mark.parametrize("name", OWN_SETS)
def test_own_sets_score_100_percent(name, check):
    figures = figures_of(name, check)
    assert [(m.expect, m.got, m.detectors, m.text) for m in figures.misses] == []


def test_every_blind_set_has_a_floor():
    assert BLIND_SETS and set(BLIND_SETS) <= set(FLOORS), "add the new blind set's figures to tests/safety/floors.yml"


@pytest.mark.parametrize("name", BLIND_SETS)
def test_blind_set_holds_its_floor(name, check):
    figures = figures_of(name, check)
    floor = FLOORS[name]
    reached = figures.as_dict()
    misses = "\n".join(f"{m.expect} got={m.got} {m.detectors}" for m in figures.misses)
    for level in ("emergency", "urgent", "caution"):
        slack = one_line(figures.total[level.upper()])
        # unrounded figures: as_dict() rounds to 4 places, which turned "exactly one line" into a failure
        recall = figures.recall(level.upper())
        assert recall >= floor[f"{level}_recall"] - slack - 1e-9, f"{level} recall fell ({reached}):\n{misses}"
    slack = one_line(figures.non_emergency_lines)
    rate = figures.false_emergency_rate
    assert rate <= floor["max_false_emergency_rate"] + slack + 1e-9, f"more false emergencies ({reached}):\n{misses}"


@pytest.mark.parametrize("name", BLIND_SETS)
def test_blind_set_is_large_and_mixed(name):
    cases = scoring.read_cases(HERE / name)
    labels = [c["expect"] for c in cases]
    assert len(cases) >= 300
    assert labels.count("NONE") / len(cases) >= 0.3
