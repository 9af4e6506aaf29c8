"""NLU pipeline component: run the safety check on every message.

Runs after SpacyNLP (whose pipeline's EntityRuler marks lexicon terms) and adds `safety` to the
parse result: {"level": "emergency"|"urgent"|"caution"|None, "about": "self"|"other"|None,
"findings": [{id, level, note, text, detector, about, evidence}, ...]}. The level comes from the
lexicon and the semantic detector (assistant/safety/combine.py), so no intent prediction can
hide it; SafetyPolicy turns it into a referral action. The message's sentence embedding is kept
on the message (SENTENCE_EMBEDDING) for the components after it.
"""

from typing import Any, Dict, List, Text, Type

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.component import PipelineComponent
from assistant.safety import combine

SAFETY = "safety"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP")
class SafetyTriage(PipelineComponent):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource) -> None:
        self._config = config

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        check = combine.for_nlp(model.model)
        for message in messages:
            text = message.get(TEXT) or ""
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is None and text:
                doc = model.model(text.lower())
            message.set(SAFETY, check(text, doc).as_dict(), add_to_output=True)
        return messages
