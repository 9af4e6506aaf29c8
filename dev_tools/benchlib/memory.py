"""Resident memory (RSS) of a process and its descendants, read from /proc."""

from __future__ import annotations

from pathlib import Path

PROC = Path("/proc")


def _parent_of(pid: int) -> int | None:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # the command name (field 2) may hold spaces or ")": fields after the last ")" are safe to split
    return int(stat.rsplit(")", 1)[1].split()[1])


def children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            parent = _parent_of(int(entry.name))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry.name))
    return children


def descendants(pid: int, children: dict[int, list[int]] | None = None) -> list[int]:
    """pid itself and every process below it."""
    children = children_map() if children is None else children
    found, todo = [], [pid]
    while todo:
        current = todo.pop(0)  # breadth first: a match nearest the root comes first
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def command_line(pid: int) -> list[str]:
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def rss_bytes(pid: int) -> int:
    """VmRSS of one process (0 once it is gone)."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss_bytes(pid: int) -> int:
    """RSS of pid and its children, summed (shared pages count once per process)."""
    return sum(rss_bytes(p) for p in descendants(pid))


def find_descendant(root_pid: int, *words: str) -> int | None:
    """The first process under root_pid whose command line contains every word, e.g. ("rasa", "run")."""
    children = children_map()
    for pid in descendants(root_pid, children)[1:]:
        args = command_line(pid)
        if all(word in args for word in words):
            return pid
    return None
