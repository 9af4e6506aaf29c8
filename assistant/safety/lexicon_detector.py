"""The lexicon detector: red flags and contraindications named in the lexicon, with its rules.

Works on a spaCy Doc from the project's pipeline (scripts/build_spacy_pipeline.py),
whose EntityRuler marks lexicon terms for the rest of the bot. Triage matches the
same lexicon phrases itself, on NORM, so that it can
- keep partly overlapping matches ("both my legs gave way" is both "both my legs"
  and "legs gave way"; a match inside a longer finding is still dropped),
- read numbers as "#" ("I'm 34 weeks" matches "i'm # weeks"), correct near-misspellings
  of lexicon words ("blod thinners", "fevr", "needels") and read a few words alike
  ("couldn't" as "can't", "his/her legs" as "my legs").
It then
- drops terms that are negated ("I'm not on blood thinners"), about other
  people ("my mum had cancer"; an emergency only when it is clearly over),
  in general information questions ("what are the warning signs...?",
  "I've read that acupuncture can cause...") or, for accidents and falls,
  in resolved history ("a fall years ago, fully healed", "a car crash in 2015"),
- reads an emergency term as history when its clause says it is past and the
  lexicon gives its words a lower-level reading too ("after my heart attack last
  year" is a heart condition, not chest pain now), and numbness in both legs or
  feet as long-standing when a named condition explains it or it has been there
  for years, unless anything says it is new or worse (lexicon/history.yml),
- joins two-part red flags (numb + groin, weak + both legs, fell + ladder, ...),
  pairing a symptom with the nearest body part,
and returns the most serious level found. When unsure it errs to safety: only
the explicit cues above lower a finding. Someone the writer speaks for counts as the
writer, unless what they had is over or told in the past tense (below an emergency).
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Container, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from spacy.matcher import PhraseMatcher

from assistant.names import EMERGENCY, SEVERITY
from assistant.safety.findings import OTHER, SELF, Finding, SafetyResult, SetAside
from assistant.safety.history import HISTORY_FILE, YEAR, History, load_history
from assistant.safety.lexicon import THIRD_PERSON, Lexicon, LexiconError
from assistant.safety.spelling import SpellingNet, known_words

GENERIC = "generic"


@dataclass(frozen=True)
class _Mention:
    term_id: str
    start: int  # token index in the doc
    end: int


def _phrase_norms(nlp, phrases: Iterable[str]) -> List[Tuple[str, ...]]:
    return [tuple(t.norm_ for t in nlp.make_doc(p)) for p in phrases]


def _contains(norms: Sequence[str], phrase: Tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(norms[i : i + n]) == phrase for i in range(len(norms) - n + 1))


def _spans(norms: Sequence[str], phrases: Dict[str, List[Tuple[str, ...]]]) -> List[Tuple[int, int]]:
    """Where any of the phrases (indexed by first word, see _by_first_word) occur in norms."""
    return [
        (i, i + len(p))
        for i, first in enumerate(norms)
        for p in phrases.get(first, ())
        if tuple(norms[i : i + len(p)]) == p
    ]


def _by_first_word(phrases: Iterable[Tuple[str, ...]]) -> Dict[str, List[Tuple[str, ...]]]:
    index: Dict[str, List[Tuple[str, ...]]] = {}
    for p in phrases:
        if p:
            index.setdefault(p[0], []).append(p)
    return index


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
}
# words that say who a clause is about, for the nearest-speaker rule
_SELF_WORDS = frozenset({"i", "me", "my", "myself", "mine"})
# wording that, besides the lexicon's resolved-past cues, shows another person's emergency is over or
# not the point ("my aunt's legs gave way and she ended up in hospital", "..., I'm booking for myself")
_OTHERS_PAST = (
    "ended up",
    "in hospital",
    "to hospital",
    "in rehab",
    "recovering",
    "died",
    "recovered",
    "got better",
    "was fine",
    "is fine",
    "that's why",
    "which is why",
    "used to",
    "last month",
    "back then",
    "at the time",
    "once",
    "one time",
    "helped him",
    "helped her",
    "helped them",
    "for myself",
    "just asking",
    "only asking",
    "for my own",
    "back in the",
)


# a year on its own ("a heart attack in 2019") puts what is in its clause in the past

# someone else's problem said in the past tense ("my mum had cancer"): family history, unless that person
# is who the message is about (_PATIENT_WORDS) and the writer is not asking for themselves (_FOR_MYSELF)
_OTHERS_HAD = frozenset({"had", "was", "were", "used"})
_PATIENT_WORDS = THIRD_PERSON
_FOR_MYSELF = (
    ("for", "me"),
    ("for", "myself"),
    ("can", "i"),
    ("could", "i"),
    ("should", "i"),
    ("am", "i"),
    ("i", "'m"),
)


def _joint_subject(a: str, b: str) -> str:
    """Whom a two-part finding is about: the writer if either part is theirs."""
    if SELF in (a, b):
        return SELF
    return GENERIC if GENERIC in (a, b) else OTHER


class LexiconDetector:
    def __init__(
        self, nlp, lexicon: Lexicon, english: Optional[Container[str]] = None, history: Optional[History] = None
    ) -> None:
        self.lexicon = lexicon
        history = history or load_history()
        self.history = history
        cues = lexicon.cues
        self.negation_words = {w for w in cues.negation_words if " " not in w and "'" not in w} | {"not"}
        self.negation_phrases = [p for p in _phrase_norms(nlp, cues.negation_words) if len(p) > 1]
        self.clause_breaks = {w for w in cues.clause_breaks if " " not in w}
        self.clause_break_phrases = _by_first_word(p for p in _phrase_norms(nlp, cues.clause_breaks) if len(p) > 1)
        self.generic_people = set(cues.generic_people_words)
        self.other_people = set(cues.other_people_words) | self.generic_people
        # all phrases, matched on NORM like the EntityRuler but keeping overlapping matches, and read
        # the same way as messages (_match_norm: numbers, spelling, could -> can)
        patterns = {term.id: [nlp.make_doc(p) for p in term.phrases] for term in lexicon.terms.values()}
        self.vocabulary = {t.norm_ for docs in patterns.values() for doc in docs for t in doc}
        self.spelling = SpellingNet(self.vocabulary, english or set())
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        for term_id, docs in patterns.items():
            for doc in docs:
                for token in doc:
                    token.norm_ = self._match_norm(token)
            self.matcher.add(term_id, [doc for doc in docs if any(t.norm_ != "#" for t in doc)])
        self.info_question = _by_first_word(self._cue_norms(nlp, cues.info_question))
        self.first_person = _by_first_word(self._cue_norms(nlp, cues.first_person))
        self.resolved_past = _by_first_word(self._cue_norms(nlp, cues.resolved_past))
        self.others_past = _by_first_word(self._cue_norms(nlp, tuple(cues.resolved_past) + _OTHERS_PAST))
        # an emergency term with a lower-level reading of the same words, in a clause that says it is past
        self.past_in_clause = _by_first_word(self._cue_norms(nlp, tuple(cues.resolved_past) + history.past_clause_cues))
        self.past_before = [p for p in self._cue_norms(nlp, history.past_before) if p]
        self.happening_again = _by_first_word(self._cue_norms(nlp, history.happening_again))
        # numbness in both legs explained by a long-term condition, or there for years
        unknown = set(history.explained_by) - set(lexicon.terms)
        if unknown:
            raise LexiconError(f"{HISTORY_FILE}: explained_by names unknown term ids {sorted(unknown)}")
        self.long_standing = _by_first_word(self._cue_norms(nlp, history.long_standing_phrases))
        self.new_or_worse = _by_first_word(self._cue_norms(nlp, history.new_or_worse))
        self.passed = _by_first_word(self._cue_norms(nlp, history.passed))
        self.passed_unless = _by_first_word(self._cue_norms(nlp, history.passed_unless))
        self.negation_after = [p for p in self._cue_norms(nlp, cues.negation_after) if p]
        # accidents and falls: resolved history ("years ago, fully healed", "in 2015") drops them
        self.event_ids = {t.id for t in lexicon.terms.values() if t.label == "EVENT"} | {
            c.id for c in lexicon.combinations if any(lexicon.terms[t].label == "EVENT" for t in c.all_of)
        }

    # -- finding mentions ---------------------------------------------------
    def _match_norm(self, token) -> str:
        """The norm a token is matched as: numbers become '#' (not "24/7"), misspelt lexicon words are corrected."""
        if token.like_num and "/" not in token.text:
            return "#"
        norm = token.norm_
        glued = _NUMBER_WITH_UNIT.match(norm)
        if glued:
            return glued.group(1) if glued.group(1) in self.vocabulary else "#"
        return _SAME_AS.get(norm) or self.spelling.match(norm) or norm

    def _cue_norms(self, nlp, phrases: Iterable[str]) -> List[Tuple[str, ...]]:
        return [tuple(self._match_norm(t) for t in nlp.make_doc(p)) for p in phrases]

    def _mentions(self, doc) -> Tuple[List[_Mention], List[str]]:
        """Lexicon mentions (partly overlapping ones kept) and the norms they were read from."""
        norms = [self._match_norm(t) for t in doc]
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
            _Mention(term_id, s, e)
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

    def _clause_break(self, doc, i: int) -> bool:
        """Token i starts a new clause: punctuation, "but", or a phrase like "and my" / "and now"."""
        token = doc[i]
        if token.norm_ in self.clause_breaks or token.is_punct and token.text in ",;.!?":
            return True
        phrases = self.clause_break_phrases.get(token.norm_, ())
        return any(tuple(t.norm_ for t in doc[i : i + len(p)]) == p for p in phrases)

    def _clause_before(self, doc, mention: _Mention, window: int, sent_start: int, covered: Set[int]) -> List[str]:
        """Norms of up to `window` tokens before the mention, stopping at a clause break."""
        norms = []
        i = mention.start - 1
        while i >= sent_start and len(norms) < window:
            if self._clause_break(doc, i):
                break
            if i not in covered:
                norms.append(doc[i].norm_)
            i -= 1
        return list(reversed(norms))

    def _clause_bounds(self, doc, start: int, end: int, sent) -> Tuple[int, int]:
        """Token range of the clause around tokens start..end (clause breaks as for negation)."""
        lo, hi = start, end
        while lo > sent.start and not self._clause_break(doc, lo - 1):
            lo -= 1
        while hi < sent.end and not self._clause_break(doc, hi):
            hi += 1
        return lo, hi

    def _year_in(self, doc, start: int, end: int) -> bool:
        return any(YEAR.match(doc[i].text) for i in range(start, end))

    def _said_to_be_past(self, doc, norms: Sequence[str], mention: _Mention, sent) -> bool:
        """The mention's clause puts it in the past ("last year", "in 2019") or words right before it do ("after my")."""
        lo, hi = self._clause_bounds(doc, mention.start, mention.end, sent)
        if _spans(norms[lo:hi], self.past_in_clause) or self._year_in(doc, lo, hi):
            return True
        return any(
            len(p) <= mention.start and tuple(norms[mention.start - len(p) : mention.start]) == p
            for p in self.past_before
        )

    def _told_in_past(self, doc, start: int, end: int, sent) -> bool:
        lo, hi = self._clause_bounds(doc, start, end, sent)
        return any(doc[i].norm_ in _OTHERS_HAD for i in range(lo, hi))

    def _has_lower_reading(self, mention: _Mention, active) -> bool:
        """The mention's words are also a term of a lower level ("heart attack": chest pain / heart condition)."""
        terms = self.lexicon.terms
        level = SEVERITY[terms[mention.term_id].level]
        return any(
            other.start <= mention.start
            and mention.end <= other.end
            and terms[other.term_id].level
            and SEVERITY[terms[other.term_id].level] < level
            for other, _ in active
        )

    def _negated_after(self, doc, mention: _Mention, sent_end: int) -> bool:
        """A phrase such as "feel completely normal" follows the term within its clause."""
        after, i = [], mention.end
        while i < sent_end and len(after) < self.lexicon.cues.negation_after_window and not self._clause_break(doc, i):
            after.append(doc[i].norm_)
            i += 1
        return any(_contains(after, p) for p in self.negation_after)

    def _is_negated(self, before: List[str]) -> bool:
        return any(n in self.negation_words for n in before) or any(_contains(before, p) for p in self.negation_phrases)

    def _about_whom(self, doc, mention: _Mention, sent_start: int) -> str:
        """SELF, OTHER, or GENERIC: whose word ("my mum", "his legs", "someone") is nearest before the mention.

        Looks at the mention's own words and up to `other_people_window` words before it in the clause;
        the person's own I/me/my nearer than anyone else's word makes it theirs.
        """
        words = [t.norm_ for t in doc[mention.start : mention.end]]
        i = mention.start - 1
        while i >= max(sent_start, mention.start - self.lexicon.cues.other_people_window):
            if self._clause_break(doc, i):
                break
            words.insert(0, doc[i].norm_)
            i -= 1
        last_other = max((i for i, n in enumerate(words) if n in self.other_people), default=-1)
        last_self = max((i for i, n in enumerate(words) if n in _SELF_WORDS), default=-1)
        if last_other <= last_self:
            return SELF
        if words[last_other] in self.generic_people:
            # "one of my patients", "my client": someone particular the writer speaks for
            return OTHER if last_other > 0 and words[last_other - 1] in ("my", "our") else GENERIC
        if words[last_other] in _PATIENT_WORDS and self._generic_antecedent(doc, mention.start, sent_start):
            return GENERIC  # "if a patient tells you they've got numbness": "they" is the patient in general
        return OTHER

    def _generic_antecedent(self, doc, before: int, sent_start: int) -> bool:
        """The sentence names people in general (a patient, someone) and no relation before this point."""
        norms = [doc[i].norm_ for i in range(sent_start, before)]
        relations = self.other_people - self.generic_people - _PATIENT_WORDS
        generic = [
            i for i, n in enumerate(norms) if n in self.generic_people and not (i and norms[i - 1] in ("my", "our"))
        ]
        return bool(generic) and not any(n in relations for n in norms)

    def _general_question(self, norms: Sequence[str]) -> bool:
        """A general information question, unless the person also speaks of themselves in the sentence.

        First-person words inside the question frame ("I've read that...", "is that true?") do not count.
        """
        frames = _spans(norms, self.info_question)
        if not frames:
            return False
        for start, end in _spans(norms, self.first_person):
            if not any(fs <= start and end <= fe for fs, fe in frames):
                return False
        return True

    def _other_body_part_between(self, a: _Mention, b: _Mention, active) -> bool:
        """A symptom goes with the nearer body part: "pins and needles in my foot when I cross my legs"."""
        terms = self.lexicon.terms
        if "BODY_PART" not in (terms[a.term_id].label, terms[b.term_id].label):
            return False
        lo, hi = min(a.end, b.end), max(a.start, b.start)
        return any(
            lo <= m.start
            and m.end <= hi
            and terms[m.term_id].label == "BODY_PART"
            and m.term_id not in (a.term_id, b.term_id)
            for m, _ in active
        )

    # -- the decision -------------------------------------------------------
    def _active_mentions(
        self, doc, mentions: List[_Mention], sent, covered: Set[int], set_aside: List[SetAside]
    ) -> List[Tuple[_Mention, str]]:
        """The sentence's mentions that are not negated, each with whom it is about (SELF, OTHER, GENERIC)."""
        active = []
        for m in mentions:
            if not (sent.start <= m.start < sent.end):
                continue
            before = self._clause_before(doc, m, self.lexicon.cues.negation_window, sent.start, covered)
            if self._is_negated(before) or self._negated_after(doc, m, sent.end):
                set_aside.append(self._set_aside(doc, m.start, m.end, self.lexicon.terms[m.term_id].level, "negated"))
            else:
                active.append((m, self._about_whom(doc, m, sent.start)))
        return active

    @staticmethod
    def _set_aside(doc, start: int, end: int, level: Optional[str], reason: str) -> SetAside:
        # a term without a level of its own is part of an emergency combination ("numb" + "groin")
        return SetAside(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), level or EMERGENCY, reason)

    def __call__(self, doc) -> SafetyResult:
        result = SafetyResult()
        mentions, match_norms = self._mentions(doc)
        covered = {i for m in mentions for i in range(m.start, m.end)}
        sentences = []
        for sent in doc.sents:
            if self._general_question(match_norms[sent.start : sent.end]):
                result.set_aside.append(SetAside(sent.start_char, sent.end_char, EMERGENCY, "information question"))
            else:
                sentences.append((sent, self._active_mentions(doc, mentions, sent, covered, result.set_aside)))
        own_terms = {m.term_id for _, active in sentences for m, about in active if about == SELF}
        happening_again = bool(_spans(match_norms, self.happening_again))
        new_or_worse = bool(_spans(match_norms, self.new_or_worse))
        explained = bool(own_terms & set(self.history.explained_by))
        seen: Set[str] = set()
        # the message speaks of the relative as the one affected or treated ("can she have it?"), not of the writer
        words = [t.norm_ for t in doc]  # as written: the match norms read "her legs" as "my legs"
        relative_is_patient = any(n in _PATIENT_WORDS for n in words) and not any(
            _contains(words, p) for p in _FOR_MYSELF
        )
        for sent, active in sentences:
            norms = match_norms[sent.start : sent.end]
            resolved = bool(_spans(norms, self.resolved_past))
            others_past = bool(_spans(norms, self.others_past))
            # the writer's own symptom that went away or was explained in this sentence (history.yml: passed)
            passed = bool(_spans(norms, self.passed)) and not (
                happening_again or _spans(match_norms, self.passed_unless)
            )

            def add(finding_id, level, note, start, end, about):
                # someone the writer speaks for: their problem now counts as the writer's own would;
                # one that is over does not, and below an emergency neither does one told in the past tense
                if about == GENERIC:  # people in general: a hypothetical or information question
                    result.set_aside.append(self._set_aside(doc, start, end, level, "people in general"))
                    return
                if about == OTHER and (
                    others_past
                    and (level == EMERGENCY or not relative_is_patient)
                    or level != EMERGENCY
                    and not relative_is_patient
                    and self._told_in_past(doc, start, end, sent)
                ):
                    result.set_aside.append(self._set_aside(doc, start, end, level, "someone else, over"))
                    return
                if finding_id in self.event_ids and (
                    resolved or self._year_in(doc, *self._clause_bounds(doc, start, end, sent))
                ):
                    result.set_aside.append(self._set_aside(doc, start, end, level, "resolved history"))
                    return
                if passed and level == EMERGENCY and finding_id not in self.event_ids:
                    result.set_aside.append(self._set_aside(doc, start, end, level, "passed"))
                    return
                if finding_id not in seen:
                    seen.add(finding_id)
                    result.findings.append(Finding(finding_id, level, note, doc[start:end].text, about=about))

            for m, about in active:
                term = self.lexicon.terms[m.term_id]
                if not term.level:
                    continue
                if (
                    term.level == EMERGENCY
                    and not happening_again
                    and self._has_lower_reading(m, active)
                    and self._said_to_be_past(doc, match_norms, m, sent)
                ):
                    result.set_aside.append(self._set_aside(doc, m.start, m.end, term.level, "history"))
                    continue  # history: the lower reading ("heart condition") is added instead
                add(term.id, term.level, term.note, m.start, m.end, about)
            for combo in self.lexicon.combinations:
                parts = [[(m, o) for m, o in active if m.term_id == t] for t in combo.all_of]
                if not all(parts):
                    continue
                for a, oa in parts[0]:
                    for b, ob in parts[-1]:
                        gap = max(a.start, b.start) - min(a.end, b.end)
                        if gap <= combo.within and (
                            combo.across_body_parts or not self._other_body_part_between(a, b, active)
                        ):
                            start, end = min(a.start, b.start), max(a.end, b.end)
                            finding = (combo.id, combo.level, combo.note)
                            if combo.id in self.history.long_standing_findings and not new_or_worse:
                                if explained:
                                    result.set_aside.append(self._set_aside(doc, start, end, combo.level, "explained"))
                                    continue  # the named condition's own finding stands
                                if _spans(norms, self.long_standing) or self._said_to_be_past(
                                    doc, match_norms, a, sent
                                ):
                                    h = self.history
                                    finding = (h.long_standing_id, h.long_standing_level, h.long_standing_note)
                            add(*finding, start, end, _joint_subject(oa, ob))
        return result


def load(nlp) -> LexiconDetector:
    from assistant.safety import lexicon

    return LexiconDetector(nlp, lexicon.load(), known_words(nlp))


@lru_cache(maxsize=None)
def load_pipeline(path: str) -> Tuple[object, LexiconDetector]:
    """The built spaCy pipeline at `path` and a lexicon detector for it, loaded once per process."""
    import spacy

    nlp = spacy.load(path)
    return nlp, load(nlp)
