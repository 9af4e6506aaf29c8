"""Shared fixtures: paths, the built spaCy pipeline, one live server for the whole run, and the
project's commands run as the Makefile runs them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dev_tools.live_server import LiveServer

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PIPELINE = ROOT / "build" / "spacy_pipeline"
MODEL = ROOT / "models" / "assistant.tar.gz"
SAFETY_CASE_FILES = [ROOT / "tests" / "safety" / "safety_cases.tsv", ROOT / "tests" / "safety" / "fresh_cases.tsv"]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def run_command(command, cwd=ROOT, env=None, timeout=300, base=None) -> subprocess.CompletedProcess:
    """A command with the project importable (PYTHONPATH) and TensorFlow quiet, its output captured as
    text. `env` adds variables to this process's environment; `base` replaces that environment."""
    environment = {**(os.environ if base is None else base), "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**environment, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_module(module: str, *args, **options) -> subprocess.CompletedProcess:
    """`python -m <module> <args>`, the way the Makefile runs the project's commands."""
    return run_command([sys.executable, "-m", module, *args], **options)


@pytest.fixture(scope="session")
def domain():
    """The domain as training sees it: domain.yml with the FAQ answers of data/nlu/faq/ merged in
    and `faq` marked as a retrieval intent (Rasa's own importer)."""
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    return importer.get_domain()


@pytest.fixture(scope="session")
def nlp():
    import spacy

    if not PIPELINE.is_dir():
        pytest.fail("build/spacy_pipeline is missing: run `make train` (make test does it first)")
    return spacy.load(PIPELINE)


@pytest.fixture(scope="session")
def triage_engine(nlp):
    from assistant.safety import lexicon_detector as triage

    return triage.load(nlp)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    if not MODEL.is_file():
        pytest.fail("models/assistant.tar.gz is missing: run `make train` (make test does it first)")
    server = LiveServer(tmp_path_factory.mktemp("live"))
    server.start()
    yield server
    server.stop()


class RasaOnlyServer(LiveServer):
    """The Rasa server with its action server down (nothing listens on ACTION_PORT)."""

    def command(self) -> list:
        return [
            str(ROOT / ".venv" / "bin" / "python"),
            "-m",
            "rasa",
            "run",
            "--model",
            str(MODEL),
            "--endpoints",
            "endpoints.yml",
            "--credentials",
            "credentials.yml",
            "--port",
            str(self.rasa_port),
            "--enable-api",
            f"--auth-token={self.token}",
        ]

    def ready(self) -> bool:
        try:
            self.get(f"/status?token={self.token}")
            return True
        except OSError:
            return False


@pytest.fixture(scope="session")
def server_without_actions(tmp_path_factory):
    server = RasaOnlyServer(tmp_path_factory.mktemp("no-actions"))
    server.start()
    yield server
    server.stop()
