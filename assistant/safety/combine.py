"""The safety check: the lexicon detector and the semantic detector together, on one message.

The level given is the more serious of the two (recall first). Every finding names the
detector that raised it. The message's embedding comes from the shared encoder, which caches
it by text, so the NLU's featurizer reuses the same forward pass.
"""
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

from assistant.encoder.files import ENCODER_DIR
from assistant.encoder.model import shared_encoder
from assistant.safety import wording
from assistant.safety.findings import OTHER, Finding, SafetyResult
from assistant.safety.lexicon_detector import LexiconDetector, load_pipeline
from assistant.safety.lexicon_detector import load as lexicon_detector_for
from assistant.safety.lexicon import relation_words
from assistant.safety.semantic_detector import SemanticDetector

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PIPELINE = ROOT / "build" / "spacy_pipeline"


def units_of(text: str, doc) -> List[str]:
    """The message and, when it has more than one, its sentences (cut from the original text)."""
    same_length = len(doc.text) == len(text)
    sentences = [(text[s.start_char : s.end_char] if same_length else s.text).strip() for s in doc.sents]
    sentences = [s for s in sentences if s]
    return [text] + (sentences if len(sentences) > 1 else [])


class SafetyCheck:
    def __init__(self, nlp, lexicon_detector: LexiconDetector, semantic: SemanticDetector, encoder) -> None:
        self.nlp = nlp
        self.lexicon_detector = lexicon_detector
        self.semantic = semantic
        self.encoder = encoder
        self.relations = relation_words()

    def __call__(self, text: str, doc=None) -> SafetyResult:
        text = text or ""
        if not text.strip():
            return SafetyResult()
        doc = doc if doc is not None else self.nlp(text.lower())
        findings = list(self.lexicon_detector(doc).findings)
        units = units_of(text, doc)
        for finding in self.semantic.detect(units, self.encoder.encode(units)):
            findings.append(self._with_subject(finding))
        return SafetyResult(findings)

    def _with_subject(self, finding: Finding) -> Finding:
        if wording.about_someone_else(finding.text, self.relations):
            return replace(finding, about=OTHER)
        return finding

    def person(self, text: str) -> Optional[str]:
        """'your dad' when the text speaks for the writer's dad."""
        return wording.person_spoken_for(text, self.relations)


@lru_cache(maxsize=None)
def _semantic_detector() -> SemanticDetector:
    return SemanticDetector.load()


_checks: Dict[int, SafetyCheck] = {}


def for_nlp(nlp) -> SafetyCheck:
    """The safety check for a loaded spaCy pipeline (its lexicon matcher is built on that pipeline's vocab)."""
    key = id(nlp)
    if key not in _checks:
        _checks[key] = SafetyCheck(nlp, lexicon_detector_for(nlp), _semantic_detector(), shared_encoder(str(ENCODER_DIR)))
    return _checks[key]


def load(pipeline: str = str(DEFAULT_PIPELINE)) -> SafetyCheck:
    """The safety check on the built pipeline at `pipeline`, loaded once per process."""
    nlp, detector = load_pipeline(pipeline)
    if id(nlp) not in _checks:
        _checks[id(nlp)] = SafetyCheck(nlp, detector, _semantic_detector(), shared_encoder(str(ENCODER_DIR)))
    return _checks[id(nlp)]
