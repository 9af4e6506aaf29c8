"""What a check reports: a problem at a file and line, and how to fix it."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Union

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    file: str
    line: Optional[int]
    subject: str
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity} [{self.check}] {self.subject}: {self.message} Fix: {self.fix}"


def error(check: str, file: Union[str, Path], line: Optional[int], subject: str, message: str, fix: str) -> Finding:
    """An error-level finding; `file` is a path or the name to show for it."""
    return Finding(check, ERROR, str(file), line, subject, message, fix)


def answer_error(check: str, answer, line: Optional[int], message: str, fix: str) -> Finding:
    """An error about one answer (content.Answer): in its file, at `line`, named by the answer."""
    return error(check, answer.text.file, line, answer.name, message, fix)


@dataclass
class Report:
    findings: List[Finding] = field(default_factory=list)
    answers_checked: int = 0
    topics_checked: int = 0
    examples_checked: int = 0

    @property
    def errors(self) -> List[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> List[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def summary(self) -> str:
        counts = (
            f"{self.answers_checked} answers, {self.topics_checked} topics, "
            f"{self.examples_checked} training examples checked"
        )
        if self.errors:
            return f"check-content: FAILED with {len(self.errors)} error(s), {len(self.warnings)} warning(s) ({counts})"
        return f"check-content: OK, {counts}, {len(self.warnings)} warning(s)"


def relative(path: Path, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)
