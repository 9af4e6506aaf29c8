"""SentenceNgramFeaturizer: word (lemma) and character n-gram counts per message, one block each."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.nlu.ngram_featurizer import SentenceNgramFeaturizer


def message(text, lemmas=None):
    m = Message({TEXT: text})
    words = text.split()
    start, tokens = 0, []
    for word, lemma in zip(words, lemmas or words):
        start = text.index(word, start)
        tokens.append(Token(word, start, lemma=lemma))
        start += len(word)
    m.set(TOKENS_NAMES[TEXT], tokens)
    return m


@pytest.fixture
def setup(tmp_path):
    return LocalModelStorage(tmp_path), ExecutionContext(GraphSchema({}), node_name="ngrams")


def trained(setup, **config):
    storage, context = setup
    featurizer = SentenceNgramFeaturizer.create(
        {**SentenceNgramFeaturizer.get_default_config(), **config}, storage, Resource("ngrams"), context
    )
    data = TrainingData(
        [
            message("sessions cost money", ["session", "cost", "money"]),
            message("session cost", ["session", "cost"]),
            message("does it hurt"),
            message("does it hurt much"),
        ]
    )
    featurizer.train(data)
    featurizer.process_training_data(data)
    return featurizer, data


def blocks(m):
    return {f.origin: f for f in m.features}


def test_one_sentence_block_per_kind_read_from_lemmas(setup):
    featurizer, data = trained(setup)
    first = blocks(data.training_examples[0])
    assert set(first) == {"ngrams_words", "ngrams_chars"}
    assert all(f.type == "sentence" and f.features.shape[0] == 1 for f in first.values())
    vocabulary = featurizer.vectorizers["words"].vocabulary_
    assert "session cost" in vocabulary and "sessions" not in vocabulary  # lemmas, min_df 2


def test_a_loaded_featurizer_gives_the_same_counts(setup):
    featurizer, _ = trained(setup)
    storage, context = setup
    loaded = SentenceNgramFeaturizer.load(
        SentenceNgramFeaturizer.get_default_config(), storage, Resource("ngrams"), context
    )
    a, b = message("does it hurt a lot"), message("does it hurt a lot")
    featurizer.process([a])
    loaded.process([b])
    for origin, feature in blocks(a).items():
        assert (blocks(b)[origin].features != feature.features).nnz == 0


def test_blank_message_gets_no_features(setup):
    featurizer, _ = trained(setup)
    blank = Message({TEXT: ""})
    featurizer.process([blank])
    assert blank.features == []


@pytest.mark.parametrize("bad", [{"word_ngrams": [2, 1]}, {"min_df": 0}, {"analyzer": "word"}])
def test_bad_settings_are_clear_errors(bad):
    with pytest.raises(ValueError, match="SentenceNgramFeaturizer"):
        SentenceNgramFeaturizer.validate_config({**SentenceNgramFeaturizer.get_default_config(), **bad})
