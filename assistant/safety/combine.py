"""The safety check: the lexicon detector and the semantic detector together, on one message.

The level given is the more serious of the two (recall first). Every finding names the
detector that raised it. The message's embedding comes from the shared encoder, which caches
it by text, so the NLU's featurizer reuses the same forward pass.
"""

from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

from assistant.encoder.files import ENCODER_DIR
from assistant.encoder.model import shared_encoder
from assistant.safety import wording
from assistant.names import SEVERITY
from assistant.safety.figures_of_speech import FiguresOfSpeech
from assistant.safety.findings import OTHER, Finding, SafetyResult, SetAside
from assistant.safety.lexicon_detector import LexiconDetector, load_pipeline
from assistant.safety.lexicon_detector import load as lexicon_detector_for
from assistant.safety.lexicon import relation_words
from assistant.safety.semantic_detector import SemanticDetector

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PIPELINE = ROOT / "build" / "spacy_pipeline"


def units_of(text: str, doc) -> List[Tuple[str, int, int]]:
    """The message and, when it has more than one, its sentences (cut from the original text), with their spans."""
    same_length = len(doc.text) == len(text)
    units = [(text, 0, len(text))]
    sentences = [
        ((text[s.start_char : s.end_char] if same_length else s.text).strip(), s.start_char, s.end_char)
        for s in doc.sents
    ]
    sentences = [u for u in sentences if u[0]]
    return units + (sentences if len(sentences) > 1 else [])


def set_aside_by_lexicon(set_aside: List[SetAside], start: int, end: int, level: str) -> bool:
    """The lexicon set aside words in start..end at this level or above (negated, asked in general, over...).

    The classifier does not read negation, information questions or history well; the lexicon's
    rules do, so where they set a red flag aside the classifier may not raise that level there.
    """
    return any(
        a.start_char < end
        and start < a.end_char
        and (SEVERITY[a.level] == SEVERITY[level] if a.only_this_level else SEVERITY[a.level] >= SEVERITY[level])
        for a in set_aside
    )


class SafetyCheck:
    def __init__(self, nlp, lexicon_detector: LexiconDetector, semantic: SemanticDetector, encoder) -> None:
        self.nlp = nlp
        self.lexicon_detector = lexicon_detector
        self.semantic = semantic
        self.encoder = encoder
        self.relations = relation_words()
        self.figures_of_speech = FiguresOfSpeech(lexicon_detector.lexicon.cues.figures_of_speech)

    def __call__(self, text: str, doc=None) -> SafetyResult:
        text = text or ""
        if not text.strip():
            return SafetyResult()
        plain = self.figures_of_speech.plain(text)
        if plain != text:  # read "it's a pain in the neck" as a nuisance, not neck pain
            text, doc = plain, None
        doc = doc if doc is not None else self.nlp(text.lower())
        lexicon_result = self.lexicon_detector(doc)
        findings = list(lexicon_result.findings)
        units = units_of(text, doc)
        texts = [u[0] for u in units]

        def allowed(row: int, level: str) -> bool:
            _, start, end = units[row]
            return not set_aside_by_lexicon(lexicon_result.set_aside, start, end, level)

        for finding in self.semantic.detect(texts, self.encoder.encode(texts), allowed):
            findings.append(self._with_subject(finding))
        return SafetyResult(findings, lexicon_result.set_aside)

    def _with_subject(self, finding: Finding) -> Finding:
        if wording.about_someone_else(finding.text, self.relations):
            return replace(finding, about=OTHER)
        return finding


@lru_cache(maxsize=None)
def _semantic_detector() -> SemanticDetector:
    return SemanticDetector.load()


_checks: Dict[int, SafetyCheck] = {}


def _check(nlp, lexicon_detector: LexiconDetector) -> SafetyCheck:
    key = id(nlp)
    if key not in _checks:
        _checks[key] = SafetyCheck(nlp, lexicon_detector, _semantic_detector(), shared_encoder(str(ENCODER_DIR)))
    return _checks[key]


def for_nlp(nlp) -> SafetyCheck:
    """The safety check for a loaded spaCy pipeline (its lexicon matcher is built on that pipeline's vocab)."""
    return _checks.get(id(nlp)) or _check(nlp, lexicon_detector_for(nlp))


def load(pipeline: str = str(DEFAULT_PIPELINE)) -> SafetyCheck:
    """The safety check on the built pipeline at `pipeline`, loaded once per process."""
    return _check(*load_pipeline(pipeline))
