"""Helpers for dev_tools/bench.py: training, servers, memory, targets and the report (one job per module)."""
