"""Benchmark this assistant against a stock `rasa init` assistant: training, start-up, memory, REST latency.

    .venv/bin/python -m dev_tools.bench [--quick] [--skip-training] [--stock-model PATH] [--output reports/bench.json]

Prints a table (figure, project, stock, ratio, target, PASS/MISS) and writes the figures as JSON.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path


from dev_tools.benchlib import encoder_cost, loadrun, report, targets, training
from dev_tools.benchlib.servers import ProjectServer, StockServer, start_timed

ROOT = training.ROOT
MAIN_MODEL = ROOT / "models" / "assistant.tar.gz"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m dev_tools.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer conversations per load level")
    parser.add_argument(
        "--skip-training", action="store_true", help="don't train this project: serve a copy of models/assistant.tar.gz"
    )
    parser.add_argument("--stock-model", type=Path, help="a trained stock `rasa init` model: skip training it")
    parser.add_argument(
        "--project-endpoints",
        type=Path,
        help="serve this project with another endpoints file (e.g. a tracker store experiment)",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "reports" / "bench.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, models)")
    return parser.parse_args(argv)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def model_mb(path: Path) -> float:
    return round(path.stat().st_size / 1024 / 1024, 1)


def run(args: argparse.Namespace, workdir: Path) -> dict:
    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "load_average_before": os.getloadavg(),
        "mode": "quick" if args.quick else "full",
        "skip_training": args.skip_training,
        "project_endpoints": str(args.project_endpoints or "endpoints.yml"),
    }
    project, stock = {}, {}

    if args.skip_training:
        project_model = training.copy_model(MAIN_MODEL, workdir)
        print("bench: serving a copy of models/assistant.tar.gz (training skipped)", flush=True)
    else:
        print("bench: training a copy of this project (cold cache)...", flush=True)
        trained = training.train_project(workdir)
        project_model, project["training_s"] = trained.model, round(trained.seconds, 1)
    if args.stock_model is None:
        print("bench: rasa init --no-prompt (trains the stock assistant)...", flush=True)
    stock_folder, stock_trained = training.stock_project(workdir, args.stock_model)
    if stock_trained.seconds is not None:
        stock["training_s"] = round(stock_trained.seconds, 1)
    meta["model_mb"] = {"project": model_mb(project_model), "stock": model_mb(stock_trained.model)}

    servers = [
        ProjectServer(workdir, project_model, args.project_endpoints),
        StockServer(workdir, stock_folder, stock_trained.model),
    ]
    figures = {"project": project, "stock": stock}
    try:
        for server in servers:  # one after the other: start-up is CPU-bound
            print(f"bench: starting the {server.name} server...", flush=True)
            figures[server.name]["startup_s"] = round(start_timed(server), 2)
        plan = loadrun.QUICK_PLAN if args.quick else loadrun.FULL_PLAN
        meta["conversations_per_level"] = plan
        print(f"bench: REST load {plan} (concurrency: conversations)...", flush=True)
        for name, measured in loadrun.measure({s.name: s.url for s in servers}, plan).items():
            figures[name].update(measured)
        for server in servers:
            figures[server.name].update({k: v and round(v, 1) for k, v in server.memory_mb().items()})
    finally:
        for server in servers:
            server.stop()
    print("bench: what the encoder and the semantic detector add per message...", flush=True)
    project.update(encoder_cost.measure())
    meta["load_average_after"] = os.getloadavg()
    return {"meta": meta, **figures}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="rasa-bench-"))
    try:
        results = run(args, workdir)
    except RuntimeError as err:
        print(f"bench: {err}\n(logs kept in {workdir})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    verdicts = targets.evaluate(results["project"], results["stock"])
    print()
    print(report.table(results["project"], results["stock"], verdicts))
    report.write_json(report.as_json(results["project"], results["stock"], verdicts, results["meta"]), args.output)
    print(f"\nbench: figures written to {args.output}")
    if args.keep:
        print(f"bench: temporary files kept in {workdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
