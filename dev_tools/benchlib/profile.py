"""Where a served assistant spends its time: py-spy samples the Rasa server while the load runs.

    .venv/bin/python -m dev_tools.benchlib.profile [--stock-model PATH] [--concurrency 1 8] [--conversations 24]

Starts this project's server (scripts/run.sh, a copy of models/assistant.tar.gz) — or, with
--stock-model, a stock `rasa init` assistant — records the Rasa process with py-spy during the
load (once per concurrency level), and writes the functions with the most samples (inclusive:
the function or what it calls). The raw py-spy files are kept for flame graphs.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from dev_tools.benchlib import memory, training
from dev_tools.benchlib.servers import ProjectServer, StockServer, start_timed
from dev_tools.loadgen import default_conversations, run_load

PY_SPY = training.ROOT / ".venv" / "bin" / "py-spy"
MAIN_MODEL = training.ROOT / "models" / "assistant.tar.gz"


def inclusive_counts(raw: Path) -> tuple[collections.Counter, int]:
    """Samples per frame, each frame counted once per stack; and the total number of samples."""
    counts: collections.Counter = collections.Counter()
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, number = line.rpartition(" ")
        if not stack or not number.isdigit():
            continue
        total += int(number)
        for frame in set(stack.split(";")):
            counts[frame] += int(number)
    return counts, total


def top_frames(raw: Path, limit: int, contains: str = "") -> list[tuple[float, str]]:
    counts, total = inclusive_counts(raw)
    rows = [(100.0 * n / total, frame) for frame, n in counts.most_common() if contains in frame]
    return rows[:limit] if total else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dev_tools.benchlib.profile", description=__doc__.splitlines()[0])
    parser.add_argument("--stock-model", type=Path, help="profile this stock `rasa init` model instead")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1])
    parser.add_argument("--conversations", type=int, default=24)
    parser.add_argument(
        "--out",
        type=Path,
        default=training.ROOT / "reports" / "profile",
        help="file name stem: <stem>-<server>-c<level>.txt / .raw",
    )
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--startup", action="store_true", help="also record the start-up (model loading)")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="rasa-profile-"))
    if args.stock_model:
        folder, trained = training.stock_project(workdir, args.stock_model)
        server = StockServer(workdir, folder, trained.model)
    else:
        server = ProjectServer(workdir, training.copy_model(MAIN_MODEL, workdir))
    reports = []
    try:
        if args.startup:
            reports.append(
                profile_startup(server, args.out.parent / f"{args.out.name}-{server.name}-startup", args.top)
            )
        else:
            print(f"profile: {server.name} server ready in {start_timed(server):.1f} s", flush=True)
        rasa_pid = memory.find_descendant(server.proc.pid, "rasa", "run") or server.proc.pid
        asyncio.run(run_load(server.url, 1, default_conversations(3), "warmup"))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        for level in args.concurrency:
            stem = args.out.parent / f"{args.out.name}-{server.name}-c{level}"
            reports.append(profile_load(server.url, rasa_pid, level, args.conversations, stem, args.top))
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    for report in reports:
        print(report.read_text(encoding="utf-8"))
        print(f"profile: written to {report} (raw samples: {report.with_suffix('.raw')})\n")
    return 0


def record(pid: int, stem: Path):
    log = stem.with_suffix(".log").open("wb")
    return subprocess.Popen(
        [
            str(PY_SPY),
            "record",
            "--pid",
            str(pid),
            "--format",
            "raw",
            "--rate",
            "100",
            "--output",
            str(stem.with_suffix(".raw")),
            "--nonblocking",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop_recording(spy: subprocess.Popen) -> None:
    spy.send_signal(signal.SIGINT)  # py-spy writes its file on Ctrl-C
    spy.wait(timeout=120)


def write_report(stem: Path, title: str, top: int) -> Path:
    raw, text = stem.with_suffix(".raw"), stem.with_suffix(".txt")
    lines = [title, "inclusive % of samples  frame"]
    lines += [f"{share:6.1f}  {frame}" for share, frame in top_frames(raw, top)] if raw.exists() else ["(no samples)"]
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return text


def profile_startup(server, stem: Path, top: int) -> Path:
    """Start the server in a thread; attach py-spy to the Rasa process as soon as it exists."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    took: list[float] = []
    starter = threading.Thread(target=lambda: took.append(start_timed(server)))
    starter.start()
    rasa_pid = None
    while rasa_pid is None and starter.is_alive():
        time.sleep(0.05)
        if server.proc is not None:
            rasa_pid = memory.find_descendant(server.proc.pid, "rasa", "run") or (
                server.proc.pid if server.name == "stock" else None
            )
    spy = record(rasa_pid, stem) if rasa_pid else None
    starter.join()
    if spy:
        stop_recording(spy)
    if not took:
        raise RuntimeError(f"{server.name} server did not start:\n{server.log_tail()}")
    print(f"profile: {server.name} server ready in {took[0]:.1f} s", flush=True)
    return write_report(stem, f"start-up: {took[0]:.1f} s", top)


def profile_load(url: str, pid: int, level: int, conversations: int, stem: Path, top: int) -> Path:
    spy = record(pid, stem)
    time.sleep(2)  # py-spy attaches
    result = asyncio.run(run_load(url, level, default_conversations(conversations), f"profile-c{level}"))
    stop_recording(spy)
    return write_report(stem, f"concurrency {level}: {result.as_dict()}", top)


if __name__ == "__main__":
    raise SystemExit(main())
