"""NLU pipeline component: one classifier for the intent and the FAQ sub-topic, on the pipeline's features.

It replaces DIETClassifier + ResponseSelector (docs/nlu-experiments.md): a multinomial logistic
regression over the message's sentence features, the encoder's embedding (SentenceEncoderFeaturizer)
beside the sparse word and character counts (CountVectorsFeaturizer), predicting one flat label per
topic (`greet`, ..., `faq/cost_insurance`, ...). On the blind set it scored 0.94 where DIET and the
ResponseSelector on the same features scored 0.88, and it trains in seconds instead of minutes.

Its output has the shapes Rasa's own components give, so the rest of Rasa works unchanged:
- `intent` and `intent_ranking`, with all FAQ sub-topics summed into `faq` (the FallbackClassifier,
  rules and policies read these);
- `response_selector` for the retrieval intent, as the ResponseSelector writes it (the `utter_faq`
  action, the evaluation and the staff tools read the chosen `intent_response_key` there).
"""

import json
import logging
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Type

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from assistant.nlu.component import TrainedComponent

# Rasa warns at every training that the FAQ examples have no ResponseSelector. This component does
# that job (it writes the response selector's output itself), so the warning only misleads. Rasa resets
# the warning filters at start (PYTHONWARNINGS cannot reach it); this runs when config.yml loads us.
warnings.filterwarnings(
    "ignore",
    message="You have defined training data with examples for training a response selector",
    category=UserWarning,
)

logger = logging.getLogger(__name__)
MODEL_FILE = "topic_classifier.skops"
META_FILE = "topic_classifier.json"


def _skops():
    """skops.io, imported without its side effect: importing it sets the root logger to WARNING,
    which silenced Rasa's own INFO lines ("Rasa server is up and running") in the server log."""
    root = logging.getLogger()
    level = root.level
    import skops.io as sio

    root.setLevel(level)
    return sio


def label_of(message: Message) -> Optional[str]:
    """The flat label: `faq/<topic>` for a retrieval intent's example, else the intent."""
    return message.get(INTENT_RESPONSE_KEY) or message.get(INTENT)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TopicClassifier(TrainedComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [Featurizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # inverse regularisation strength (measured: 4 best of 1, 4, 16 on the blind set)
            "C": 4.0,
            # the dense block's weight against the L2-normalised sparse block (measured: 2 over 1)
            "dense_weight": 2.0,
            "max_iter": 3000,
            "random_state": 42,
            "ranking_length": 10,
        }

    @classmethod
    def check_settings(cls, config: Dict[Text, Any]) -> None:
        for key in ("C", "dense_weight"):
            if not isinstance(config.get(key), (int, float)) or config[key] <= 0:
                raise ValueError(f"TopicClassifier: '{key}' must be a positive number, got {config.get(key)!r}")

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self.validate_config(self.config)
        self._model_storage = model_storage
        self._resource = resource
        self.clf: Optional[LogisticRegression] = None
        self.retrieval_intents: List[str] = []
        self.responses: Dict[str, List[Dict[str, Any]]] = {}

    def _features(self, messages: List[Message]) -> csr_matrix:
        """Each featurizer's sentence features as one block: counts damped (log 1 + n) and L2-normalised
        per featurizer, so words and character n-grams weigh alike; the dense block scaled by dense_weight."""
        rows = []
        for message in messages:
            blocks = []
            for features in sorted(message.features, key=lambda f: str(f.origin)):
                if features.attribute != TEXT or features.type != FEATURE_TYPE_SENTENCE:
                    continue
                if features.is_sparse():
                    counts = csr_matrix(features.features, dtype=np.float64)
                    counts.data = np.log1p(counts.data)
                    blocks.append(normalize(counts))
                else:
                    blocks.append(
                        csr_matrix(np.asarray(features.features, dtype=np.float64) * self.config["dense_weight"])
                    )
            rows.append(hstack(blocks) if blocks else csr_matrix((1, 0)))
        return vstack(rows).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and label_of(m)]
        if not examples:
            logger.debug("TopicClassifier: no training examples")
            return self._resource
        self.clf = LogisticRegression(
            C=self.config["C"], max_iter=self.config["max_iter"], random_state=self.config["random_state"]
        )
        self.clf.fit(self._features(examples), [label_of(m) for m in examples])
        self.retrieval_intents = sorted(training_data.retrieval_intents)
        self.responses = {
            key: value
            for key, value in training_data.responses.items()
            if any(key == f"utter_{i}" or key.startswith(f"utter_{i}/") for i in self.retrieval_intents)
        }
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self.clf is None or not messages:
            return messages
        probabilities = self.clf.predict_proba(self._features(messages))
        for message, row in zip(messages, probabilities):
            self._set_outputs(message, dict(zip(self.clf.classes_.tolist(), row.tolist())))
        return messages

    def _set_outputs(self, message: Message, scores: Dict[str, float]) -> None:
        by_intent: Dict[str, float] = defaultdict(float)
        by_retrieval: Dict[str, Dict[str, float]] = defaultdict(dict)
        for label, score in scores.items():
            intent = label.split("/", 1)[0]
            by_intent[intent] += score
            if "/" in label:
                by_retrieval[intent][label] = score
        ranking = sorted(({"name": k, "confidence": v} for k, v in by_intent.items()), key=lambda r: -r["confidence"])
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set("intent_ranking", ranking[: self.config["ranking_length"]], add_to_output=True)
        selector: Dict[str, Any] = {"all_retrieval_intents": self.retrieval_intents}
        for intent, labels in by_retrieval.items():
            total = sum(labels.values()) or 1.0
            ordered = sorted(labels.items(), key=lambda item: -item[1])
            best, best_score = ordered[0]
            selector[intent] = {
                "response": {
                    "responses": self.responses.get(f"utter_{best}", []),
                    "confidence": best_score / total,
                    "intent_response_key": best,
                    "utter_action": f"utter_{best}",
                },
                "ranking": [
                    {"confidence": score / total, "intent_response_key": label}
                    for label, score in ordered[: self.config["ranking_length"]]
                ],
            }
        message.set("response_selector", selector, add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def persist(self) -> None:
        sio = _skops()

        with self._model_storage.write_to(self._resource) as folder:
            sio.dump(self.clf, folder / MODEL_FILE)
            (folder / META_FILE).write_text(
                json.dumps({"retrieval_intents": self.retrieval_intents, "responses": self.responses}), encoding="utf-8"
            )

    def restore(self, folder: Path) -> None:
        sio = _skops()
        path = folder / MODEL_FILE
        untrusted = sio.get_untrusted_types(file=path)
        # a logistic regression holds only numpy arrays: anything else is not ours
        if any(not t.startswith(("numpy.", "sklearn.")) for t in untrusted):
            raise ValueError(f"unexpected types in {path}: {untrusted}")
        self.clf = sio.load(path, trusted=untrusted)
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        self.retrieval_intents = meta["retrieval_intents"]
        self.responses = meta["responses"]

    def not_restored(self, error: Exception) -> None:
        logger.warning(f"TopicClassifier: no trained model to load ({error}); messages get no intent")
