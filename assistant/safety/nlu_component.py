"""NLU pipeline component: run the safety triage on every message.

Runs after SpacyNLP (whose pipeline's EntityRuler marks lexicon terms) and adds
`safety` to the parse result: {"level": "emergency"|"urgent"|"caution"|None,
"findings": [{id, level, note, text}, ...]}. The level is decided by the
lexicon and its rules alone, so no intent prediction can hide it;
SafetyPolicy turns it into a referral action.
"""
from typing import Any, Dict, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.safety import lexicon_detector as triage
from assistant.safety.findings import SafetyResult

SAFETY = "safety"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP"
)
class SafetyTriage(GraphComponent):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config
        self._engines: Dict[int, triage.LexiconDetector] = {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config)

    def _engine(self, nlp) -> triage.LexiconDetector:
        # built once per loaded spaCy pipeline (the lexicon is compiled into it)
        key = id(nlp)
        if key not in self._engines:
            self._engines[key] = triage.load(nlp)
        return self._engines[key]

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        engine = self._engine(model.model)
        for message in messages:
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is None and message.get(TEXT):
                doc = model.model(message.get(TEXT).lower())
            result = engine(doc) if doc is not None else SafetyResult()
            message.set(SAFETY, result.as_dict(), add_to_output=True)
        return messages
