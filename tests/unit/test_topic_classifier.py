"""TopicClassifier: one classifier for intents and FAQ sub-topics, with Rasa's intent and response-selector outputs."""

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix

from assistant.nlu.topic_classifier import TopicClassifier

WORDS = ["hello", "price", "cost", "hurt", "pain", "needle"]


def featurized(text, **data):
    message = Message({TEXT: text, **data})
    counts = csr_matrix([[text.count(w) for w in WORDS]])
    message.add_features(Features(counts, FEATURE_TYPE_SENTENCE, TEXT, "words"))
    dense = np.array([[float("price" in text or "cost" in text), float("hurt" in text), float("hello" in text)]])
    message.add_features(Features(dense, FEATURE_TYPE_SENTENCE, TEXT, "encoder"))
    return message


def training_data():
    rows = [
        ("hello", "greet", None),
        ("hello there", "greet", None),
        ("price please", "faq", "faq/cost_insurance"),
        ("what cost", "faq", "faq/cost_insurance"),
        ("does it hurt", "faq", "faq/does_it_hurt"),
        ("needle hurt pain", "faq", "faq/does_it_hurt"),
    ]
    examples = []
    for text, intent, key in rows:
        extra = {"intent": intent, **({"intent_response_key": key} if key else {})}
        examples.append(featurized(text, **extra))
    return TrainingData(
        examples,
        responses={
            "utter_faq/cost_insurance": [{"text": "Prices vary."}],
            "utter_faq/does_it_hurt": [{"text": "A tingle."}],
        },
    )


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def trained(storage):
    context = ExecutionContext(GraphSchema({}), "topics")
    component = TopicClassifier.create(TopicClassifier.get_default_config(), storage, Resource("topics"), context)
    component.train(training_data())
    return component, context


def test_faq_sub_topic_and_intent_come_out_in_rasas_shapes(storage):
    component, _ = trained(storage)
    message = featurized("how much does it cost, the price")
    component.process([message])
    assert message.get("intent")["name"] == "faq"
    faq_confidence = next(r["confidence"] for r in message.get("intent_ranking") if r["name"] == "faq")
    assert message.get("intent")["confidence"] == pytest.approx(faq_confidence)
    selector = message.get("response_selector")
    assert selector["all_retrieval_intents"] == ["faq"]
    response = selector["faq"]["response"]
    assert response["intent_response_key"] == "faq/cost_insurance"
    assert response["utter_action"] == "utter_faq/cost_insurance"
    assert response["responses"] == [{"text": "Prices vary."}]
    assert sum(r["confidence"] for r in selector["faq"]["ranking"]) == pytest.approx(1.0)


def test_plain_intent(storage):
    component, _ = trained(storage)
    message = featurized("hello")
    component.process([message])
    assert message.get("intent")["name"] == "greet"


def test_a_trained_model_loads_and_predicts_the_same(storage):
    component, context = trained(storage)
    loaded = TopicClassifier.load(TopicClassifier.get_default_config(), storage, Resource("topics"), context)
    first, second = featurized("does the needle hurt"), featurized("does the needle hurt")
    component.process([first])
    loaded.process([second])
    assert second.get("response_selector") == first.get("response_selector")


def test_without_a_trained_model_messages_pass_through(storage):
    context = ExecutionContext(GraphSchema({}), "topics")
    loaded = TopicClassifier.load(TopicClassifier.get_default_config(), storage, Resource("missing"), context)
    message = featurized("hello")
    assert loaded.process([message]) == [message] and message.get("intent") is None


def test_bad_settings_are_clear_errors():
    with pytest.raises(ValueError, match="dense_weight"):
        TopicClassifier.validate_config({**TopicClassifier.get_default_config(), "dense_weight": 0})
    with pytest.raises(ValueError, match="unknown"):
        TopicClassifier.validate_config({**TopicClassifier.get_default_config(), "epochs": 5})


def test_loading_skops_leaves_the_log_level_alone():
    import logging

    from assistant.nlu.topic_classifier import _skops

    root = logging.getLogger()
    before = root.level
    root.setLevel(logging.INFO)
    try:
        _skops()
        assert root.level == logging.INFO  # skops sets WARNING on import, hiding Rasa's start-up lines
    finally:
        root.setLevel(before)
