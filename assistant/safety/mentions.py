"""Where a message mentions lexicon terms, read the way the lexicon detector reads words.

The lexicon's phrases are matched on NORM like the pipeline's EntityRuler, but partly overlapping
matches are kept ("both my legs gave way" is both "both my legs" and "legs gave way"), numbers
are read as "#" ("I'm 34 weeks" matches "i'm # weeks"), near-misspellings of lexicon words are
corrected ("blod thinners", "fevr") and a few words are read alike ("couldn't" as "can't",
"his/her legs" as "my legs"). The detector's cue phrases are read the same way (`cue_norms`).
"""

import re
from dataclasses import dataclass
from typing import Container, List, Optional, Tuple

from spacy.matcher import PhraseMatcher

from assistant.safety.lexicon import Lexicon
from assistant.safety.phrases import Phrase
from assistant.safety.spelling import SpellingNet

# a number glued to its unit: "10lbs", "39.5c", "34wks"
_NUMBER_WITH_UNIT = re.compile(r"^\d+(?:[.,]\d+)?([a-z°]+)$")
# words read as another: "couldn't feel" is matched like "can't feel", "can't move her legs" like
# "can't move my legs" (who it is about is still judged on the words as written)
_SAME_AS = {
    "could": "can",
    "his": "my",
    "her": "my",
    "their": "my",
    "herself": "myself",
    "himself": "myself",
    "themselves": "myself",
    "your": "my",
    "yourself": "myself",
}


@dataclass(frozen=True)
class Mention:
    term_id: str
    start: int  # token index in the doc
    end: int


class MentionMatcher:
    def __init__(self, nlp, lexicon: Lexicon, english: Optional[Container[str]] = None) -> None:
        self.lexicon = lexicon
        # all phrases, matched on NORM like the EntityRuler but keeping overlapping matches, and read
        # the same way as messages (match_norm: numbers, spelling, could -> can)
        patterns = {term.id: [nlp.make_doc(p) for p in term.phrases] for term in lexicon.terms.values()}
        self.vocabulary = {t.norm_ for docs in patterns.values() for doc in docs for t in doc}
        self.spelling = SpellingNet(self.vocabulary, english or set())
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        for term_id, docs in patterns.items():
            for doc in docs:
                for token in doc:
                    token.norm_ = self.match_norm(token)
            self.matcher.add(term_id, [doc for doc in docs if any(t.norm_ != "#" for t in doc)])

    def match_norm(self, token) -> str:
        """The norm a token is matched as: numbers become '#' (not "24/7"), misspelt lexicon words are corrected."""
        if token.like_num and "/" not in token.text:
            return "#"
        norm = token.norm_
        glued = _NUMBER_WITH_UNIT.match(norm)
        if glued:
            return glued.group(1) if glued.group(1) in self.vocabulary else "#"
        return _SAME_AS.get(norm) or self.spelling.match(norm) or norm

    def cue_norms(self, nlp, phrases) -> List[Phrase]:
        """Cue phrases read as messages are (match_norm)."""
        return [tuple(self.match_norm(t) for t in nlp.make_doc(p)) for p in phrases]

    def __call__(self, doc) -> Tuple[List[Mention], List[str]]:
        """Lexicon mentions (partly overlapping ones kept) and the norms they were read from."""
        norms = [self.match_norm(t) for t in doc]
        if any(n != t.norm_ for n, t in zip(norms, doc)):
            doc = doc.copy()
            for token, norm in zip(doc, norms):
                token.norm_ = norm
        vocab_strings = doc.vocab.strings
        found = {(vocab_strings[match_id], start, end) for match_id, start, end in self.matcher(doc)}
        # a match inside a longer one is dropped when the longer one is a finding itself or of the same kind:
        # "low blood pressure" hides "pressure", "bottom of my spine" hides "bottom", but "tripped over"
        # (a foot-drop word) keeps "tripped" (a fall)
        terms = self.lexicon.terms
        mentions = [
            Mention(term_id, s, e)
            for term_id, s, e in found
            if not any(
                os <= s
                and e <= oe
                and (oe - os) > (e - s)
                and (terms[other].level or terms[other].label == terms[term_id].label)
                for other, os, oe in found
            )
        ]
        return sorted(mentions, key=lambda m: (m.start, m.end, m.term_id)), norms
