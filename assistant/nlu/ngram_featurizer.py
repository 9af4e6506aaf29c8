"""NLU pipeline component: word and character n-gram counts of the whole message, as sentence features.

Rasa's CountVectorsFeaturizer builds a sparse matrix per token as well as per message. The
TopicClassifier reads sentence features only, and those per-token matrices made most of NLU
training time: building them, and fingerprinting them after every pipeline step (Rasa hashes each
step's output for its cache), about 100 s of a 3-minute training on 2 cores. This one gives the
same two kinds of counts, per message only:
- words: the tokenizer's lemmas (SpacyTokenizer sets them), unigrams and bigrams;
- chars: character n-grams inside words (robust to typos: "acupunture", "sesions").
Each is its own feature block (origin `<name>_words`, `<name>_chars`), so the classifier can weigh
them alike. Terms seen in fewer than `min_df` training examples are dropped.
"""

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Type

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import CountVectorizer

from assistant.nlu.component import TrainedComponent

VOCABULARY_FILE = "vocabularies.json"


def words_of(message: Message) -> str:
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    if tokens:
        return " ".join((t.lemma or t.text).lower() for t in tokens)
    return (message.get(TEXT) or "").lower()


def chars_of(message: Message) -> str:
    return (message.get(TEXT) or "").lower()


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceNgramFeaturizer(TrainedComponent, SparseFeaturizer):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **SparseFeaturizer.get_default_config(),
            "word_ngrams": [1, 2],
            "char_ngrams": [2, 5],
            # terms seen in fewer examples are dropped: a smaller model, same held-out score
            "min_df": 2,
        }

    @classmethod
    def check_settings(cls, config: Dict[Text, Any]) -> None:
        for key in ("word_ngrams", "char_ngrams"):
            value = config.get(key)
            if not (
                isinstance(value, list)
                and len(value) == 2
                and all(isinstance(v, int) for v in value)
                and 1 <= value[0] <= value[1]
            ):
                raise ValueError(
                    f"SentenceNgramFeaturizer: '{key}' must be [min, max] with 1 <= min <= max, got {value!r}"
                )
        if not isinstance(config.get("min_df"), int) or config["min_df"] < 1:
            raise ValueError(
                f"SentenceNgramFeaturizer: 'min_df' must be a whole number from 1, got {config.get('min_df')!r}"
            )

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(name, {**self.get_default_config(), **config})
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizers: Dict[str, CountVectorizer] = {}

    def _vectorizer(self, kind: str, vocabulary: Optional[Dict[str, int]] = None) -> CountVectorizer:
        if kind == "words":
            low, high = self._config["word_ngrams"]
            settings = {"analyzer": "word", "token_pattern": r"(?u)\b\w+\b"}
        else:
            low, high = self._config["char_ngrams"]
            settings = {"analyzer": "char_wb"}
        return CountVectorizer(
            ngram_range=(low, high),
            min_df=1 if vocabulary else self._config["min_df"],
            vocabulary=vocabulary,
            lowercase=False,
            **settings,
        )

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.training_examples if m.get(TEXT)]
        self.vectorizers = {}
        for kind, text_of in (("words", words_of), ("chars", chars_of)):
            vectorizer = self._vectorizer(kind)
            try:
                vectorizer.fit([text_of(m) for m in examples])
            except ValueError:  # no term reaches min_df (tiny data): no features of this kind
                continue
            self.vectorizers[kind] = vectorizer
        with self._model_storage.write_to(self._resource) as folder:
            vocabularies = {k: {t: int(i) for t, i in v.vocabulary_.items()} for k, v in self.vectorizers.items()}
            (folder / VOCABULARY_FILE).write_text(json.dumps(vocabularies), encoding="utf-8")
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        texts = {"words": [words_of(m) for m in messages], "chars": [chars_of(m) for m in messages]}
        for kind, vectorizer in self.vectorizers.items():
            counts = vectorizer.transform(texts[kind]).tocsr()
            for row, message in enumerate(messages):
                if message.get(TEXT):
                    message.add_features(
                        Features(counts[row], FEATURE_TYPE_SENTENCE, TEXT, f"{self._identifier}_{kind}")
                    )
        return messages

    def restore(self, folder: Path) -> None:
        vocabularies = json.loads((folder / VOCABULARY_FILE).read_text(encoding="utf-8"))
        if vocabularies:
            self.vectorizers = {kind: self._vectorizer(kind, vocabulary) for kind, vocabulary in vocabularies.items()}
