"""The pipeline components' shared GraphComponent boilerplate (assistant/nlu/component.py)."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource

from assistant.encoder.featurizer import SentenceEncoderFeaturizer
from assistant.language_guard import LanguageGuard
from assistant.nlu.ngram_featurizer import SentenceNgramFeaturizer
from assistant.nlu.topic_classifier import TopicClassifier
from assistant.safety.nlu_component import SafetyTriage
from unit_helpers import create

COMPONENTS = [SentenceEncoderFeaturizer, LanguageGuard, SentenceNgramFeaturizer, TopicClassifier, SafetyTriage]


@pytest.mark.parametrize("component", COMPONENTS, ids=lambda c: c.__name__)
def test_create_builds_each_component_from_the_graph(component, tmp_path):
    assert isinstance(create(component, tmp_path), component)


@pytest.mark.parametrize("component", COMPONENTS, ids=lambda c: c.__name__)
def test_unknown_settings_are_refused_by_name(component):
    component.validate_config({**component.get_default_config(), "name": component.__name__})
    expected = "takes no settings" if not component.get_default_config() else "unknown settings"
    with pytest.raises(ValueError, match=f"{component.__name__}.*{expected}.*'epochs'"):
        component.validate_config({**component.get_default_config(), "epochs": 3})


def test_an_untrained_component_loads_as_created(tmp_path):
    loaded = SentenceNgramFeaturizer.load(
        SentenceNgramFeaturizer.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("never_trained"),
        ExecutionContext(GraphSchema({}), "ngrams"),
    )
    assert loaded.vectorizers == {}
