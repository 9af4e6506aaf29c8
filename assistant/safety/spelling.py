"""Spelling: a misspelt lexicon word (warfrin, blod, needels, fevr) is read as the word it was meant to be.

Edit distance is rapidfuzz's optimal string alignment (swapped letters count as one edit).
Words that are English in their own right are never corrected.
"""

from functools import lru_cache
from typing import Container, Dict, Iterable, List, Optional, Tuple

from rapidfuzz.distance import OSA


class SpellingNet:
    """Corrects a misspelt lexicon word (warfrin, blod, needels, fevr) that is not itself an English word.

    A 4-letter token must be the word with one letter dropped; 5-7 letters: one edit;
    8 or more: two edits. The first letter must always match.
    """

    MIN_LENGTH = 4

    def __init__(self, words: Iterable[str], known_words: Container[str]) -> None:
        self.known_words = known_words
        self.words = {w for w in words if len(w) >= self.MIN_LENGTH and w.isalpha()}
        self.by_key: Dict[Tuple[str, int], List[str]] = {}
        for word in sorted(self.words):
            self.by_key.setdefault((word[0], len(word)), []).append(word)
        self.match = lru_cache(maxsize=4096)(self._match)

    @staticmethod
    def allowed_distance(token: str) -> int:
        return 1 if len(token) < 8 else 2

    def _match(self, token: str) -> Optional[str]:
        if len(token) < self.MIN_LENGTH or not token.isalpha() or token in self.words or token in self.known_words:
            return None
        limit = self.allowed_distance(token)
        best: List[Tuple[int, bool, str]] = []
        for length in range(len(token) - limit, len(token) + limit + 1):
            for word in self.by_key.get((token[0], length), ()):
                if len(token) == 4 and not (len(word) == 5 and _is_subsequence(token, word)):
                    continue  # a 4-letter token only as a word with one letter dropped (fevr, blod)
                distance = OSA.distance(token, word, score_cutoff=limit)
                if distance <= limit:
                    # on a tie prefer a word the token is a dropped-letter form of (fevr -> fever, not fear)
                    best.append((distance, not _is_subsequence(token, word), word))
        return min(best)[2] if best else None


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(c in letters for c in short)


class _EnglishWords:
    """Words that are never treated as typos: the lookup lemmatizer's forms (walking, women), WordNet
    lemmas from spacy-lookups-data (overweight, nearby) and function words (ever, there)."""

    def __init__(self, nlp) -> None:
        self.lookup = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
        self.words = {v.lower() for v in self.lookup.values() if isinstance(v, str)}
        self.words.update(w.lower() for w in nlp.Defaults.stop_words)
        try:
            from spacy.lookups import load_lookups

            extra = load_lookups("en", ["lemma_index", "lemma_exc"], strict=False)
        except (ImportError, ValueError):  # spacy-lookups-data missing: fall back to the pipeline's table
            return
        if extra.has_table("lemma_index"):
            for words in extra.get_table("lemma_index").values():
                self.words.update(w.lower() for w in words)
        if extra.has_table("lemma_exc"):
            for forms in extra.get_table("lemma_exc").values():
                self.words.update(w.lower() for w in forms)

    def __contains__(self, word: str) -> bool:
        return word in self.words or word in self.lookup


def known_words(nlp) -> _EnglishWords:
    """English words: these are never treated as typos."""
    return _EnglishWords(nlp)
