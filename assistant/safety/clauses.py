"""How the lexicon detector reads the words around a mention, within its sentence.

- clauses: a mention's clause ends at punctuation, "but" or a phrase like "and my" / "and now";
- negation: "I'm not on blood thinners", "my legs feel completely normal";
- whom it is about: the writer (SELF), someone they speak for (OTHER: "my mum", "his legs"),
  people in general (GENERIC: "someone", "pregnant women", "if a patient tells you they've got numbness")
  or "you" in a question (YOU: "is it ok if you're on warfarin?", anyone for a contraindication);
- the past: "in 2019", "after my heart attack", "my mum had cancer";
- general information questions ("what are the warning signs...?").
Cue words come from the lexicon (lexicon/cues.yml) and history.yml, read as messages are
(MentionMatcher.cue_norms), except negation and clause-break words, which are read as written.
"""

from typing import Callable, Iterable, List, Sequence, Set, Tuple

from assistant.safety.findings import OTHER, SELF
from assistant.safety.history import YEAR, History
from assistant.safety.lexicon import THIRD_PERSON
from assistant.safety.mentions import Mention
from assistant.safety.phrases import Phrase, by_first_word, contains, phrase_norms, spans

GENERIC = "generic"
# "you" in a question ("is it ok if you're on warfarin?"): anyone, for a contraindication; the writer, above it
YOU = "you"

# words that say who a clause is about, for the nearest-speaker rule
_SELF_WORDS = frozenset({"i", "me", "my", "myself", "mine"})
# someone else's problem said in the past tense ("my mum had cancer"): family history, unless that person
# is who the message is about (PATIENT_WORDS) and the writer is not asking for themselves (_FOR_MYSELF)
_OTHERS_HAD = frozenset({"had", "was", "were", "used"})
PATIENT_WORDS = THIRD_PERSON
_FOR_MYSELF = (
    ("for", "me"),
    ("for", "myself"),
    ("can", "i"),
    ("could", "i"),
    ("should", "i"),
    ("am", "i"),
    ("i", "'m"),
)


def joint_subject(a: str, b: str) -> str:
    """Whom a two-part finding is about: the writer if either part is theirs."""
    if SELF in (a, b) or YOU in (a, b):
        return SELF
    return GENERIC if GENERIC in (a, b) else OTHER


def year_in(doc, start: int, end: int) -> bool:
    return any(YEAR.match(doc[i].text) for i in range(start, end))


def relative_is_patient(doc) -> bool:
    """The message speaks of the relative as the one affected or treated ("can she have it?"), not of the writer."""
    words = [t.norm_ for t in doc]  # as written: the match norms read "her legs" as "my legs"
    return any(n in PATIENT_WORDS for n in words) and not any(contains(words, p) for p in _FOR_MYSELF)


class ClauseReader:
    def __init__(self, nlp, cues, history: History, cue_norms: Callable[[object, Iterable[str]], List[Phrase]]) -> None:
        self.cues = cues
        self.negation_words = {w for w in cues.negation_words if " " not in w and "'" not in w} | {"not"}
        self.inability_words = set(cues.negation_inability)
        self.negation_phrases = [p for p in phrase_norms(nlp, cues.negation_words) if len(p) > 1]
        self.clause_breaks = {w for w in cues.clause_breaks if " " not in w}
        self.clause_break_phrases = by_first_word(p for p in phrase_norms(nlp, cues.clause_breaks) if len(p) > 1)
        self.generic_people = set(cues.generic_people_words)
        self.other_people = set(cues.other_people_words) | self.generic_people
        self.you_words = set(cues.hypothetical_you)
        self.info_question = by_first_word(cue_norms(nlp, cues.info_question))
        self.first_person = by_first_word(cue_norms(nlp, cues.first_person))
        # an emergency term with a lower-level reading of the same words, in a clause that says it is past
        self.past_in_clause = by_first_word(cue_norms(nlp, tuple(cues.resolved_past) + history.past_clause_cues))
        self.past_before = [p for p in cue_norms(nlp, history.past_before) if p]
        self.negation_after = [p for p in cue_norms(nlp, cues.negation_after) if p]

    def clause_break(self, doc, i: int) -> bool:
        """Token i starts a new clause: punctuation, "but", or a phrase like "and my" / "and now"."""
        token = doc[i]
        if token.norm_ in self.clause_breaks or token.is_punct and token.text in ",;.!?":
            return True
        phrases = self.clause_break_phrases.get(token.norm_, ())
        return any(tuple(t.norm_ for t in doc[i : i + len(p)]) == p for p in phrases)

    def clause_before(self, doc, mention: Mention, window: int, sent_start: int, covered: Set[int]) -> List[str]:
        """Norms of up to `window` tokens before the mention, stopping at a clause break."""
        norms = []
        i = mention.start - 1
        while i >= sent_start and len(norms) < window:
            if self.clause_break(doc, i):
                break
            if i not in covered:
                norms.append(doc[i].norm_)
            i -= 1
        return list(reversed(norms))

    def clause_bounds(self, doc, start: int, end: int, sent) -> Tuple[int, int]:
        """Token range of the clause around tokens start..end (clause breaks as for negation)."""
        lo, hi = start, end
        while lo > sent.start and not self.clause_break(doc, lo - 1):
            lo -= 1
        while hi < sent.end and not self.clause_break(doc, hi):
            hi += 1
        return lo, hi

    def said_to_be_past(self, doc, norms: Sequence[str], mention: Mention, sent) -> bool:
        """The mention's clause puts it in the past ("last year", "in 2019") or words right before it do ("after my")."""
        lo, hi = self.clause_bounds(doc, mention.start, mention.end, sent)
        if spans(norms[lo:hi], self.past_in_clause) or year_in(doc, lo, hi):
            return True
        return any(
            len(p) <= mention.start and tuple(norms[mention.start - len(p) : mention.start]) == p
            for p in self.past_before
        )

    def told_in_past(self, doc, start: int, end: int, sent) -> bool:
        lo, hi = self.clause_bounds(doc, start, end, sent)
        return any(doc[i].norm_ in _OTHERS_HAD for i in range(lo, hi))

    def negated_after(self, doc, mention: Mention, sent_end: int) -> bool:
        """A phrase such as "feel completely normal" follows the term within its clause."""
        after, i = [], mention.end
        while i < sent_end and len(after) < self.cues.negation_after_window and not self.clause_break(doc, i):
            after.append(doc[i].norm_)
            i += 1
        return any(contains(after, p) for p in self.negation_after)

    def is_negated(self, before: List[str]) -> bool:
        """A negation word comes before the term: "no numbness", "not on warfarin". A "not" that says someone
        is unable to do something is the symptom, not a denial: "can't touch her chin to her chest"."""
        denials = [
            n
            for i, n in enumerate(before)
            if n in self.negation_words and not (n == "not" and i and before[i - 1] in self.inability_words)
        ]
        return bool(denials) or any(contains(before, p) for p in self.negation_phrases)

    def about_whom(self, doc, mention: Mention, sent_start: int) -> str:
        """SELF, OTHER, or GENERIC: whose word ("my mum", "his legs", "someone") is nearest before the mention.

        Looks at the mention's own words and up to `other_people_window` words before it in the clause;
        the person's own I/me/my nearer than anyone else's word makes it theirs.
        """
        words = [t.norm_ for t in doc[mention.start : mention.end]]
        i = mention.start - 1
        while i >= max(sent_start, mention.start - self.cues.other_people_window):
            if self.clause_break(doc, i):
                break
            words.insert(0, doc[i].norm_)
            i -= 1
        last_other = max((i for i, n in enumerate(words) if n in self.other_people), default=-1)
        last_self = max((i for i, n in enumerate(words) if n in _SELF_WORDS), default=-1)
        last_you = max((i for i, n in enumerate(words) if n in self.you_words), default=-1)
        following = doc[mention.end].norm_ if mention.end < len(doc) else ""
        if following in self.generic_people and following not in PATIENT_WORDS and last_self < 0:
            return GENERIC  # a group named by the term: "pregnant women", "diabetic patients"
        if max(last_other, last_you) <= last_self:
            return SELF
        if last_you > last_other:
            return YOU
        if words[last_other] in self.generic_people:
            # "one of my patients", "my client": someone particular the writer speaks for
            return OTHER if last_other > 0 and words[last_other - 1] in ("my", "our") else GENERIC
        if words[last_other] in PATIENT_WORDS and self.generic_antecedent(doc, mention.start, sent_start):
            return GENERIC  # "if a patient tells you they've got numbness": "they" is the patient in general
        return OTHER

    def generic_antecedent(self, doc, before: int, sent_start: int) -> bool:
        """The sentence names people in general (a patient, someone) and no relation before this point."""
        norms = [doc[i].norm_ for i in range(sent_start, before)]
        relations = self.other_people - self.generic_people - PATIENT_WORDS
        generic = [
            i for i, n in enumerate(norms) if n in self.generic_people and not (i and norms[i - 1] in ("my", "our"))
        ]
        return bool(generic) and not any(n in relations for n in norms)

    def general_question(self, norms: Sequence[str]) -> bool:
        """A general information question, unless the person also speaks of themselves in the sentence.

        First-person words inside the question frame ("I've read that...", "is that true?") do not count.
        """
        frames = spans(norms, self.info_question)
        if not frames:
            return False
        for start, end in spans(norms, self.first_person):
            if not any(fs <= start and end <= fe for fs, fe in frames):
                return False
        return True
