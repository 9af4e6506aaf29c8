"""Phrases as tuples of token norms, and where they occur in a message's norms (the lexicon detector's matching)."""

from typing import Dict, Iterable, List, Sequence, Tuple

Phrase = Tuple[str, ...]


def phrase_norms(nlp, phrases: Iterable[str]) -> List[Phrase]:
    """Each phrase as its tokens' norms, as spaCy reads them."""
    return [tuple(t.norm_ for t in nlp.make_doc(p)) for p in phrases]


def contains(norms: Sequence[str], phrase: Phrase) -> bool:
    n = len(phrase)
    return any(tuple(norms[i : i + n]) == phrase for i in range(len(norms) - n + 1))


def spans(norms: Sequence[str], phrases: Dict[str, List[Phrase]]) -> List[Tuple[int, int]]:
    """Where any of the phrases (indexed by first word, see by_first_word) occur in norms."""
    return [
        (i, i + len(p))
        for i, first in enumerate(norms)
        for p in phrases.get(first, ())
        if tuple(norms[i : i + len(p)]) == p
    ]


def by_first_word(phrases: Iterable[Phrase]) -> Dict[str, List[Phrase]]:
    index: Dict[str, List[Phrase]] = {}
    for p in phrases:
        if p:
            index.setdefault(p[0], []).append(p)
    return index
