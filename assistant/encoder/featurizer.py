"""NLU pipeline component: the sentence encoder's embedding as a dense sentence feature.

Gives DIET and the ResponseSelector the all-MiniLM-L6-v2 embedding of each message beside the
sparse word and character features (docs/nlu-experiments.md has the measurements). At run time
the vector comes from the shared encoder, which caches by text, so the safety check (earlier in
the pipeline) and this featurizer share one forward pass per message. In training, vectors are
kept on disk by text (EmbeddingCache): retraining after a small data change encodes only new lines.

Only a sentence feature is given: DIET runs without transformer layers here, so its intent and
the ResponseSelector's label read the sentence position only, and per-token vectors would be
paid for and unused.
"""

from pathlib import Path
from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.encoder.cache import DEFAULT_FILE, EmbeddingCache
from assistant.encoder.files import ENCODER_DIR, ROOT
from assistant.encoder.model import shared_encoder
from assistant.nlu.component import PipelineComponent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(PipelineComponent, DenseFeaturizer):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # where training vectors are kept between runs (relative to the project root)
            "cache_path": str(DEFAULT_FILE.relative_to(ROOT)),
            # folder with the verified encoder files (relative to the project root)
            "encoder_dir": str(ENCODER_DIR.relative_to(ROOT)),
        }

    @classmethod
    def check_settings(cls, config: Dict[Text, Any]) -> None:
        for key in ("cache_path", "encoder_dir"):
            if not isinstance(config.get(key), str) or not config[key]:
                raise ValueError(f"SentenceEncoderFeaturizer: '{key}' must be a path, got {config.get(key)!r}")

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(name, config)
        self._encoder_dir = self._path(config["encoder_dir"])
        self._cache_path = self._path(config["cache_path"])
        self._encoder = None

    @staticmethod
    def _path(value: str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else ROOT / path

    @property
    def encoder(self):
        if self._encoder is None:  # loaded on first use: building the graph needs no TensorFlow
            self._encoder = shared_encoder(str(self._encoder_dir))
        return self._encoder

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        examples = [m for m in training_data.training_examples if m.get(TEXT)]
        if examples:
            cache = EmbeddingCache(self._cache_path)
            vectors = cache.encode(self.encoder, [m.get(TEXT) for m in examples])
            for message, vector in zip(examples, vectors):
                self._add(message, vector)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        # every message gets a vector, a blank one included (the encoder reads it as "."), so the
        # classifiers always see the same feature layout
        if messages:
            vectors = self.encoder.encode([m.get(TEXT) or "" for m in messages])
            for message, vector in zip(messages, vectors):
                self._add(message, vector)
        return messages

    def _add(self, message: Message, vector: np.ndarray) -> None:
        self.add_features_to_message(None, np.asarray(vector, dtype=np.float32)[None, :], TEXT, message)
