"""What a safety detector reports: findings with a level, who they are about, and which detector raised them."""

from dataclasses import asdict, dataclass, field
from typing import List, Optional, Tuple

from assistant.names import SEVERITY

SELF, OTHER = "self", "other"


@dataclass(frozen=True)
class Finding:
    id: str
    level: str
    note: str
    text: str
    # the detector that raised it ("lexicon", "classifier", "context")
    detector: str = "lexicon"
    # whom it is about: the writer ("self") or someone they speak for ("other")
    about: str = SELF
    # for the classifier: the nearest lines of its training corpus, so staff can see why
    evidence: Tuple[str, ...] = ()


@dataclass(frozen=True)
class SetAside:
    """Words the lexicon read as a red flag but set aside: negated, asked in general, over, or about people in general."""

    start_char: int
    end_char: int
    level: str
    reason: str
    # True: only this level is set aside (a benign pattern: no emergency, but a same-day referral may stand)
    only_this_level: bool = False


@dataclass
class SafetyResult:
    findings: List[Finding] = field(default_factory=list)
    # what the lexicon set aside, so the semantic detector does not raise it again (see combine.py)
    set_aside: List[SetAside] = field(default_factory=list)

    @property
    def level(self) -> Optional[str]:
        top = self.top
        return top.level if top else None

    @property
    def top(self) -> Optional[Finding]:
        """The most serious finding; on a tie, one about someone the writer speaks for.

        Whom a finding is about is read per mention, and a mention inside "my husband's legs have
        gone numb" can read as the writer's; one finding of that level about the relative is the
        stronger sign of whom the message is about.
        """
        if not self.findings:
            return None
        return max(self.findings, key=lambda f: (SEVERITY[f.level], f.about != SELF))

    @property
    def about(self) -> Optional[str]:
        top = self.top
        return top.about if top else None

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "about": self.about,
            "findings": [{**asdict(f), "evidence": list(f.evidence)} for f in self.findings],
        }


def more_serious(level: Optional[str], than: Optional[str]) -> bool:
    return SEVERITY.get(level or "", 0) > SEVERITY.get(than or "", 0)
