"""Run the evaluations whose outputs the report reads: Rasa's tests and evaluate.py on a live server.

Each step writes into its own directory under <report dir>/results and returns an outcome
(ok / failed / skipped, seconds, a short note); a failed step never stops the others.
Commands' output goes to <step>.log beside the results, never to the page.
"""

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator, List, Optional

from dev_tools.live_server import LiveServer
from staff_tools.report import layout

PYTHON = sys.executable


@dataclass
class Outcome:
    step: str
    status: str  # "ok", "failed" or "skipped"
    seconds: float = 0.0
    note: str = ""

    def as_dict(self) -> dict:
        return dict(asdict(self), seconds=round(self.seconds, 1))


def _env() -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(layout.ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }


def _fresh_dir(path: Path) -> Path:
    """Old files must not survive into a new run (Rasa writes only what the run produced)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _command(step: str, args: List[str], log: Path, timeout: float) -> Outcome:
    start = time.monotonic()
    with log.open("w") as out:
        try:
            proc = subprocess.run(
                args, cwd=layout.ROOT, env=_env(), stdout=out, stderr=subprocess.STDOUT, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return Outcome(
                step, "failed", time.monotonic() - start, f"timed out after {timeout:.0f} s (see {log.name})"
            )
        except OSError as err:
            return Outcome(step, "failed", time.monotonic() - start, f"could not start: {err.strerror}")
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        return Outcome(step, "failed", seconds, f"exit code {proc.returncode} (see {log.name})")
    return Outcome(step, "ok", seconds)


def _missing(step: str, *paths: Path) -> Optional[Outcome]:
    absent = [str(p) for p in paths if not Path(p).exists()]
    return Outcome(step, "failed", note="missing: " + ", ".join(absent)) if absent else None


def rasa(*args: str, python: str = PYTHON) -> List[str]:
    return [python, "-m", "rasa", *args]


def rasa_train(out: str, name: str, *extra: str, python: str = PYTHON) -> List[str]:
    """`rasa train` on config.yml, domain.yml and data/ of the folder it runs in, to <out>/<name>.tar.gz."""
    project = ["--config", "config.yml", "--domain", "domain.yml", "--data", "data"]
    return rasa("train", *project, "--out", out, "--fixed-model-name", name, *extra, python=python)


def _rasa_test(step: str, results: Path, name: str, needs: List[Path], args: List[str], timeout: float) -> Outcome:
    """`rasa test <args>` writing into a fresh results/<name>, its output into results/<name>.log,
    unless a file it needs is missing."""
    out = _fresh_dir(results / name)
    missing = _missing(step, *needs)
    if missing:
        return missing
    return _command(step, rasa("test", *args, "--out", str(out)), results / f"{name}.log", timeout)


def cross_validation(inputs: layout.Inputs, results: Path, folds: int, timeout: float = 4 * 3600) -> Outcome:
    args = ["nlu", "--nlu", str(inputs.nlu_data), "--config", str(inputs.config)]
    args += ["--cross-validation", "--folds", str(folds), "--successes"]
    needs = [inputs.nlu_data, inputs.config]
    return _rasa_test("cross-validation", results, layout.CROSS_VALIDATION, needs, args, timeout)


def holdout(inputs: layout.Inputs, results: Path, timeout: float = 1800) -> Outcome:
    args = ["nlu", "--nlu", str(inputs.holdout), "--model", str(inputs.model), "--successes"]
    return _rasa_test("held-out NLU", results, layout.HOLDOUT, [inputs.model, inputs.holdout], args, timeout)


def stories(inputs: layout.Inputs, results: Path, timeout: float = 1800) -> Outcome:
    args = ["core", "--stories", str(inputs.stories), "--model", str(inputs.model)]
    return _rasa_test("test stories", results, layout.STORIES, [inputs.model, inputs.stories], args, timeout)


@contextmanager
def live_server(workdir: Path) -> Iterator[object]:
    """The assistant started exactly as `make run` starts it (the tests' LiveServer)."""
    server = LiveServer(workdir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def evaluate_cases(inputs: layout.Inputs, server, cases: Path, out_json: Path, timeout: float = 3600) -> Outcome:
    step = f"live evaluation: {cases.name}"
    missing = _missing(step, cases, inputs.evaluate_script)
    if missing:
        return missing
    args = [
        PYTHON,
        str(inputs.evaluate_script),
        "--url",
        server.url,
        "--token",
        server.token,
        "--json",
        str(out_json),
        str(cases),
    ]
    return _command(step, args, out_json.with_suffix(".log"), timeout)


def live_sets(inputs: layout.Inputs) -> List[dict]:
    """The labelled sets scored through the live server: the blind NLU sets, the shared dev set, then the safety sets."""
    sets = [{"kind": "blind_nlu", "label": f"Blind NLU set {p.name}", "cases": p} for p in inputs.nlu_blind_sets]
    sets += [{"kind": "dev", "label": f"Dev set {inputs.dev_set.name}", "cases": inputs.dev_set}]
    sets += [{"kind": "safety", "label": f"Safety set {p.name}", "cases": p} for p in inputs.safety_sets]
    return sets


def live_evaluations(inputs: layout.Inputs, results: Path, server=None) -> List[dict]:
    """evaluate.py on every live set; starts (and stops) a server unless one is given."""
    out = _fresh_dir(results / layout.LIVE)
    sets = live_sets(inputs)
    if server is None:
        if not inputs.model.exists():
            outcome = Outcome("live evaluation", "failed", note=f"missing: {inputs.model}")
            return [dict(s, cases=str(s["cases"]), outcome=outcome.as_dict()) for s in sets]
        try:
            with live_server(out) as started:
                return _evaluate_all(inputs, started, sets, out)
        except RuntimeError as err:  # LiveServer's start-up failure: say so in the page
            outcome = Outcome("live evaluation", "failed", note=f"the server did not start: {str(err)[:300]}")
            return [dict(s, cases=str(s["cases"]), outcome=outcome.as_dict()) for s in sets]
    return _evaluate_all(inputs, server, sets, out)


def _evaluate_all(inputs: layout.Inputs, server, sets: List[dict], out: Path) -> List[dict]:
    done = []
    for n, live_set in enumerate(sets):
        out_json = out / f"{n:02d}_{live_set['cases'].stem}.json"
        outcome = evaluate_cases(inputs, server, live_set["cases"], out_json)
        done.append(dict(live_set, cases=str(live_set["cases"]), json=out_json.name, outcome=outcome.as_dict()))
    return done
