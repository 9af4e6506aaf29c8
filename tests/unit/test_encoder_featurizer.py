"""SentenceEncoderFeaturizer: the encoder's vector as a dense sentence feature, cached by text in training."""

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.encoder.cache import EmbeddingCache
from assistant.encoder.featurizer import SentenceEncoderFeaturizer
from assistant.encoder.model import DIMENSION, shared_encoder


def make(tmp_path, **config):
    return SentenceEncoderFeaturizer.create(
        {**SentenceEncoderFeaturizer.get_default_config(), "cache_path": str(tmp_path / "cache.npz"), **config},
        LocalModelStorage(tmp_path),
        Resource("encoder"),
        ExecutionContext(GraphSchema({}), "featurizer"),
    )


def sentence_feature(message):
    _, sentence = message.get_dense_features(TEXT)
    return sentence.features


def test_a_message_gets_the_shared_encoders_vector_as_its_sentence_feature(tmp_path):
    message = Message({TEXT: "does acupuncture hurt"})
    make(tmp_path).process([message])
    feature = sentence_feature(message)
    assert feature.shape == (1, DIMENSION)
    assert np.allclose(feature[0], shared_encoder().encode_one("does acupuncture hurt"))
    sequence, _ = message.get_dense_features(TEXT)
    assert sequence is None  # sentence level only: DIET has no transformer layers to read tokens


def test_a_blank_message_still_gets_a_vector(tmp_path):
    message = Message({TEXT: ""})
    make(tmp_path).process([message])
    assert sentence_feature(message).shape == (1, DIMENSION)


def test_training_vectors_are_cached_on_disk_by_text(tmp_path):
    data = TrainingData(
        [Message({TEXT: "how much is it", "intent": "faq"}), Message({TEXT: "hello", "intent": "greet"})]
    )
    make(tmp_path).process_training_data(data)
    cached = EmbeddingCache(tmp_path / "cache.npz")
    assert len(cached.vectors) == 2
    assert all(sentence_feature(m).shape == (1, DIMENSION) for m in data.training_examples)


def test_unknown_or_bad_settings_are_clear_errors():
    with pytest.raises(ValueError, match="unknown settings"):
        SentenceEncoderFeaturizer.validate_config({**SentenceEncoderFeaturizer.get_default_config(), "epochs": 3})
    with pytest.raises(ValueError, match="cache_path"):
        SentenceEncoderFeaturizer.validate_config({**SentenceEncoderFeaturizer.get_default_config(), "cache_path": ""})
