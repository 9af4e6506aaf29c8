"""The lexicon detector: red flags and contraindications named in the lexicon, with its rules.

Works on a spaCy Doc from the project's pipeline (dev_tools/build_spacy_pipeline.py),
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

Finding the mentions is mentions.py; reading the words around one (clauses, negation, whom,
past) is clauses.py; this module decides what each mention and combination is worth.
"""

from functools import lru_cache
from typing import Container, List, Optional, Set, Tuple

from assistant.names import CAUTION, EMERGENCY, SEVERITY
from assistant.safety.age import AgeReader, load_age_rule
from assistant.safety.clauses import GENERIC, YOU, ClauseReader, joint_subject, relative_is_patient, year_in
from assistant.safety.findings import OTHER, SELF, Finding, SafetyResult, SetAside
from assistant.safety.history import HISTORY_FILE, History, load_history
from assistant.safety.lexicon import Lexicon, LexiconError
from assistant.safety.mentions import Mention, MentionMatcher
from assistant.safety.phrases import by_first_word, spans
from assistant.safety.spelling import known_words

BACK = "back_part"  # the lexicon's term for the back (body_parts.yml)


class LexiconDetector:
    def __init__(
        self, nlp, lexicon: Lexicon, english: Optional[Container[str]] = None, history: Optional[History] = None
    ) -> None:
        self.lexicon = lexicon
        history = history or load_history()
        self.history = history
        cues = lexicon.cues
        self.mentions = MentionMatcher(nlp, lexicon, english)
        cue_norms = self.mentions.cue_norms
        self.clauses = ClauseReader(nlp, cues, history, cue_norms)
        self.resolved_past = by_first_word(cue_norms(nlp, cues.resolved_past))
        self.others_past = by_first_word(cue_norms(nlp, tuple(cues.resolved_past) + cues.other_people_over))
        self.happening_again = by_first_word(cue_norms(nlp, history.happening_again))
        # numbness in both legs explained by a long-term condition, or there for years
        unknown = set(history.explained_by) - set(lexicon.terms)
        if unknown:
            raise LexiconError(f"{HISTORY_FILE}: explained_by names unknown term ids {sorted(unknown)}")
        self.long_standing = by_first_word(cue_norms(nlp, history.long_standing_phrases))
        self.new_or_worse = by_first_word(cue_norms(nlp, history.new_or_worse))
        self.passed = by_first_word(cue_norms(nlp, history.passed))
        self.passed_unless = by_first_word(cue_norms(nlp, history.passed_unless))
        self.passed_long_ago = by_first_word(cue_norms(nlp, history.passed_long_ago))
        self.age = AgeReader(nlp, load_age_rule(), cue_norms)
        self.benign = [(name, by_first_word(cue_norms(nlp, phrases))) for name, phrases in cues.benign_patterns]
        # accidents and falls: resolved history ("years ago, fully healed", "in 2015") drops them
        self.event_ids = {t.id for t in lexicon.terms.values() if t.label == "EVENT"} | {
            c.id for c in lexicon.combinations if any(lexicon.terms[t].label == "EVENT" for t in c.all_of)
        }

    def _has_lower_reading(self, mention: Mention, active) -> bool:
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

    def _other_body_part_between(self, a: Mention, b: Mention, active) -> bool:
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
        self, doc, mentions: List[Mention], sent, covered: Set[int], set_aside: List[SetAside]
    ) -> List[Tuple[Mention, str]]:
        """The sentence's mentions that are not negated, each with whom it is about (SELF, OTHER, GENERIC)."""
        active = []
        for m in mentions:
            if not (sent.start <= m.start < sent.end):
                continue
            before = self.clauses.clause_before(doc, m, self.lexicon.cues.negation_window, sent.start, covered)
            if self.clauses.is_negated(before) or self.clauses.negated_after(doc, m, sent.end):
                set_aside.append(self._set_aside(doc, m.start, m.end, self.lexicon.terms[m.term_id].level, "negated"))
            else:
                active.append((m, self.clauses.about_whom(doc, m, sent.start)))
        return active

    def _still_or_again(self, norms) -> bool:
        """The message says the symptom is still there or back ("ever since", "again"); words inside a
        phrase that says it passed do not count ("I've been fine ever since")."""
        passed = spans(norms, self.passed) + spans(norms, self.passed_long_ago)
        return any(not any(ps <= s and e <= pe for ps, pe in passed) for s, e in spans(norms, self.passed_unless))

    def _passed_next(self, sents, sent, norms) -> bool:
        following = [s for s in sents if s.start >= sent.end][:1]
        if not following:
            return False
        next_norms = norms[following[0].start : following[0].end]
        return bool(spans(next_norms, self.passed) or spans(next_norms, self.passed_long_ago))

    @staticmethod
    def _set_aside(doc, start: int, end: int, level: Optional[str], reason: str) -> SetAside:
        # a term without a level of its own is part of an emergency combination ("numb" + "groin")
        return SetAside(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), level or EMERGENCY, reason)

    def __call__(self, doc) -> SafetyResult:
        result = SafetyResult()
        mentions, match_norms = self.mentions(doc)
        covered = {i for m in mentions for i in range(m.start, m.end)}
        sentences = []
        for sent in doc.sents:
            if self.clauses.general_question(match_norms[sent.start : sent.end]):
                result.set_aside.append(SetAside(sent.start_char, sent.end_char, EMERGENCY, "information question"))
            else:
                sentences.append((sent, self._active_mentions(doc, mentions, sent, covered, result.set_aside)))
        own_terms = {m.term_id for _, active in sentences for m, about in active if about == SELF}
        happening_again = bool(spans(match_norms, self.happening_again))
        new_or_worse = bool(spans(match_norms, self.new_or_worse))
        explained = bool(own_terms & set(self.history.explained_by))
        seen: Set[str] = set()
        relative_patient = relative_is_patient(doc)
        still_or_again = happening_again or self._still_or_again(match_norms)
        emergency_sentences: Set[int] = set()
        all_sents = list(doc.sents)
        for sent, active in sentences:
            norms = match_norms[sent.start : sent.end]
            resolved = bool(spans(norms, self.resolved_past))
            others_past = bool(spans(norms, self.others_past))
            # the writer's own symptom that went away or was explained (history.yml: passed), in this sentence
            # or, for one told as long past ("ten years ago I..."), in the sentence that follows it
            told_long_ago = resolved or year_in(doc, sent.start, sent.end)
            passed = not still_or_again and (
                bool(spans(norms, self.passed))
                or told_long_ago
                and (bool(spans(norms, self.passed_long_ago)) or self._passed_next(all_sents, sent, match_norms))
            )

            def add(finding_id, level, note, start, end, about):
                # someone the writer speaks for: their problem now counts as the writer's own would;
                # one that is over does not, and below an emergency neither does one told in the past tense
                if about == YOU:  # "is it ok if you're on warfarin?": anyone, for a contraindication
                    if level == CAUTION:
                        result.set_aside.append(self._set_aside(doc, start, end, level, "people in general"))
                        return
                    about = SELF
                if about == GENERIC:  # people in general: a hypothetical or information question
                    result.set_aside.append(self._set_aside(doc, start, end, level, "people in general"))
                    return
                if about == OTHER and (
                    others_past
                    and (level == EMERGENCY or not relative_patient)
                    or level != EMERGENCY
                    and not relative_patient
                    and self.clauses.told_in_past(doc, start, end, sent)
                ):
                    result.set_aside.append(self._set_aside(doc, start, end, level, "someone else, over"))
                    return
                if finding_id in self.event_ids and (
                    resolved or year_in(doc, *self.clauses.clause_bounds(doc, start, end, sent))
                ):
                    result.set_aside.append(self._set_aside(doc, start, end, level, "resolved history"))
                    return
                if passed and level == EMERGENCY and finding_id not in self.event_ids:
                    result.set_aside.append(self._set_aside(doc, start, end, level, "passed"))
                    return
                if level == EMERGENCY:
                    emergency_sentences.add(sent.start)
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
                    and self.clauses.said_to_be_past(doc, match_norms, m, sent)
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
                                if spans(norms, self.long_standing) or self.clauses.said_to_be_past(
                                    doc, match_norms, a, sent
                                ):
                                    h = self.history
                                    finding = (h.long_standing_id, h.long_standing_level, h.long_standing_note)
                            add(*finding, start, end, joint_subject(oa, ob))
        # (not pain the message says is long-standing: "I'm 60 and have had constant back pain for years")
        if any(m.term_id == BACK for m in mentions) and not spans(match_norms, self.long_standing):
            self._age_finding(doc, match_norms, result)
        self._benign_sentences(doc, match_norms, result, emergency_sentences)
        return result

    def _age_finding(self, doc, norms, result: SafetyResult) -> None:
        """New or constant back pain under 20 or over 55 (lexicon/age.yml)."""
        found = self.age.age_at_risk(doc, norms)
        rule = self.age.rule
        if found:
            start, end, own = found
            result.findings.append(
                Finding(rule.id, rule.level, rule.note, doc[start:end].text, about=SELF if own else OTHER)
            )

    def _benign_sentences(self, doc, norms, result: SafetyResult, emergency_sentences: Set[int]) -> None:
        """Sentences with a benign pattern (cues.yml) and no emergency found in them: the classifier may not
        raise one there either."""
        for sent in doc.sents:
            name = next((n for n, phrases in self.benign if spans(norms[sent.start : sent.end], phrases)), None)
            if name and sent.start not in emergency_sentences:
                reason = name.replace("_", " ")
                result.set_aside.append(
                    SetAside(sent.start_char, sent.end_char, EMERGENCY, reason, only_this_level=True)
                )


def load(nlp) -> LexiconDetector:
    from assistant.safety import lexicon

    return LexiconDetector(nlp, lexicon.load(), known_words(nlp))


@lru_cache(maxsize=None)
def load_pipeline(path: str) -> Tuple[object, LexiconDetector]:
    """The built spaCy pipeline at `path` and a lexicon detector for it, loaded once per process."""
    import spacy

    nlp = spacy.load(path)
    return nlp, load(nlp)
