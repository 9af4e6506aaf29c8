"""Timed training runs, each in its own temporary folder (never touches models/ or the project's cache)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from staff_tools.report.steps import rasa_train

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
PROJECT_FILES = ["config.yml", "domain.yml", "data"]


@dataclass
class Trained:
    model: Path
    seconds: float | None  # None when the model was given, not trained here


def bench_env() -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "RASA_TELEMETRY_ENABLED": "false",
    }


def _run_timed(command: list[str], cwd: Path, log: Path) -> float:
    started = time.perf_counter()
    with log.open("ab") as out:
        done = subprocess.run(command, cwd=cwd, env=bench_env(), stdout=out, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(command[:4])} failed (exit {done.returncode}):\n{tail}")
    return seconds


def copy_project(workdir: Path) -> Path:
    """A snapshot of config, domain and data; build/ is linked because config.yml names it relatively."""
    project = workdir / "project"
    project.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / name)
    (project / "build").symlink_to(ROOT / "build", target_is_directory=True)
    return project


def train_project(workdir: Path) -> Trained:
    """`rasa train` on a copy of the project, cold (its own empty .rasa/cache)."""
    project = copy_project(workdir)
    seconds = _run_timed(
        rasa_train("models", "assistant", python=str(PYTHON)),
        cwd=project,
        log=workdir / "train-project.log",
    )
    return Trained(project / "models" / "assistant.tar.gz", seconds)


def stock_project(workdir: Path, model: Path | None) -> tuple[Path, Trained]:
    """The stock `rasa init --no-prompt` assistant (init trains it), or just its files when a model is given."""
    folder = workdir / "stock"
    folder.mkdir(parents=True)
    if model is not None:
        scaffold = "from rasa.cli.scaffold import create_initial_project as c; import sys; c(sys.argv[1])"
        subprocess.run([str(PYTHON), "-c", scaffold, str(folder)], env=bench_env(), check=True)
        return folder, Trained(model.resolve(), None)
    seconds = _run_timed(
        [str(PYTHON), "-m", "rasa", "init", "--no-prompt", "--init-dir", str(folder)],
        cwd=folder,
        log=workdir / "train-stock.log",
    )
    models = sorted((folder / "models").glob("*.tar.gz"))
    if not models:
        raise RuntimeError(f"rasa init left no model in {folder / 'models'}")
    return folder, Trained(models[-1], seconds)


def copy_model(model: Path, workdir: Path) -> Path:
    """A private copy, so a retrain replacing models/assistant.tar.gz mid-run changes nothing."""
    if not model.is_file():
        sys.exit(f"bench: {model} is missing: run `make train` first (or drop --skip-training)")
    target = workdir / "assistant.tar.gz"
    shutil.copy2(model, target)
    return target
